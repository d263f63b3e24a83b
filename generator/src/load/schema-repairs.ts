import { pointerToken } from '../errors.js';
import { isDataKey, isObject, type Json, type JsonObject, NAME_MAPS, referencesIn } from './refs.js';
import { specWarning } from './warnings.js';

/**
 * Schemas that the JSON Schema 2020-12 meta-schema refuses, but whose author's meaning is plain,
 * read as that meaning (issue 19 item 2: "accepts what openapi-typescript accepts"). ajv checks a
 * schema against the meta-schema before it compiles it, so one such keyword used to refuse the
 * whole spec; Prism (the mock) reads the same document. Each repair is made in the loaded
 * document (so the types, the validators, the mock and the contract suite read one schema) and
 * said once, as a SLBKIT_SPEC warning at the keyword's pointer with the fix; never silently.
 *
 * - `required: true` (or false) on a schema: Swagger 2.0's parameter flag written on a property.
 *   2020-12 section 6.5.3: `required` is a list of names. Removed: the property is required
 *   exactly when its parent's `required` list names it, as openapi-typescript types it.
 * - a `required` list naming a property twice (6.5.3: its elements "MUST be unique"): the second
 *   mention says nothing more; removed.
 * - `exclusiveMinimum: true` / `exclusiveMaximum: true` beside `minimum` / `maximum` in a 3.1
 *   document: the OpenAPI 3.0 (draft-05) form, read as 3.0 reads it (`exclusiveMinimum: m`,
 *   load/upgrade-3-0.ts); `false`, or `true` with no bound, constrains nothing and is removed.
 * - `$recursiveAnchor` / `$recursiveRef` (JSON Schema 2019-09 section 8.2.4.2; replaced in
 *   2020-12 by `$dynamicAnchor` / `$dynamicRef`, which ajv supports only at a resource's root).
 *   `$recursiveRef: "#"` inside a schema marked `$recursiveAnchor: true` means that schema, as
 *   long as no other marked schema extends it (2019-09: the outermost marked schema in the
 *   dynamic scope wins): read as a plain `$ref` to it, which is what the 2020-12 dynamic form
 *   resolves to when nothing extends it. Where a marked schema is reached through another marked
 *   schema, or the reference has no marked schema around it, the target cannot be read without
 *   the dynamic scope: the keyword is removed (the branch accepts any value, as openapi-typescript
 *   types it: `unknown`).
 *
 * - `nullable` in a 3.1 document (OpenAPI 3.0's keyword; ajv reads it as 3.0 does beside a `type`
 *   and refuses it without one): beside a `type`, "null" is added to the type (the 3.0 upgrade's
 *   rule) and to an `enum` beside it; beside a `oneOf`/`anyOf` alone, a `{type: "null"}` branch is added; beside a `$ref` or
 *   an `allOf`, the schema becomes `anyOf: [<what it validated>, {type: "null"}]`. So null is
 *   accepted wherever openapi-typescript types `| null`. `nullable: false` is removed.
 *
 * Pointers are the document's: no node moves (a `$recursiveRef` becomes a `$ref` in place), except
 * under a `nullable` `$ref`/`allOf`, which moves to `anyOf/0`.
 */
export function repairSchemas(document: unknown): void {
  if (!isObject(document)) return;
  // One walk (GitHub's 13 MB spec: about half a second); the rare 2019-09 keywords are read after it, when every marked schema is known.
  const recursive: [JsonObject, string, SchemaContext][] = [];
  eachSchema(document, (node, at, context) => {
    repairRequired(node, at, context);
    // A 3.0 document was upgraded (load/upgrade-3-0.ts): these 3.0 forms are left only in documents that say 3.1.
    if (/^3\.1\./.test(String(document.openapi))) {
      repairExclusive(node, at);
      repairNullable(node, at);
    }
    if ('$recursiveRef' in node || '$recursiveAnchor' in node) recursive.push([node, at, context]);
  });
  const anchored = anchoredSchemas(recursive);
  for (const [node, at, context] of recursive) repairRecursive(node, at, context, anchored);
}

interface SchemaContext {
  /** The pointer of the schema this one is written in (a component, or an inline `schema`). */
  root: string;
  /** When the schema is a property: its name and its parent's `required` list. */
  property?: { name: string; parentRequired: Json | undefined };
}

