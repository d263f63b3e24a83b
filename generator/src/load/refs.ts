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
  let node: Json = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    const next: Json | undefined = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (next === undefined) throw new SpecError(`$ref "${ref}" does not resolve (no "${token}")`, at);
    node = next;
  }
  return node;
}

/** The node itself, or what its `$ref` chain points to. Cycles of bare references are errors. */
export function deref(document: JsonObject, node: Json, at: string): Json {
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new SpecError(`$ref cycle through "${node.$ref}"`, at);
    seen.add(node.$ref);
    node = resolvePointer(document, node.$ref, at);
  }
  return node;
}

/** Every `$ref` in the document must resolve: checked once, up front, with the pointer of each. */
export function checkAllRefs(document: JsonObject): void {
  const walk = (node: Json, at: string): void => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${at}/${i}`));
    else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (key === '$ref' && typeof child === 'string') resolvePointer(document, child, `${at}/$ref`);
        // Examples are data: a "$ref" key inside one is not a reference.
        else if (key !== 'example' && key !== 'examples' && key !== 'value') walk(child, `${at}/${pointerToken(key)}`);
      }
    }
  };
  walk(document, '#');
}
