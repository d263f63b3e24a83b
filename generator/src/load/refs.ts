// Over 400 lines: the one walk that tells references from data, and every check built on it (outside refs, loops, refs into data, the expansion budget), kept together so no reader can disagree with another about what a reference is.
import { pointerToken, SpecError } from '../errors.js';

/** A JSON object as it comes out of the YAML parser. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Follow one local `$ref` (OpenAPI 3.1 section 4.8.23, Reference Object: a JSON pointer into
 * the same document). Remote references are not supported: the generator reads one file, and a
 * spec that needs more is bundled first (`redocly bundle`).
 */
export function resolvePointer(document: JsonObject, ref: string, at: string): Json {
  if (!ref.startsWith('#')) {
    throw new SpecError(`$ref "${ref}" points outside this document`, at, 'bundle the spec into one file first, e.g. `redocly bundle`');
  }
  // "#" is the whole document, never a schema or parameter: it used to reach openapi-typescript,
  // which threw "Error parsing $ref: #" with a stack trace.
  if (ref === '#')
    throw new SpecError('$ref "#" points at the whole document', at, 'point at a component, e.g. "#/components/schemas/Name"');
  // A fragment that is not a JSON pointer (`#Pet`, a JSON Schema $anchor) used to fall through
  // the loop below and resolve to the whole document.
  if (!ref.startsWith('#/')) {
    throw new SpecError(`$ref "${ref}" is not a JSON pointer`, at, 'write it as "#/components/..." (anchors are not supported)');
  }
  let node: Json = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    } catch {
      // decodeURIComponent throws a bare URIError on "%" not followed by two hex digits.
      throw new SpecError(`$ref "${ref}" has a malformed %-escape in "${raw}"`, at, 'write "%" as "%25" in a $ref');
    }
    // Own keys only: "constructor" or "toString" must not resolve to Object.prototype's members.
    const next: Json | undefined = Array.isArray(node)
      ? /^(0|[1-9]\d*)$/.test(token)
        ? node[Number(token)]
        : undefined
      : isObject(node) && Object.hasOwn(node, token)
        ? node[token]
        : undefined;
    if (next === undefined) throw new SpecError(`$ref "${ref}" does not resolve (no "${token}")`, at);
    node = next;
  }
  return node;
}

/** The node itself, or what its `$ref` chain points to. Cycles of bare references are errors. */
export function deref(document: JsonObject, node: Json, at: string): Json {
  const chain: string[] = [];
  while (isObject(node) && typeof node.$ref === 'string') {
    if (chain.includes(node.$ref))
      throw new SpecError(
        `$ref cycle: ${[...chain, node.$ref].join(' -> ')}`,
        at,
        'a reference must lead to a schema or object, not back to itself',
      );
    chain.push(node.$ref);
    node = resolvePointer(document, node.$ref, at);
  }
  return node;
}

/**
 * Keys whose children are names chosen by the spec's author (schema properties, component
 * names, example names, ...), not keywords: a property called "value" or "example" is a schema.
 */
export const NAME_MAPS: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'paths',
  'webhooks',
  'callbacks',
  'pathItems',
  'schemas',
  'parameters',
  'responses',
  'requestBodies',
  'headers',
  'examples',
  'links',
  'securitySchemes',
  'content',
  'encoding',
  'variables',
]);

/**
 * Keys whose value is data, never a reference: `example`, an Example Object's `value`, a
 * schema's `examples` list, `default`, `const`, `enum`, and `x-` extensions. A "$ref" key inside
 * them is just data.
 */
export function isDataKey(key: string, value: Json): boolean {
  return (
    ['example', 'value', 'default', 'const', 'enum'].includes(key) || (key === 'examples' && Array.isArray(value)) || key.startsWith('x-')
  );
}

/**
 * A copy of `node` (a schema, or any part of the document) in which each reference's `$ref` is
 * `rewrite(ref)`, told apart from data exactly as `checkAllRefs` does: a `$ref` inside data is
 * copied as it is, and a property named `default`, `enum` or `x-id` is a schema like any
 * other. With `dropExtensions` (a copy for a validator), `x-` extensions in keyword positions are
 * left out (a validator has no use for them) and a schema with `enum: []` is `false`. Data is shared with the input, not copied.
 */