function repairRequired(node: JsonObject, at: string, { property }: SchemaContext): void {
  const required = node.required;
  if (typeof required === 'boolean') {
    delete node.required;
    const listed = property && Array.isArray(property.parentRequired) && property.parentRequired.includes(property.name);
    const name = property ? JSON.stringify(property.name) : undefined;
    specWarning(
      `${at}/required`,
      `"required: ${required}" on a schema is not JSON Schema (required is a list of property names); removed: ${
        listed
          ? `the parent's required list already names ${name}`
          : name
            ? `${name} is optional, as its parent's required list says`
            : 'it constrains nothing'
      }`,
      name && !listed ? `remove it, and list ${name} in the parent schema's required to make it required` : 'remove it',
    );
  } else if (Array.isArray(required)) {
    const seen = new Set<Json>();
    const twice = required.filter((name) => seen.has(name) || !seen.add(name));
    if (twice.length === 0) return;
    node.required = [...seen];
    specWarning(
      `${at}/required`,
      `the required list names ${[...new Set(twice)].map((name) => JSON.stringify(name)).join(', ')} twice (its names must be unique); read once`,
      'remove the repeated names',
    );
  }
}

function repairExclusive(node: JsonObject, at: string): void {
  for (const [keyword, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const value = node[keyword];
    if (typeof value !== 'boolean') continue;
    const limit = node[bound];
    if (value && typeof limit === 'number') {
      node[keyword] = limit;
      delete node[bound];
      specWarning(
        `${at}/${keyword}`,
        `"${keyword}: true" beside "${bound}: ${limit}" is OpenAPI 3.0's form; read as 3.0 reads it, "${keyword}: ${limit}" (the bound itself is refused)`,
        `write "${keyword}: ${limit}" in place of both (OpenAPI 3.1 schemas are JSON Schema 2020-12)`,
      );
    } else {
      delete node[keyword];
      specWarning(
        `${at}/${keyword}`,
        `"${keyword}: ${value}" (OpenAPI 3.0's form) ${value ? `has no "${bound}" beside it` : 'is the default'}: it constrains nothing; removed`,
        `remove it, or write "${keyword}: <number>" (OpenAPI 3.1 schemas are JSON Schema 2020-12)`,
      );
    }
  }
}

/** Keywords that refuse null when the schema has them beside a `oneOf`/`anyOf` (2020-12: every keyword of a schema applies). */
const REFUSE_NULL = ['type', '$ref', 'allOf', 'not', 'enum', 'const', 'discriminator'];

function repairNullable(node: JsonObject, at: string): void {
  const value = node.nullable;
  if (value === undefined) return;
  delete node.nullable;
  const type = node.type;
  let reading: string;
  if (value !== true) reading = 'removed (a schema accepts null unless it says otherwise)';
  else if (typeof type === 'string' || (Array.isArray(type) && type.every((t) => typeof t === 'string'))) {
    // As the 3.0 upgrade reads it (OpenAPI 3.0.4 section 4.7.24.2). An `enum` beside it gets null too:
    // 3.1 does not define `nullable`, and openapi-typescript types the enum `... | null`.
    const types = typeof type === 'string' ? [type] : (type as string[]);
    if (!types.includes('null')) node.type = [...types, 'null'];
    const listed = Array.isArray(node.enum) && !node.enum.includes(null);
    if (listed) (node.enum as Json[]).push(null);
    reading = `read as type ${JSON.stringify(node.type)}${listed ? ' with null in its enum' : ''}`;
  } else if (type !== undefined) reading = 'removed (its type is not a list of names)';
  else if (!REFUSE_NULL.some((keyword) => keyword in node) && (Array.isArray(node.oneOf) || Array.isArray(node.anyOf))) {
    // openapi-typescript types it `... | null`: a branch that is null, after the others (their pointers stay).
    (Array.isArray(node.oneOf) ? node.oneOf : (node.anyOf as Json[])).push({ type: 'null' });
    reading = `read as one more ${Array.isArray(node.oneOf) ? 'oneOf' : 'anyOf'} branch, {type: "null"}`;
  } else if (REFUSE_NULL.some((keyword) => keyword in node)) {
    // A $ref (or an allOf) beside it: what it validates becomes the first branch of an anyOf whose second is null.
    const moved = Object.keys(node).filter((key) => !ANNOTATIONS.has(key) && !key.startsWith('x-'));
    const first: JsonObject = {};
    for (const key of moved) {
      first[key] = node[key]!;
      delete node[key];
    }
    node.anyOf = [first, { type: 'null' }];
    reading = `read as anyOf [{${moved.join(', ')}}, {type: "null"}]`;
  } else reading = 'removed (the schema names no type: it accepts null already)';
  specWarning(
    `${at}/nullable`,
    `"nullable: ${JSON.stringify(value)}" is OpenAPI 3.0's keyword, not 3.1's; ${reading}, as openapi-typescript types it`,
    value === true ? 'add "null" to the type, or a {type: "null"} branch (OpenAPI 3.1 schemas are JSON Schema 2020-12)' : 'remove it',
  );
}

/** Keywords that validate nothing (2020-12 section 9, OpenAPI's annotations): they stay on the schema when what it validates moves into a branch. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
  '$comment',
]);

function repairRecursive(node: JsonObject, at: string, { root }: SchemaContext, anchored: Map<string, boolean>): void {
  if ('$recursiveRef' in node) {
    const value = node.$recursiveRef;
    delete node.$recursiveRef;
    // "#" is the schema resource's root; a component (or an inline `schema`) is read as one, as its author meant.
    const target = anchored.has(root) ? root : undefined;
    const readable = value === '#' && target !== undefined && anchored.get(target) === true && node.$ref === undefined;
    if (readable) {
      node.$ref = target;
      specWarning(
        `${at}/$recursiveRef`,
        `$recursiveRef "#" (JSON Schema 2019-09, not in OpenAPI 3.1) read as $ref "${target}", the schema marked $recursiveAnchor it is written in`,
        `write $ref: "${target}"`,
      );
    } else {
      specWarning(
        `${at}/$recursiveRef`,
        `$recursiveRef ${JSON.stringify(value)} (JSON Schema 2019-09, not in OpenAPI 3.1) has no single target without its dynamic scope${
          target ? ` (another schema marked $recursiveAnchor references ${target})` : ''
        }; removed: this schema accepts any value`,
        'write a $ref to the schema meant',
      );
    }
  }
  if ('$recursiveAnchor' in node) {
    const value = node.$recursiveAnchor;
    delete node.$recursiveAnchor;
    specWarning(
      `${at}/$recursiveAnchor`,
      `$recursiveAnchor ${JSON.stringify(value)} (JSON Schema 2019-09, not in OpenAPI 3.1) removed${
        anchored.get(at) ? '; a $recursiveRef "#" in this schema is read as a $ref to it' : ''
      }`,
      'remove it, and write a $ref to the schema meant where $recursiveRef is used',
    );
  }
}

/**
 * The schemas marked `$recursiveAnchor: true`, each with whether a static reading is sound: false
 * when another marked schema references it (2019-09 would then resolve its `$recursiveRef` to the
 * outer one, which a plain `$ref` cannot say).
 */
function anchoredSchemas(found: [JsonObject, string, SchemaContext][]): Map<string, boolean> {
  const marked = found.filter(([node]) => node.$recursiveAnchor === true);
  const sound = new Map(marked.map(([, at]) => [at, true]));
  for (const [node, at] of marked) for (const { ref } of referencesIn(node, at)) if (ref !== at && sound.has(ref)) sound.set(ref, false);
  return sound;
}

/** Keywords whose value is a schema, a list of schemas or a map of them (JSON Schema 2020-12 sections 10 and 11, draft-04's tuple `items`). */
const SUBSCHEMA = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'contentSchema',
];
const SUBSCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const SUBSCHEMA_MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/**
 * Every Schema Object of the document, outer before inner, with its pointer: `schema` keys and
 * `components.schemas` entries outside schemas (as load/upgrade-3-0.ts finds them), then their
 * subschemas. Data (examples, defaults, `x-` extensions) is never walked.
 */
