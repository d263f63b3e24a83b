import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { GENERATOR_DIR } from '../paths.js';
import { generatorName } from './folder.js';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifest, renderManifest, sha256 } from './manifest.js';
import { publishedEntries, publishedTopLevel } from './published.js';

/**
 * Skip the work when nothing it depends on changed (issue 13, item 5). Every manifest records
 * `inputs`: one SHA-256 over
 * - the spec's bytes (the generator reads one file: load/refs.ts refuses references outside it),
 * - the generator: every file of generator/src and generator/runtime (the runtime is shipped
 *   verbatim), slbkit's own version and the versions of the libraries that print output
 *   (openapi-typescript, ts-morph and its TypeScript, ajv, Redocly, js-yaml),
 * - the options that reach the files: package name, the forced version (or none), the spec's file name.
 * A run whose inputs hash equals the manifest's, on a folder whose files are all still the bytes
 * the manifest lists (and whose manifest is the one this run would write), has nothing to do:
 * generating again would give the same bytes. The semver bump needs no exception: a version not
 * forced is planned against the folder itself, which gives its own version back.
 *
 * The manifest is text in the folder it vouches for (issue 17): whoever adds code to
 * dist/index.js can write its new hash there too. So the skip trusts a manifest only when this
 * installation wrote it (or a --check regenerated and found the folder equal to it): its SHA-256 is
 * then recorded outside the folder, under node_modules/.cache/slbkit/ (see `recordWritten`). A
 * checkout, a copy from elsewhere or an edited manifest is regenerated once. And the published
 * part of the folder (published.ts) must hold no file the manifest does not list.
 */

/** The libraries whose version changes what is printed; read from node_modules, as the run loads them. */
const PRINTING_LIBRARIES = ['openapi-typescript', 'ts-morph', '@ts-morph/common', 'ajv', '@redocly/openapi-core', 'js-yaml'];

export interface InputOptions {
  packageName: string;
  /** `--package-version` / the config's packageVersion; undefined: planned by semver. */
  packageVersion?: string | undefined;
  /** The spec's file name as recorded in the output. */
  specName: string;
}

let generatorPrint: Promise<string> | undefined;

/** SHA-256 of the generator's own sources and the printing libraries' versions, computed once per process. */
export function generatorFingerprint(): Promise<string> {
  generatorPrint ??= (async () => {
    const hash: string[] = [generatorName()];
    for (const dir of ['src', 'runtime']) {
      const root = join(GENERATOR_DIR, dir);
      for (const path of await filesUnder(root)) hash.push(`${dir}/${relative(root, path)}`, sha256(await readFile(path)));
    }
    const modules = resolve(GENERATOR_DIR, '..', 'node_modules');
    for (const name of PRINTING_LIBRARIES) {
      const version = await readFile(join(modules, name, 'package.json'), 'utf8').then(
        (text) => String((JSON.parse(text) as { version?: unknown }).version),
        () => 'absent',
      );
      hash.push(`${name}@${version}`);
    }
    return sha256(hash.join('\n'));
  })();
  return generatorPrint;
}

/** The `inputs` hash of one package's run. `specBytes` are the bytes this run generates from. */
export async function inputsHash(specBytes: Uint8Array, options: InputOptions): Promise<string> {
  const settings = JSON.stringify([options.packageName, options.packageVersion ?? null, options.specName]);
  return sha256(`slbkit-inputs 1\n${await generatorFingerprint()}\n${sha256(specBytes)}\n${sha256(settings)}`);
}

/**
 * Manifests this installation wrote, by the SHA-256 of their bytes: one empty file each. Beside
 * the installed libraries, as trusted as they are: a repository commit does not reach it, and
 * `npm ci` starts it empty. Content-addressed rather than per folder, so a copy of a folder this
 * generator wrote is still known (its files are re-hashed against the manifest anyway).
 */
const WRITTEN_DIR = resolve(GENERATOR_DIR, '..', 'node_modules', '.cache', 'slbkit', 'written-manifests');
/** Enough for every folder a machine generates into; the oldest go first. */
const MAX_WRITTEN = 512;

/** Remember that this installation wrote (or fully checked) a folder with this manifest. Best effort: a cache that cannot be written costs the next run a generation. */
export async function recordWritten(manifestText: string): Promise<void> {
  try {
    await mkdir(WRITTEN_DIR, { recursive: true });
    const file = join(WRITTEN_DIR, sha256(manifestText));
    await writeFile(`${file}.${process.pid}.tmp`, '');
    await rename(`${file}.${process.pid}.tmp`, file);
    const names = await readdir(WRITTEN_DIR);
    if (names.length <= MAX_WRITTEN) return;
    const aged = await Promise.all(
      names.map(async (name) => ({ name, at: (await lstat(join(WRITTEN_DIR, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    aged.sort((a, b) => a.at - b.at);
    for (const { name } of aged.slice(0, names.length - MAX_WRITTEN)) await rm(join(WRITTEN_DIR, name), { force: true });
  } catch {
    // Nothing to do: the skip only ever answers "not known".
  }
}

async function wasWritten(manifestText: string): Promise<boolean> {
  return (await lstat(join(WRITTEN_DIR, sha256(manifestText))).catch(() => undefined))?.isFile() === true;
}

/**
 * The number of generated files when `outDir` is exactly what a run with `inputs` would leave:
 * its manifest records these inputs, is byte for byte the manifest such a run writes, was written
 * by this installation (`recordWritten`), every file it lists is a regular file with the recorded
 * bytes, and the published part of the folder holds nothing else. Reads the folder only; any doubt
 * (no manifest, a file edited, missing or added, an unknown manifest, an unreadable folder)
 * answers undefined, and the caller generates as usual.
 */
export async function upToDateFiles(outDir: string, inputs: string, specName: string): Promise<number | undefined> {
  try {
    const manifestPath = join(outDir, MANIFEST_FILE);
    const entry = await lstat(manifestPath);
    if (!entry.isFile() || entry.size > MAX_MANIFEST_BYTES) return undefined;
    const text = await readFile(manifestPath, 'utf8');
    const data = JSON.parse(text) as { inputs?: unknown };
    if (data.inputs !== inputs) return undefined;
    const files = parseManifest(text);
    if (renderManifest(files, { generator: generatorName(), spec: specName, inputs }) !== text) return undefined;
    if (!(await wasWritten(text))) return undefined;
    for (const [path, hash] of files) {
      // A symbolic link on the way to a listed file would be refused by write.ts; not followed here either.
      const segments = path.split('/');
      for (let i = 1; i < segments.length; i++) if ((await lstat(join(outDir, ...segments.slice(0, i)))).isSymbolicLink()) return undefined;
      const file = join(outDir, path);
      const stat = await lstat(file);
      if (!stat.isFile() || sha256(await readFile(file)) !== hash) return undefined;
    }
    // package.json was just checked against the manifest: its `files` say what is published.
    const published = publishedTopLevel(
      [...files.keys(), MANIFEST_FILE],
      files.has('package.json') ? await readFile(join(outDir, 'package.json'), 'utf8') : undefined,
    );
    for await (const [path, kind] of publishedEntries(outDir, published))
      if (kind !== 'file' || (path !== MANIFEST_FILE && !files.has(path))) return undefined;
    return files.size;
  } catch {
    return undefined;
  }
}

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}
