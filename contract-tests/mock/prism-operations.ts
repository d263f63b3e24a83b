import { randomUUID } from 'node:crypto';
import { transformOas3Operations } from '@stoplight/http-spec/oas3/operation';
import { bundleTarget } from '@stoplight/json';
import type { IHttpOperation } from '@stoplight/types';
// The same name maps and data keys as the generator's checkAllRefs: the mock follows exactly the references the generator checked.
import { isDataKey, isObject, type Json, type JsonObject, NAME_MAPS, resolvePointer } from '../../generator/src/api.js';

/**
 * Prism's operations for a document already read and checked by the generator's loader, built in
 * memory with no resolver at all. Prism's own `getHttpOperationsFromSpec` dereferences with
 * @stoplight/json-schema-ref-parser and its default file and http resolvers, relative to the spec
 * file or the working directory, and everywhere in the document: a `$ref: /etc/hostname` inside
 * an example would be read and served as a 200 body, and an http `$ref` in a `default` or an
 * `x-` extension fetched at startup. Here the only references followed are local JSON pointers
 * in the positions where OpenAPI allows a Reference Object or a schema `$ref` (the positions
 * `checkAllRefs` checks, which refuses every other reference there); data (examples, defaults,
 * enums, extensions) is inert and reaches Prism verbatim. The steps after dereferencing are
 * Prism's own: http-spec's OpenAPI 3 transform, then one `bundleTarget` per operation.
 */
export function prismOperations(document: JsonObject): IHttpOperation[] {
  const inert = new InertData();
  const inlined = inlineRefs(document, inert);
  const operations = transformOas3Operations(inlined as never);
  return operations.map((operation) => {
    const bundled: IHttpOperation = bundleTarget({
      document: { ...inlined, __target__: operation },
      path: '#/__target__',
      cloneDocument: false,
    });
    return inert.restore(bundled);
  });
}

/**
 * A copy of the document with every local `$ref` in a reference position replaced by what it
 * points to (a `summary` or `description` beside it wins, OpenAPI 3.1 section 4.8.23). A
 * reference back into a schema being inlined stays a local pointer, as Prism's `decycle` leaves
 * it, and `bundleTarget` later bundles it.
 */
function inlineRefs(document: JsonObject, inert: InertData): JsonObject {
  const done = new Map<string, Json>();
  const open = new Set<string>();
  const visit = (node: Json, isNameMap: boolean): Json => {
    if (Array.isArray(node)) return node.map((child) => visit(child, false));
    if (!isObject(node)) return node;
    if (!isNameMap && typeof node.$ref === 'string') return reference(node, node.$ref);
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(node)) {
      out[key] = !isNameMap && isDataKey(key, child) ? inert.hide(child) : visit(child, !isNameMap && NAME_MAPS.has(key));
    }
    return out;
  };
  const reference = (node: JsonObject, ref: string): Json => {
    let target = done.get(ref);
    if (target === undefined) {
      if (open.has(ref)) return { $ref: ref };
      open.add(ref);
      // checkAllRefs has resolved every one of these already: this cannot leave the document.
      target = visit(resolvePointer(document, ref, ref), false);
      open.delete(ref);
      done.set(ref, target);
    }
    const { $ref: _ref, ...siblings } = node;
    return Object.keys(siblings).length > 0 && isObject(target) ? { ...target, ...(visit(siblings, false) as JsonObject) } : target;
  };
  return visit(document, false) as JsonObject;
}

/**
 * Data that contains a `$ref` key is swapped for a placeholder while Prism's bundler walks the
 * operations (it rewrites every `#...` string under a `$ref` key, data or not) and put back
 * after, so an example is served exactly as written.
 */
class InertData {
  private readonly mark = `x-slbkit-inert-${randomUUID()}`;
  private readonly values: Json[] = [];

  hide(value: Json): Json {
    if (!containsRef(value)) return value;
    this.values.push(value);
    return { [this.mark]: this.values.length - 1 };
  }

  restore<T>(operation: T): T {
    if (this.values.length === 0) return operation;
    const seen = new WeakSet<object>();
    const walk = (node: unknown): unknown => {
      if (typeof node !== 'object' || node === null) return node;
      const index = (node as Record<string, unknown>)[this.mark];
      if (typeof index === 'number') return this.values[index];
      if (seen.has(node)) return node;
      seen.add(node);
      for (const [key, child] of Object.entries(node)) (node as Record<string, unknown>)[key] = walk(child);
      return node;
    };
    return walk(operation) as T;
  }
}

function containsRef(value: Json): boolean {
  if (Array.isArray(value)) return value.some(containsRef);
  if (!isObject(value)) return false;
  return Object.hasOwn(value, '$ref') || Object.values(value).some(containsRef);
}