function eachSchema(document: JsonObject, visit: (node: JsonObject, at: string, context: SchemaContext) => void): void {
  const schema = (node: Json, at: string, context: SchemaContext): void => {
    if (!isObject(node)) return;
    visit(node, at, context);
    const inner = { root: context.root };
    for (const [key, value] of Object.entries(node)) {
      const keyAt = `${at}/${pointerToken(key)}`;
      if (SUBSCHEMA_LIST.includes(key) && Array.isArray(value)) value.forEach((child, i) => schema(child, `${keyAt}/${i}`, inner));
      else if (SUBSCHEMA.includes(key)) schema(value, keyAt, inner);
      else if (SUBSCHEMA_MAP.includes(key) && isObject(value))
        for (const [name, child] of Object.entries(value))
          schema(child, `${keyAt}/${pointerToken(name)}`, {
            ...inner,
            property: key === 'properties' ? { name, parentRequired: node.required } : undefined,
          });
    }
  };
  const structure = (node: Json, at: string, names: boolean): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => structure(child, `${at}/${i}`, false));
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const keyAt = `${at}/${pointerToken(key)}`;
      if (names) structure(value, keyAt, false);
      else if (isDataKey(key, value)) continue;
      else if (key === 'schema') schema(value, keyAt, { root: keyAt });
      else if (key === 'schemas' && isObject(value))
        for (const [name, child] of Object.entries(value))
          schema(child, `${keyAt}/${pointerToken(name)}`, { root: `${keyAt}/${pointerToken(name)}` });
      else structure(value, keyAt, NAME_MAPS.has(key) && isObject(value));
    }
  };
  structure(document, '#', false);
}
