import { pointer, SpecError } from '../errors.js';
import { isDataKey, isObject, type Json, type JsonObject, NAME_MAPS } from './refs.js';

/** The OpenAPI version an upgraded document declares. */
export const UPGRADED_VERSION = '3.1.0';

/**
 * The one step that reads OpenAPI 3.0: a 3.0.0-3.0.4 document becomes the 3.1 document it means,
 * before any other step sees it, so the model, the validators, the mock and openapi-typescript
 * read 3.1 only. Swagger 2.0 is refused. Any other document is returned as it is (the structural
 * checks report a wrong version).
 *
 * The differences are all in the Schema Object (learn.openapis.org, "Upgrading from OpenAPI 3.0
 * to 3.1"); each rule is applied to every Schema Object and nowhere else:
 * - `nullable: true` beside a `type` adds "null" to the type (`type: [string, "null"]`). OpenAPI
 *   3.0.4 section 4.7.24.2: it "only takes effect if type is explicitly defined within the same
 *   Schema Object", and "other Schema Object constraints retain their defined behavior" (an
 *   `enum` without null still refuses null). `nullable` without a `type`, and `nullable: false`,
 *   are removed.
 * - `exclusiveMinimum: true` with `minimum: m` becomes `exclusiveMinimum: m` (and the same for
 *   the maximum); `exclusiveMinimum: false` is removed.
 * - `example: v` becomes `examples: [v]` (kept as it is when `examples` is already there).
 * - a `$ref` keeps no siblings: OpenAPI 3.0 section 4.7.26 says they "SHALL be ignored", and
 *   3.1 would apply them.
 * - `openapi` becomes "3.1.0".
 * `format` is left as written (`byte`, `binary`: still in the OpenAPI format registry), and so is
 * everything outside Schema Objects, which 3.1 reads the same way.
 *
 * No node moves: a JSON pointer into the upgraded document is a pointer into the original (only
 * a schema's `example` is now at `examples/0`). Pure: the input is not changed.
 */
export function upgradeToOpenApi31(document: unknown): unknown {
  if (!isObject(document)) return document;
  if (document.swagger !== undefined) {
    throw new SpecError(
      `Swagger ${JSON.stringify(document.swagger)} (OpenAPI 2.0) is not supported`,
      pointer('swagger'),
      'convert it to OpenAPI 3 first, e.g. `npx swagger2openapi spec.yaml -o spec-3.yaml`; the generator reads OpenAPI 3.0 and 3.1',
    );
  }
  if (typeof document.openapi !== 'string' || !/^3\.0\.[0-4]$/.test(document.openapi)) return document;
  const upgraded = structure(document) as JsonObject;
  upgraded.openapi = UPGRADED_VERSION;
  return upgraded;
}

/**
 * A node outside any schema: its `schema` keys and `components.schemas` entries are schemas.
 * Name maps (NAME_MAPS: paths, responses, content, ...) hold named objects, so a parameter or
 * media type called "schema" is not taken for the keyword.
 */
function structure(node: Json, names = false): Json {
  if (Array.isArray(node)) return node.map((child) => structure(child));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (names) out[key] = structure(value);
    else if (isDataKey(key, value)) out[key] = copy(value);
    else if (key === 'schema') out[key] = schema(value);
    else if (key === 'schemas' && isObject(value)) out[key] = mapValues(value, schema);
    else out[key] = structure(value, NAME_MAPS.has(key) && isObject(value));
  }
  return out;
}

/** Keywords of an OpenAPI 3.0 Schema Object whose value is a schema, a list or a map of them (3.0.3 section 4.7.24.1). */
const SUBSCHEMA = ['items', 'not', 'additionalProperties'];
const SUBSCHEMA_LIST = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_MAP = ['properties'];

function schema(node: Json): Json {
  if (!isObject(node)) return copy(node);
  if (typeof node.$ref === 'string') return { $ref: node.$ref };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (SUBSCHEMA.includes(key)) out[key] = schema(value);
    else if (SUBSCHEMA_LIST.includes(key) && Array.isArray(value)) out[key] = value.map(schema);
    else if (SUBSCHEMA_MAP.includes(key) && isObject(value)) out[key] = mapValues(value, schema);
    else if (key === 'nullable') {
      // Read with `type` below.
    } else if (key === 'type' && node.nullable === true && typeof value === 'string') {
      out.type = [value, 'null'];
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      const bound = node[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
      if (typeof value !== 'boolean') out[key] = copy(value);
      else if (value && typeof bound === 'number') out[key] = bound;
    } else if ((key === 'minimum' && node.exclusiveMinimum === true) || (key === 'maximum' && node.exclusiveMaximum === true)) {
      // Now the value of exclusiveMinimum / exclusiveMaximum.
    } else if (key === 'example' && node.examples === undefined) {
      out.examples = [copy(value)];
    } else if (key === 'example') {
      // `examples` is already there; 3.1 reads that one.
    } else {
      out[key] = copy(value);
    }
  }
  return out;
}

function mapValues(map: JsonObject, f: (node: Json) => Json): JsonObject {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, f(value)]));
}

/** A deep copy, so that the upgraded document shares nothing with the original (js-yaml aliases share objects). */
function copy(node: Json): Json {
  if (Array.isArray(node)) return node.map(copy);
  if (!isObject(node)) return node;
  return mapValues(node, copy);
}
