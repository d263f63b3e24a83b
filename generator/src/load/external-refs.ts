import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pointer, SpecError } from '../errors.js';
import { checkBounds, LIMITS } from './bounds.js';
import { readSpecFile } from './read-yaml.js';
import { isObject, type JsonObject, referencesIn, resolvePointer, rewriteReferences } from './refs.js';

/** At most this many files besides the spec; their text, with the spec's, stays within LIMITS.fileBytes. */
export const MAX_SPEC_FILES = 64;

/**
 * A spec published as several files (hey-api's `$ref: './external-shared.json#/components/schemas/X'`):
 * each `$ref` to another file is brought into the one document before anything else reads it, so
 * load/refs.ts's one rule (every reference local, resolvable, no loop) then holds as for a
 * single file, and every later bound (nodes, depth, expansion, refs into data) applies to the
 * whole. What is read, and no more:
 * - a relative path only (`./x.json`, `schemas/y.yaml`), resolved against the file that holds
 *   the `$ref`, and only inside the spec's own folder tree (symbolic links resolved first). A way
 *   out of the folder is refused with its pointer; a URL or an absolute path is left as written,
 *   never read, and load/refs.ts refuses it as in a single file: no surprise network call, no file
 *   elsewhere on the machine;
 * - a target `#/components/<section>/<name>` in that file (the way a multi-file spec shares
 *   components), placed under the same section of the spec, renamed `<name>_<n>` only when the
 *   spec already has another component of that name; its own references are brought in alike;
 * - at most MAX_SPEC_FILES files, whose text with the spec's is at most LIMITS.fileBytes.
 * A `$ref` in data (example, default, x-*) is data, as in one file (load/refs.ts): never followed.
 */
export async function bundleLocalFiles(document: unknown, file: string): Promise<unknown> {
  if (!isObject(document)) return document;
  const outside = referencesIn(document).filter((r) => !r.ref.startsWith('#'));
  if (outside.length === 0) return document;
  const spec = await realpath(file);
  const root = dirname(spec);
  const files = new Map<string, JsonObject>();
  let bytes = (await stat(spec)).size;
  /** `file#pointer` -> the local ref it became. */
  const placed = new Map<string, string>();
  const components = (isObject(document.components) ? document.components : (document.components = {})) as JsonObject;

  const load = async (path: string, ref: string, at: string): Promise<JsonObject> => {
    const known = files.get(path);
    if (known) return known;
    if (files.size >= MAX_SPEC_FILES)
      throw new SpecError(
        `$ref "${ref}" would read more than ${MAX_SPEC_FILES} files besides the spec`,
        at,
        'bundle the spec into one file first, e.g. `redocly bundle`',
      );
    bytes += (await stat(path)).size;
    if (bytes > LIMITS.fileBytes)
      throw new SpecError(
        `$ref "${ref}": the spec's files are larger than ${LIMITS.fileBytes / 1024 / 1024} MiB together, the most the generator reads`,
        at,
        'split the API into several specs',
      );
    const data = await readSpecFile(path);
    if (!isObject(data)) throw new SpecError(`$ref "${ref}": the file is not a mapping`, at);
    files.set(path, data);
    return data;
  };

  /** The local ref for `ref` written in `from` (a file's real path) at pointer `at`. */
  const localRef = async (ref: string, from: string, at: string): Promise<string> => {
    const [target, fragment = ''] = splitRef(ref);
    if (target === '') {
      if (from === spec) return ref;
      return place(from, fragment, ref, at);
    }
    // A URL or an absolute path is never read: left as it is, for load/refs.ts's one rule to refuse with its pointer.
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || isAbsolute(target)) return ref;
    let path: string;
    try {
      path = await realpath(resolve(dirname(from), decodeURIComponent(target)));
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new SpecError(
        `$ref "${ref}" points outside this document, to a file that cannot be read (${code})`,
        at,
        'put the file beside the spec, or bundle the spec into one file first, e.g. `redocly bundle`',
      );
    }
    const inside = relative(root, path);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
      throw new SpecError(
        `$ref "${ref}" points outside this document and outside the spec's folder`,
        at,
        "keep the spec's files in its folder, or bundle the spec into one file first, e.g. `redocly bundle`",
      );
    if (path === spec) return `#${fragment}`;
    return place(path, fragment, ref, at);
  };

  const place = async (path: string, fragment: string, ref: string, at: string): Promise<string> => {
    const key = `${path}#${fragment}`;
    const done = placed.get(key);
    if (done) return done;
    const match = /^\/components\/([^/]+)\/([^/]+)$/.exec(fragment);
    if (!match)
      throw new SpecError(
        `$ref "${ref}" points outside this document, at "#${fragment}" of another file, not at a component`,
        at,
        'point at #/components/<section>/<name> in that file, or bundle the spec into one file first, e.g. `redocly bundle`',
      );
    const source = await load(path, ref, at);
    const node = resolvePointer(source, `#${fragment}`, at);
    const [, section = '', rawName = ''] = match;
    const name = decodeURIComponent(rawName).replaceAll('~1', '/').replaceAll('~0', '~');
    const target = (isObject(components[section]) ? components[section] : (components[section] = {})) as JsonObject;
    let unique = name;
    for (let n = 1; Object.hasOwn(target, unique); n++) unique = `${name}_${n}`;
    const local = pointer('components', section, unique);
    placed.set(key, local);
    target[unique] = null; // reserved while its own references are brought in
    const inner = referencesIn(node);
    const rewritten = new Map<string, string>();
    for (const r of inner)
      if (!rewritten.has(r.ref)) rewritten.set(r.ref, await localRef(r.ref, path, `${relative(root, path)}#${fragment}${r.at.slice(1)}`));
    target[unique] = rewriteReferences(node, (r) => rewritten.get(r) ?? r);
    return local;
  };

  const rewritten = new Map<string, string>();
  for (const r of outside) if (!rewritten.has(r.ref)) rewritten.set(r.ref, await localRef(r.ref, spec, r.at));
  const bundled = rewriteReferences(document, (r) => rewritten.get(r) ?? r);
  // The per-file bounds held for each file; nodes and depth hold for the whole as well.
  checkBounds(bundled, '');
  return bundled;
}

function splitRef(ref: string): [string, string] {
  const hash = ref.indexOf('#');
  return hash === -1 ? [ref, ''] : [ref.slice(0, hash), ref.slice(hash + 1)];
}