export function rewriteReferences(node: Json, rewrite: (ref: string) => string, { dropExtensions = false } = {}): Json {
  const copy = (value: Json, inNameMap: boolean): Json => {
    if (Array.isArray(value)) return value.map((child) => copy(child, false));
    if (!isObject(value)) return value;
    // `enum: []` (Discord's spec): no value is valid, and ajv refuses the keyword even leniently
    // ("enum must have non-empty array"). For a validator the schema is `false`, which says the
    // same (JSON Schema 2020-12 section 4.3.2); openapi-typescript types it `never` as written.
    if (dropExtensions && !inNameMap && isEmptyEnum(value)) return false;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out[key] = rewrite(child);
      else if (!inNameMap && isDataKey(key, child)) {
        if (!(dropExtensions && key.startsWith('x-'))) out[key] = child;
      } else out[key] = copy(child, !inNameMap && NAME_MAPS.has(key));
    }
    return out;
  };
  return copy(node, false);
}

function isEmptyEnum(schema: JsonObject): boolean {
  return Array.isArray(schema.enum) && schema.enum.length === 0;
}

/** The pointers of the schemas with `enum: []` (load/openapi-document.ts warns at each; rewriteReferences reads them as `false`). */
export function emptyEnums(document: JsonObject): string[] {
  const found: string[] = [];
  walkDocument(document, { data: (parent, key, at) => key === 'enum' && isEmptyEnum(parent) && found.push(at) });
  return found;
}

/** Schema keywords through which a schema is exactly its subschema: a `$ref` back through only these is the schema defined as itself. */
const COMPOSITION = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);

/** What `walkDocument` reports: a reference, or a value that is data (never followed). */
interface DocumentVisitor {
  /** Every mapping that is not data, before its entries. */
  object?(node: JsonObject, at: string): void;
  /** `node` holds `$ref` (a string); `at` is the pointer of node. */
  reference?(node: JsonObject & { $ref: string }, at: string): void;
  /** `parent[key]` is data (example, default, const, enum, x-*, ...). */
  data?(parent: JsonObject, key: string, at: string): void;
  /** `key` is a keyword (not data, not a name chosen by the author); `at` is its pointer. */
  keyword?(key: string, at: string): void;
  /** `node` is a Discriminator Object's `mapping`: its values may be references (OpenAPI 3.1 section 4.8.25). */
  mapping?(node: JsonObject, at: string): void;
}

/**
 * One walk over the document that tells references from data, shared by the check below and by
 * `inertDocument`, so the two cannot disagree about what is a reference. Names in a name map
 * are walked as names (a property may be called "value" or "example"); a `$ref` key with a
 * string value is a reference wherever it is not data (Redocly's resolver follows it even in a
 * name map).
 */
