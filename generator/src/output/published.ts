import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The part of an output folder that ends up in the package or in what its code loads (issue 17):
 * every file there must be one the generator writes. The manifest cannot prove that on its own (it
 * is text in the same folder: anyone who edits a file can edit its hash too), so `--check`, the
 * up-to-date skip and the write all walk this part of the disk and name what is not generated.
 *
 * The part is, at the top of the folder:
 * - each path of package.json `files` and `main` (emit/package-json.ts writes plain paths:
 *   `dist`, `src`, `README.md`, `./dist/index.js`), whole folders included;
 * - what npm packs whatever `files` says (npm-packlist: `package.json`, `readme*`, `copying*`,
 *   `license*`, `licence*`, any letter case, not an editor backup ending in `~` or `$`);
 * - every top-level file or folder the generator writes (CHANGELOG.md, slbkit-api.json, ...);
 * - `node_modules`: not packed, but Node resolves `import('fast-xml-parser')` in dist/ from
 *   `<out>/node_modules` before the project's own, so a file there runs when the folder is imported.
 * Everything else at the top (`.git`, `.gitignore`, notes, a `docs/` of the user's) is the user's
 * and is never read, as before. Inside, only what the operating system or an editor drops beside
 * files is passed over (`.DS_Store`, `._*`, `.*.swp`): npm never packs them (npm-packlist's
 * defaults) and no import names them.
 */

const ALWAYS_PACKED = /^(?:package\.json|(?:readme|copying|license|licence)(?:\..*[^~$])?)$/i;
const NEVER_PACKED = /^(?:\.DS_Store|\._.*|\..*\.swp)$/;

/** The top-level names of the published part, from the paths the generator writes and its package.json text. */
export function publishedTopLevel(generatedPaths: Iterable<string>, packageJson: string | undefined): (name: string) => boolean {
  const names = new Set<string>(['node_modules']);
  for (const path of generatedPaths) names.add(path.split('/')[0]!);
  let data: { files?: unknown; main?: unknown } = {};
  try {
    data = (JSON.parse(packageJson ?? '{}') as typeof data) ?? {};
  } catch {
    data = {};
  }
  const declared = [...(Array.isArray(data.files) ? data.files : []), data.main].filter((p): p is string => typeof p === 'string');
  for (const path of declared) {
    const first = path.replace(/^(?:\.?\/)+/, '').split('/')[0]!;
    if (first) names.add(first);
  }
  return (name) => names.has(name) || ALWAYS_PACKED.test(name);
}

/** What sits at a path: a regular file, a symbolic link (never followed), or anything else (a FIFO, a socket). */
export type EntryKind = 'file' | 'link' | 'other';

/**
 * Every entry below the published top-level names of `folder` that is not a folder, by relative
 * path in `/` form, sorted; symbolic links are reported, never followed (a linked folder is one
 * entry). Empty folders are not reported: npm packs no folder and Node loads none.
 */
export async function* publishedEntries(folder: string, published: (name: string) => boolean): AsyncGenerator<[string, EntryKind]> {
  const top = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of sortByName(top)) if (published(entry.name)) yield* walk(folder, entry.name, entry);
}

async function* walk(
  folder: string,
  path: string,
  entry: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean },
): AsyncGenerator<[string, EntryKind]> {
  if (entry.isSymbolicLink()) yield [path, 'link'];
  else if (entry.isFile()) yield [path, 'file'];
  else if (!entry.isDirectory()) yield [path, 'other'];
  else
    for (const child of sortByName(await readdir(join(folder, path), { withFileTypes: true })))
      if (!NEVER_PACKED.test(child.name)) yield* walk(folder, `${path}/${child.name}`, child);
}

function sortByName<T extends { name: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
