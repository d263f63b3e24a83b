import { SpecError, pointerToken } from '../errors.js';

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
  // A fragment that is not a JSON pointer (`#Pet`, a JSON Schema $anchor) used to fall through
  // the loop below and resolve to the whole document.
  if (ref !== '#' && !ref.startsWith('#/')) {
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
      ? /^(0|[1-9]\d*)$/.test(token) ? node[Number(token)] : undefined
      : isObject(node) && Object.hasOwn(node, token) ? node[token] : undefined;
    if (next === undefined) throw new SpecError(`$ref "${ref}" does not resolve (no "${token}")`, at);
    node = next;
  }
  return node;
}

/** The node itself, or what its `$ref` chain points to. Cycles of bare references are errors. */
export function deref(document: JsonObject, node: Json, at: string): Json {
  const chain: string[] = [];
  while (isObject(node) && typeof node.$ref === 'string') {
    if (chain.includes(node.$ref)) throw new SpecError(`$ref cycle: ${[...chain, node.$ref].join(' -> ')}`, at, 'a reference must lead to a schema or object, not back to itself');
    chain.push(node.$ref);
    node = resolvePointer(document, node.$ref, at);
  }
  return node;
}

/**
 * Keys whose children are names chosen by the spec's author (schema properties, component
 * names, example names, ...), not keywords: a property called "value" or "example" is a schema.
 */
const NAME_MAPS = new Set([
  'properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas',
  'paths', 'webhooks', 'callbacks', 'pathItems',
  'schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'examples', 'links', 'securitySchemes',
  'content', 'encoding', 'variables',
]);

/**
 * Keys whose value is data, never a reference: `example`, an Example Object's `value`, a
 * schema's `examples` list, `default`, `const`, `enum`, and `x-` extensions. A "$ref" key inside
 * them is just data.
 */
function isDataKey(key: string, value: Json): boolean {
  return (
    ['example', 'value', 'default', 'const', 'enum'].includes(key) ||
    (key === 'examples' && Array.isArray(value)) ||
    key.startsWith('x-')
  );
}

/**
 * Every `$ref` in the document must resolve, and no chain of references may loop: checked once,
 * up front, with the pointer of each. (A loop of bare `$ref`s used to reach ajv, which overflowed
 * its stack; a schema that recurses through `properties` is fine and not followed here.)
 */
export function checkAllRefs(document: JsonObject): void {
  const walk = (node: Json, at: string, inNameMap: boolean): void => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${at}/${i}`, false));
    else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        const childAt = `${at}/${pointerToken(key)}`;
        if (!inNameMap && key === '$ref' && typeof child === 'string') deref(document, node, childAt);
        // Keywords that hold data are skipped; names in a name map are always walked (an example or property may be called "value").
        else if (inNameMap || !isDataKey(key, child)) walk(child, childAt, !inNameMap && NAME_MAPS.has(key));
      }
    }
  };
  walk(document, '#', false);
}