function walkDocument(document: Json, visitor: DocumentVisitor, at = '#'): void {
  const walk = (node: Json, at: string, inNameMap: boolean): void => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${at}/${i}`, false));
    else if (isObject(node)) {
      visitor.object?.(node, at);
      if (typeof node.$ref === 'string') visitor.reference?.(node as JsonObject & { $ref: string }, at);
      for (const [key, child] of Object.entries(node)) {
        const childAt = `${at}/${pointerToken(key)}`;
        if (key === '$ref' && typeof child === 'string') continue;
        if (!inNameMap) visitor.keyword?.(key, childAt);
        if (!inNameMap && isDataKey(key, child)) visitor.data?.(node, key, childAt);
        else if (!inNameMap && key === 'mapping' && isObject(child)) visitor.mapping?.(child, childAt);
        else walk(child, childAt, !inNameMap && NAME_MAPS.has(key));
      }
    }
  };
  walk(document, at, false);
}

/**
 * The references a piece of the document (a schema, an operation) makes, in document order,
 * with the pointers of the `$ref`s relative to `at`: the same walk as `checkAllRefs`, so a `$ref`
 * inside data (example, examples list, an Example's value, default, const, enum, x-*) is never
 * one. Every reader that follows references of its own (the API summary, the diff) asks here.
 */
export function referencesIn(node: Json, at = '#'): { ref: string; at: string }[] {
  const found: { ref: string; at: string }[] = [];
  walkDocument(node, { reference: (object, where) => found.push({ ref: object.$ref, at: `${where}/$ref` }) }, at);
  return found;
}

/**
 * Every `$ref` in the document must resolve inside it, and no chain of references may loop:
 * checked once, up front, with the pointer of each. (A loop of bare `$ref`s used to reach ajv,
 * which overflowed its stack; a schema that recurses through `properties` is fine and not
 * followed here.) A `$ref` that points outside the document is refused, wherever it is: the
 * generator reads exactly one file and opens no socket. So is a discriminator mapping to
 * another document, and `$id` / `$dynamicRef`, which would make a reference mean something
 * outside this file. A `$ref` inside data (example, default, x-*) is data: not checked, never
 * followed (see `inertDocument` for the tools that would follow it).
 *
 * Exported for every reader of the spec (the mock too): call it before handing the document
 * to anything that resolves references.
 */
export function checkAllRefs(document: JsonObject): void {
  // Edges "schema -> schema it is defined as" (through $ref and allOf/anyOf/oneOf/not only), by pointer.
  const bare = new Map<string, { target: string; refAt: string }[]>();
  // Where data lies (example, default, const, enum, x-*): a reference may not lead into it.
  const dataAt = new Set<string>();
  const references: { target: string; refAt: string }[] = [];
  walkDocument(document, {
    data(_parent, _key, at) {
      dataAt.add(at);
    },
    reference(node, at) {
      const refAt = `${at}/$ref`;
      deref(document, node, refAt);
      references.push({ target: normalisePointer(node.$ref), refAt });
      const from = bareRoot(at);
      const edges = bare.get(from) ?? [];
      edges.push({ target: normalisePointer(node.$ref), refAt });
      bare.set(from, edges);
    },
    keyword(key, at) {
      if (key === '$id' || key === '$dynamicRef') {
        throw new SpecError(
          `"${key}" is not supported: every reference is resolved inside this one document`,
          at,
          key === '$id'
            ? 'remove it; refer to the schema by its pointer, e.g. "#/components/schemas/Name"'
            : 'use $ref with a JSON pointer',
        );
      }
    },
    mapping(node, at) {
      for (const [name, value] of Object.entries(node)) {
        // Redocly follows a mapping value as a reference when it looks like one (ref-utils.js isMappingRef).
        if (typeof value === 'string' && (value.startsWith('#') || value.includes('/')))
          resolvePointer(document, value, `${at}/${pointerToken(name)}`);
      }
    },
  });
  refuseReferencesIntoData(references, dataAt);
  refuseBareLoops(bare);
  checkExpansion(document);
}

/**
 * A reference into data (`$ref: '#/components/schemas/A/example'`) would make data a schema: the
 * walks that check schemas (patterns, expansion) pass over data, while ajv and Prism follow the
 * reference, so a regex bomb or anything else unchecked could hide there (issue 17's review).
 * Refused with the pointer of the `$ref`.
 */
function refuseReferencesIntoData(references: { target: string; refAt: string }[], dataAt: ReadonlySet<string>): void {
  if (dataAt.size === 0) return;
  for (const { target, refAt } of references) {
    const tokens = target.split('/');
    for (let end = 2; end <= tokens.length; end++) {
      const prefix = tokens.slice(0, end).join('/');
      if (dataAt.has(prefix)) {
        throw new SpecError(
          `this $ref leads into data (${prefix}: an example, default, const, enum or x- extension), which is never checked as a schema`,
          refAt,
          'move the schema to #/components/schemas and refer to it there',
        );
      }
    }
  }
}

/** The schema that the node at `at` is a bare part of: `#/A/allOf/0/not` -> `#/A`. */
function bareRoot(at: string): string {
  const last = at.slice(at.lastIndexOf('/') + 1);
  if (!COMPOSITION.has(last) && !/^\d+$/.test(last)) return at;
  const tokens = at.split('/');
  while (tokens.length > 1) {
    const last = tokens[tokens.length - 1]!;
    const before = tokens[tokens.length - 2]!;
    if (COMPOSITION.has(last)) tokens.pop();
    else if (/^\d+$/.test(last) && ['allOf', 'anyOf', 'oneOf'].includes(before)) tokens.splice(-2);
    else break;
  }
  return tokens.join('/');
}

/** A `$ref` as the pointer the walk builds: each token decoded (%-escapes), then escaped as RFC 6901 says. */
function normalisePointer(ref: string): string {
  // Without a %-escape the tokens are already as RFC 6901 writes them (a token cannot hold a bare "/" or "~").
  if (!ref.includes('%')) return ref;
  return ref
    .split('/')
    .map((token, i) => (i === 0 ? token : pointerToken(decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'))))
    .join('/');
}

/**
 * A schema defined as itself, directly or through others, with no properties or items in
 * between: `A: {allOf: [{$ref: A}]}`, or A = allOf [B] with B = anyOf [A]. It has no finite
 * type (openapi-typescript prints a type alias that refers to itself). Iterative depth-first
 * search, so a long chain of references cannot overflow the stack.
 */
function refuseBareLoops(bare: Map<string, { target: string; refAt: string }[]>): void {
  const done = new Set<string>();
  for (const start of bare.keys()) {
    if (done.has(start)) continue;
    const path: string[] = [start];
    const onPath = new Set(path);
    const next: number[] = [0];
    while (path.length) {
      const node = path[path.length - 1]!;
      const edges = bare.get(node) ?? [];
      const i = next[next.length - 1]!;
      if (i >= edges.length) {
        done.add(node);
        onPath.delete(node);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const { target, refAt } = edges[i]!;
      if (onPath.has(target)) {
        const loop = [...path.slice(path.indexOf(target)), target];
        throw new SpecError(
          `schema defined as itself: ${loop.join(' -> ')}`,
          refAt,
          'a schema may refer to itself only inside properties or items, not through $ref, allOf, anyOf, oneOf or not alone',
        );
      }
      if (done.has(target)) continue;
      path.push(target);
      onPath.add(target);
      next.push(0);
    }
  }
}

/**
 * A copy of the document in which no reference resolver finds anything outside the references
 * `checkAllRefs` accepted, for tools that resolve on their own (openapi-typescript through
 * @redocly/openapi-core, Prism):
 * - a data value (example, default, const, enum, examples list, x-*, an Example's value) that
 *   holds a `$ref` or `externalValue` key at any depth is left out: Redocly's resolver walks
 *   data of unknown type and follows `$ref` there (lib/resolve.js), so `example: {$ref:
 *   /etc/hostname}` used to be read and printed into schema.ts;
 * - every `externalValue` is left out: Redocly follows any object's string `externalValue` as a
 *   reference (ref-utils.js isExternalValue). The generator never reads an external example;
 *   the model ignores the field, so it stays inert there.
 * Pure: the input is not changed. Run `checkAllRefs` first.
 */
export function inertDocument(document: JsonObject): JsonObject {
  const copy = structuredClone(document);
  walkDocument(copy, {
    object(node) {
      if (typeof node.externalValue === 'string') delete node.externalValue;
    },
    data(parent, key) {
      if (holdsReferenceKey(parent[key] ?? null)) delete parent[key];
    },
  });
  return copy;
}

function holdsReferenceKey(node: Json): boolean {
  if (Array.isArray(node)) return node.some(holdsReferenceKey);
  if (!isObject(node)) return false;
  return Object.hasOwn(node, '$ref') || Object.hasOwn(node, 'externalValue') || Object.values(node).some(holdsReferenceKey);
}

/**
 * How much the document may stand for once every `$ref` is replaced by what it points to. The
 * generator keeps references where it can (types, validators, the API summary), but several
 * steps walk schemas with their references followed: the XML shape of a response, the input
 * copies of schemas with a `default` (model/types-document.ts), the API diff, the contract
 * kit's samples and the mock's wire hints. A spec of a few KB whose schemas each refer to the
 * next level ten times stands for 10^6 nodes at six levels (it took 70 s and 1.9 GB, and wrote
 * 187 MB) and crashed V8 at seven. Counting first costs one visit per distinct node.
 */
export const EXPANSION_BUDGET = {
  /** Nodes (mappings and lists) one operation, component or other named part may stand for. */
  part: 100_000,
  /** Nodes the whole document may stand for. */
  document: 2_000_000,
  /** References followed one inside another. */
  nesting: 256,
} as const;

interface Expanded {
  nodes: number;
  /** A reference back to a schema being followed was cut short below: the count depends on where the walk came from. */
  cyclic: boolean;
}

/**
 * Refuse a document that stands for more than EXPANSION_BUDGET nodes with its references
 * followed, naming the innermost part (operation, component, `$ref` target) over the budget.
 * A reference back to a schema that is being followed (a recursive schema: a tree of nodes)
 * counts as one node, as every step that follows references stops there. Counts are memoised
 * per target unless such a cut happened below it (in a cycle, the count depends on the way in);
 * every visit adds to a count that stops at the budget, so the cost is bounded by the budget,
 * never by the expansion. Data (examples, defaults, x-*) is counted as
 * the nodes it holds, and a `$ref` in it is data. Run after the references are checked.
 */
export function checkExpansion(document: JsonObject, budget: { part: number; document: number; nesting: number } = EXPANSION_BUDGET): void {
  const memo = new Map<object, number>();
  const dataMemo = new Map<object, number>();
  // Targets being followed.
  const following = new Set<object>();

  const dataNodes = (node: Json): number => {
    if (typeof node !== 'object' || node === null) return 0;
    const known = dataMemo.get(node);
    if (known !== undefined) return known;
    let nodes = 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) nodes += dataNodes(child);
    dataMemo.set(node, nodes);
    return nodes;
  };

  const over = (part: string, limit: number): SpecError =>
    part === '#'
      ? new SpecError(
          `the document stands for more than ${limit.toLocaleString('en-US')} nodes once its $refs are followed (the generator's budget for the whole document)`,
          '#',
          'refer to large schemas from fewer places, or split the API into several specs',
        )
      : new SpecError(
          `this part of the spec stands for more than ${limit.toLocaleString('en-US')} nodes once its $refs are followed (the generator's budget for one schema, operation or component)`,
          part,
          'a schema that refers to others many times at each level multiplies: refer to fewer schemas per level, or nest fewer levels',
        );

  // `level`: depth in the document as written (the root is 0); an operation or component sits
  // at 3 (`#/paths/~1x/get`, `#/components/schemas/X`). Below a part, and inside a `$ref`'s
  // target (a part of its own, named by the reference), it is -1.
  const expand = (node: Json, at: string, inNameMap: boolean, level: number, part: string, limit: number): Expanded => {
    if (typeof node !== 'object' || node === null) return { nodes: 0, cyclic: false };
    if (level === 3) {
      part = at;
      limit = budget.part;
    }
    const known = inNameMap ? undefined : memo.get(node);
    if (known !== undefined) {
      if (known > limit) throw over(part, limit);
      return { nodes: known, cyclic: false };
    }
    let nodes = 1;
    let cyclic = false;
    const add = (sub: Expanded): void => {
      nodes += sub.nodes;
      cyclic ||= sub.cyclic;
      if (nodes > limit) throw over(part, limit);
    };
    const entries: [string, Json][] = Array.isArray(node) ? node.map((child, i) => [String(i), child]) : Object.entries(node);
    for (const [key, child] of entries) {
      const nextLevel = level < 0 || level >= 3 ? -1 : level + 1;
      // Pointers are needed down to the parts only (building one for every node doubled the cost).
      const childAt = nextLevel === -1 ? at : `${at}/${pointerToken(key)}`;
      if (Array.isArray(node)) add(expand(child, childAt, false, nextLevel, part, limit));
      else if (key === '$ref' && typeof child === 'string') add(follow(child, part, limit));
      else if (!inNameMap && isDataKey(key, child)) add({ nodes: dataNodes(child), cyclic: false });
      else add(expand(child, childAt, !inNameMap && NAME_MAPS.has(key), nextLevel, part, limit));
    }
    if (level === 3 && !cyclic) memo.set(node, nodes);
    return { nodes, cyclic };
  };

  const follow = (ref: string, part: string, limit: number): Expanded => {
    // checkAllRefs resolved every reference outside data already.
    const target = resolvePointer(document, ref, ref);
    if (typeof target !== 'object' || target === null) return { nodes: 0, cyclic: false };
    if (following.has(target)) return { nodes: 1, cyclic: true };
    const known = memo.get(target);
    if (known !== undefined) {
      if (known > limit) throw over(part, limit);
      return { nodes: known, cyclic: false };
    }
    const nesting = following.size;
    if (nesting >= budget.nesting) {
      throw new SpecError(
        `references nest more than ${budget.nesting} deep once followed (the generator's budget)`,
        ref,
        'flatten the chain of schemas that refer to one another',
      );
    }
    following.add(target);
    try {
      // The target is a part of its own: named in the error when it alone is over the budget.
      const sub = expand(target, ref, false, -1, ref, Math.min(limit, budget.part));
      if (!sub.cyclic) memo.set(target, sub.nodes);
      return sub;
    } finally {
      following.delete(target);
    }
  };

  expand(document, '#', false, 0, '#', budget.document);
}
