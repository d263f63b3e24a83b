import { constants, readFileSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, readlink, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CHANGELOG_FILE } from './diff/changelog.js';
import { acquireLock, isRunning, LockError } from './output-lock.js';
import {
  hashFiles,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  ManifestError,
  type ManifestOrigin,
  ownPathProblem,
  parseManifest,
  renderManifest,
  sha256,
} from './output-manifest.js';
import { type EntryKind, publishedEntries, publishedTopLevel } from './output-published.js';
import { OWN_PACKAGE_JSON } from './paths.js';

/**
 * The only code that touches the output folder. `--out` writes only what is provably its own:
 * the files listed in the folder's manifest (output-manifest.ts). A run replaces those files one
 * by one and deletes the ones the new output no longer has; every other file in the folder (a
 * `.git`, a `.gitignore`, notes) is kept. A non-empty folder without a valid manifest is refused,
 * whatever its package.json says, except a previous output written before manifests existed
 * (see `adoptLegacyOutput`). In the part of the folder the package publishes or loads
 * (output-published.ts: src/, dist/, README.md, node_modules/, ...) a file the generator does not
 * write is refused, named, and nothing is touched (issue 17, see `refuseUntrustedOutput`).
 */

/** Larger than any file the generator writes (the biggest is well under 1 MiB); a file this big on disk is not ours to read whole. */
const MAX_GENERATED_BYTES = 64 * 1024 * 1024;

export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** The output folder, locked for this run; `folder` is its real path (a symlinked `--out` is written through). */
export interface OutputLock {
  readonly folder: string;
  release(): Promise<void>;
}

export interface WriteReport {
  /** Generated files now in the folder (the manifest not counted). */
  written: number;
  /** Files the previous manifest listed that the new output no longer has, now deleted. */
  removed: string[];
  /** Files listed in the previous manifest whose bytes were not what it recorded: overwritten. */
  handEdited: string[];
  /** The folder was a previous output without a manifest (see `adoptLegacyOutput`). */
  adopted: boolean;
  /** The manifest now in the folder (up-to-date.ts records it as one this installation wrote). */
  manifest: string;
}

/** What `--check` found: each list sorted. */
export interface OutputDrift {
  /** Generated files (and the manifest) whose bytes on disk differ. */
  changed: string[];
  /** Generated files that are not a regular file at their path (absent, a link, a link on the way). */
  missing: string[];
  /** Files the folder's manifest lists that the new output no longer has (the next run deletes them). */
  stale: string[];
  /** Entries in the published part of the folder that the generator does not write and no manifest lists. */
  notGenerated: string[];
  /** The manifest a clean folder holds. */
  manifest: string;
}

/**
 * Find `--out` and lock it (output-lock.ts) before anything is generated, so a second run on the
 * same folder is refused at once. Creates the folders above `--out` if needed (removed again on
 * release while empty), never `--out` itself.
 */
export async function lockOutput(outDir: string): Promise<OutputLock> {
  const { folder, createdAbove } = await asOutputError(`--out ${outDir}`, () => locateOutput(outDir, true));
  const removeCreated = () => removeEmptyFolders(dirname(resolve(outDir)), createdAbove);
  let held;
  try {
    held = await acquireLock(folder);
  } catch (error) {
    await removeCreated();
    if (error instanceof LockError) throw new OutputError(error.message);
    throw new OutputError(
      `cannot create the lock ${folder}.slbkit-lock (${describeFsError(error)}); check that the folder above --out is writable`,
    );
  }
  await removeDeadStaging(folder);
  return {
    folder,
    release: async () => {
      await held.release();
      await removeCreated();
    },
  };
}

/**
 * Make the output folder hold `files` (relative path -> text) and a manifest listing them.
 * `spec` is the spec's file name recorded in the manifest (default: the one package.json names).
 * Without `lock`, the folder is locked for the duration of the call.
 */
export async function writeOutput(
  outDir: string,
  files: ReadonlyMap<string, string>,
  options: { spec?: string; inputs?: string; lock?: OutputLock } = {},
): Promise<WriteReport> {
  const lock = options.lock ?? (await lockOutput(outDir));
  try {
    return await asOutputError(lock.folder, () =>
      replaceOwnFiles(lock.folder, files, { generator: generatorName(), spec: options.spec ?? specNamedIn(files), inputs: options.inputs }),
    );
  } finally {
    if (!options.lock) await lock.release();
  }
}

/**
 * What `--check` reports: generated files (and the manifest) whose bytes on disk differ or that
 * are missing, files the folder's manifest lists that the new output no longer has, and every other
 * entry in the published part of the folder (output-published.ts). Nothing is taken from the
 * manifest on trust: every byte is compared with what this run generated. Files outside the
 * published part (`.git`, notes) are the user's and are ignored.
 */
export async function diffOutput(
  outDir: string,
  files: ReadonlyMap<string, string>,
  options: { spec?: string; inputs?: string } = {},
): Promise<OutputDrift> {
  return asOutputError(`--out ${outDir}`, () => diffFolder(outDir, files, options));
}

/** Largest file of a previous output the release plan reads (slbkit-api.json is 5 MB at 2,000 operations). */
const MAX_PREVIOUS_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A previous output as the release plan (diff/release.ts) sees it: what the manifest recorded, and
 * a reader of its own files.
 */
export interface PreviousOutputFiles {
  /**
   * Relative path -> SHA-256 the manifest recorded when slbkit wrote the file: what the previous
   * output was, whatever has been edited on disk since. null for an adopted legacy output (no
   * manifest recorded anything: the bytes on disk, each marked "generated by slbkit", are all there is).
   */
  readonly recorded: ReadonlyMap<string, string | null>;
  /** The text of a file the manifest lists (regular files only, at most MAX_PREVIOUS_FILE_BYTES); undefined otherwise. */
  read(path: string): Promise<string | undefined>;
}

/**
 * The previous output in --out, for the release plan: it reads only files the manifest lists (or
 * that an adopted legacy output holds), only regular files, and at most MAX_PREVIOUS_FILE_BYTES of
 * each. Undefined when --out is absent or empty; an OutputError when it is not a previous output,
 * so a user's package.json is never taken for one.
 */
export async function previousOutputReader(outDir: string, files: ReadonlyMap<string, string>): Promise<PreviousOutputFiles | undefined> {
  return asOutputError(`--out ${outDir}`, async () => {
    if (!(await lstatOrUndefined(resolve(outDir)))) return undefined;
    const { folder } = await locateOutput(outDir, false);
    const previous = await readPreviousOutput(folder, files);
    if (previous.owned.size === 0) return undefined;
    return {
      recorded: previous.owned,
      // An unreadable file is one line naming --out, as everywhere else here, not a stack.
      read: (path: string) =>
        asOutputError(`--out ${outDir}`, async () =>
          previous.owned.has(path) ? readHead(join(folder, path), MAX_PREVIOUS_FILE_BYTES) : undefined,
        ),
    };
  });
}

async function diffFolder(
  outDir: string,
  files: ReadonlyMap<string, string>,
  options: { spec?: string; inputs?: string },
): Promise<OutputDrift> {
  const { folder } = await locateOutput(outDir, false);
  const manifest = renderManifest(hashFiles(files), {
    generator: generatorName(),
    spec: options.spec ?? specNamedIn(files),
    inputs: options.inputs,
  });
  const expected = new Map(files).set(MANIFEST_FILE, manifest);
  // The disk as it is, links not followed: a generated path is present only as a regular file
  // reached through real folders (a linked dist/runtime holds none of the generator's files).
  const onDiskEntries = await publishedOnDisk(folder, expected);
  const changed: string[] = [];
  const missing: string[] = [];
  for (const path of sortedPaths(expected.keys())) {
    const want = Buffer.from(expected.get(path)!);
    const entry = onDiskEntries.get(path) === 'file' ? await lstatOrUndefined(join(folder, path)) : undefined;
    if (!entry?.isFile()) missing.push(path);
    else if (path === MANIFEST_FILE) {
      // The recorded inputs (up-to-date.ts) are compared when they are known: a generator change
      // that prints the same files still rewrites this line on the next run, so a committed
      // output that --check passes must also be one `npm run generate` leaves as it is (CI checks both).
      const onDisk = (await readFile(join(folder, path))).toString('utf8');
      const differs =
        options.inputs === undefined ? withoutInputs(onDisk) !== withoutInputs(want.toString('utf8')) : onDisk !== want.toString('utf8');
      if (differs) changed.push(path);
    } else if (entry.size !== want.length || !(await readFile(join(folder, path))).equals(want)) changed.push(path);
  }
  let listed: Map<string, string | null> = new Map();
  try {
    listed = (await readPreviousOutput(folder, files)).owned;
  } catch {
    // No valid manifest: nothing on disk is provably the generator's, so nothing is stale; the
    // manifest itself is reported above as changed or missing.
  }
  const stale: string[] = [];
  for (const path of sortedPaths(listed.keys())) if (!expected.has(path) && (await lstatOrUndefined(join(folder, path)))) stale.push(path);
  const notGenerated = sortedPaths([...onDiskEntries.keys()].filter((path) => !expected.has(path) && !listed.has(path)));
  return { changed, missing, stale, notGenerated, manifest };
}

/** Every entry of the published part of `folder` for an output of `files` (their package.json says what it publishes). */
async function publishedOnDisk(folder: string, files: ReadonlyMap<string, string>): Promise<Map<string, EntryKind>> {
  const entries = new Map<string, EntryKind>();
  for await (const [path, kind] of publishedEntries(folder, publishedTopLevel([...files.keys(), MANIFEST_FILE], files.get('package.json'))))
    entries.set(path, kind);
  return entries;
}

/**
 * Refuse, before anything is planned or written, a folder whose published part was changed in a
 * way a run must not paper over (issue 17):
 * - a file there that the new output does not write and the manifest does not list (an added
 *   `dist/node_modules/fast-xml-parser/index.js`, `src/evil.ts`, a link, a note): npm would pack it
 *   and Node could load it. Deleting it could lose a user's file, keeping it would ship it: it is
 *   named, and the user moves it out;
 * - a manifest that records this very run's inputs (spec, generator, options: up-to-date.ts) but
 *   lists files this run does not write, other bytes for them, or leaves out one (and its file):
 *   the same inputs give the same files, so the manifest was edited
 *   to match an edit (a hash updated after code was added to dist/index.js, an entry added). Taking
 *   its hashes as the previous output would publish the edit as a release; it is not a manifest
 *   slbkit wrote, so, as for any such manifest, nothing is touched. package.json and CHANGELOG.md
 *   are left out of the comparison: they carry the version, which the same inputs do not fix.
 * Reads only; an OutputError names the files.
 */
export async function refuseUntrustedOutput(outDir: string, files: ReadonlyMap<string, string>, inputs: string | undefined): Promise<void> {
  await asOutputError(`--out ${outDir}`, async () => {
    if (!(await lstatOrUndefined(resolve(outDir)))) return;
    const { folder } = await locateOutput(outDir, false);
    await refuseUntrusted(folder, files, await readPreviousOutput(folder, files), inputs);
  });
}

async function refuseUntrusted(
  folder: string,
  files: ReadonlyMap<string, string>,
  previous: PreviousOutput,
  inputs: string | undefined,
): Promise<void> {
  const strangers: string[] = [];
  for await (const [path, kind] of publishedEntries(
    folder,
    publishedTopLevel([...files.keys(), MANIFEST_FILE], files.get('package.json')),
  )) {
    const known = path === MANIFEST_FILE || files.has(path) || previous.owned.has(path);
    // A link or a FIFO at a generated path is replaced like a hand edit (planReplacement); anywhere else it is a stranger.
    if (!known && strangers.push(`${path}${kind === 'link' ? ' (a symbolic link)' : kind === 'other' ? ' (not a regular file)' : ''}`) > 3)
      break;
  }
  if (strangers.length) {
    const shown = strangers.slice(0, 3).join(', ') + (strangers.length > 3 ? ' and more' : '');
    throw new OutputError(
      `${folder} holds ${shown} where the package is published or loaded from (${publishedFolders(files)}), and slbkit did not write ${strangers.length === 1 ? 'it' : 'them'}: npm would pack ${strangers.length === 1 ? 'it' : 'them'} and the package's code could load ${strangers.length === 1 ? 'it' : 'them'}. Nothing was written; move ${strangers.length === 1 ? 'it' : 'them'} out of the folder (or restore the folder from version control) and run again`,
    );
  }
  const recordedInputs =
    previous.manifestText === undefined ? undefined : (JSON.parse(previous.manifestText) as { inputs?: unknown }).inputs;
  if (inputs === undefined || recordedInputs !== inputs) return;
  const versioned = new Set(['package.json', CHANGELOG_FILE]);
  const hashes = hashFiles(files);
  // Listed with other bytes, listed and not written, or written and neither listed nor on disk (an
  // entry taken out with its file). One the manifest does not list but that is on disk is refused
  // by planReplacement, which names it as a file slbkit did not write.
  const forged: string[] = [];
  for (const path of sortedPaths(new Set([...previous.owned.keys(), ...hashes.keys()]))) {
    if (versioned.has(path) || previous.owned.get(path) === hashes.get(path)) continue;
    if (previous.owned.has(path) || !(await lstatOrUndefined(join(folder, path)))) forged.push(path);
  }
  if (forged.length) {
    const shown = forged.slice(0, 3).join(', ') + (forged.length > 3 ? ` and ${forged.length - 3} more` : '');
    throw new OutputError(
      `${join(folder, MANIFEST_FILE)} records the spec, generator and options of this run but not the files it writes (${shown}): it was edited after slbkit wrote it, so it is not a manifest slbkit wrote and nothing in ${folder} is touched; restore the folder from version control and run again`,
    );
  }
}

function publishedFolders(files: ReadonlyMap<string, string>): string {
  const tops = new Set([...files.keys()].filter((path) => path.includes('/')).map((path) => `${path.split('/')[0]}/`));
  return [...sortedPaths(tops), 'node_modules/', 'the files package.json publishes'].join(', ');
}

function withoutInputs(manifest: string): string {
  return manifest.replace(/^ {2}"inputs": "[0-9a-f]{64}",\n/m, '');
}

// ------------------------------------------------------------------ where --out is

/**
 * The real path of `--out`. A symbolic link is followed (the link stays; the folder it points to
 * is written); a link to nothing is refused rather than creating folders wherever it points; a
 * file is refused. With `create`, missing folders above `--out` are created (`createdAbove` is the
 * first of them, for `removeEmptyFolders`).
 */
async function locateOutput(outDir: string, create: boolean): Promise<{ folder: string; createdAbove?: string | undefined }> {
  const given = resolve(outDir);
  const entry = await lstatOrUndefined(given);
  if (entry?.isSymbolicLink()) {
    let real: string;
    try {
      real = await realpath(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'which does not exist' : `which cannot be followed (${code})`;
      throw new OutputError(
        `--out ${outDir} is a symbolic link to ${await readlink(given)}, ${why}; create that folder or point --out at a folder`,
      );
    }
    if (!(await stat(real)).isDirectory())
      throw new OutputError(
        `--out ${outDir} is a symbolic link to a file, not a folder; point --out at a folder (the file is left as it is)`,
      );
    return { folder: real };
  }
  if (entry && !entry.isDirectory())
    throw new OutputError(`--out ${outDir} is a file, not a folder; point --out at a folder (the file is left as it is)`);
  if (entry) {
    const folder = await realpath(given);
    if (dirname(folder) === folder) throw new OutputError(`--out ${outDir} is the root folder; point --out at a folder of its own`);
    return { folder };
  }
  let createdAbove: string | undefined;
  if (create) {
    try {
      createdAbove = await mkdir(dirname(given), { recursive: true });
    } catch (error) {
      throw new OutputError(`cannot create the folder above --out ${outDir} (${describeFsError(error)})`);
    }
  }
  const above = await realpath(dirname(given)).catch(() => dirname(given));
  return { folder: join(above, basename(given)), createdAbove };
}

// ------------------------------------------------------------------ what is ours

interface PreviousOutput {
  /** Relative path -> SHA-256 the manifest recorded (null for an adopted legacy output: not recorded). */
  owned: Map<string, string | null>;
  /** The manifest's text, to put back if the run fails (undefined: there was none). */
  manifestText?: string | undefined;
  adopted: boolean;
}

/** What the folder's manifest says is ours, or an OutputError saying why the folder is not a previous output. */
async function readPreviousOutput(folder: string, files: ReadonlyMap<string, string>): Promise<PreviousOutput> {
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length === 0) return { owned: new Map(), adopted: false };
  const manifestPath = join(folder, MANIFEST_FILE);
  const manifest = await lstatOrUndefined(manifestPath);
  if (!manifest) return adoptLegacyOutput(folder, files);
  const untrusted = (why: string) =>
    new OutputError(
      `${manifestPath}: ${why}; it is not a manifest slbkit wrote, so nothing in ${folder} is touched (restore the manifest from version control, or choose another --out)`,
    );
  if (!manifest.isFile()) throw untrusted('not a regular file');
  if (manifest.size > MAX_MANIFEST_BYTES) throw untrusted(`larger than ${MAX_MANIFEST_BYTES} bytes`);
  const manifestText = await readFile(manifestPath, 'utf8');
  try {
    return { owned: parseManifest(manifestText), manifestText, adopted: false };
  } catch (error) {
    if (error instanceof ManifestError) throw untrusted(error.message);
    throw error;
  }
}

/**
 * A folder without a manifest is taken as a previous output (written by slbkit before manifests
 * existed, like this repo's generated/ once was) only when its package.json has the `slbkit` field
 * AND every file in it, `.git` aside, is a regular file at a path the new output writes whose first
 * 4 KiB say "generated by slbkit" (the header of every generated file, package.json's description,
 * the README's first paragraph). A user's project fails this (its own files carry no such line),
 * however its package.json looks; so does an old output with notes in it (move them out once).
 */
async function adoptLegacyOutput(folder: string, files: ReadonlyMap<string, string>): Promise<PreviousOutput> {
  const notOurs = (why: string) =>
    new OutputError(
      `${folder} is not empty and is not a previous slbkit output (${why}); refusing to write into it. Choose another --out or empty it.`,
    );
  let marked = false;
  try {
    const data: unknown = JSON.parse((await readHead(join(folder, 'package.json'), 1024 * 1024)) ?? '');
    marked = typeof data === 'object' && data !== null && 'slbkit' in data;
  } catch {
    marked = false;
  }
  if (!marked) throw notOurs(`no ${MANIFEST_FILE}`);
  const owned = new Map<string, null>();
  const strangers: string[] = [];
  // Stops at the fourth stranger: a user's project (node_modules and all) is not walked whole.
  for await (const path of filesBelow(folder)) {
    const head = files.has(path) ? await readHead(join(folder, path), 4096) : undefined;
    if (head !== undefined && /generated by slbkit/i.test(head)) owned.set(path, null);
    else if (strangers.push(path) > 3) break;
  }
  if (strangers.length) {
    const shown = strangers.slice(0, 3).join(', ') + (strangers.length > 3 ? ' and more' : '');
    throw notOurs(
      `no ${MANIFEST_FILE}; a "slbkit" field in package.json is not enough: ${shown} ${strangers.length === 1 ? 'is not a file' : 'are not files'} slbkit wrote`,
    );
  }
  return { owned, adopted: true };
}

/** Every non-folder entry below `root` (symbolic links not followed), `.git` at the top skipped. */
async function* filesBelow(root: string, prefix = ''): AsyncGenerator<string> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (path === '.git') continue;
    if (entry.isDirectory()) yield* filesBelow(root, path);
    else yield path;
  }
}

// ------------------------------------------------------------------ the plan

interface Plan {
  /** New or changed files to move into place. */
  place: string[];
  /** Owned files the new output no longer has. */
  remove: string[];
  handEdited: string[];
}

/**
 * Decide, before anything moves, what the run will do, and refuse anything not provably ours: a
 * file in the way that the manifest does not list, a folder where a file goes, and any symbolic
 * link on the way to a path (a link inside `--out` could lead the write or the delete outside it).
 */
async function planReplacement(
  folder: string,
  files: ReadonlyMap<string, string>,
  previous: PreviousOutput,
  hashes: ReadonlyMap<string, string>,
): Promise<Plan> {
  const remove: string[] = [];
  for (const path of sortedPaths(previous.owned.keys())) {
    // A file on the way means the listed path cannot exist: nothing to remove.
    if (files.has(path) || (await whatIsOnTheWay(folder, path, new Set())) !== 'ok') continue;
    const entry = await lstatOrUndefined(join(folder, path));
    if (entry && !entry.isDirectory()) remove.push(path);
  }
  const removing = new Set(remove);
  const place: string[] = [];
  const handEdited: string[] = [];
  for (const path of sortedPaths(files.keys())) {
    const way = await whatIsOnTheWay(folder, path, removing);
    if (typeof way === 'object')
      throw new OutputError(`${join(folder, way.file)} is a file where the generator needs a folder (for ${path}); move it away`);
    const entry = await lstatOrUndefined(join(folder, path));
    if (!entry) {
      place.push(path);
      continue;
    }
    if (entry.isDirectory()) throw new OutputError(`${join(folder, path)} is a folder where the generator writes a file; move it away`);
    if (!previous.owned.has(path))
      throw new OutputError(
        `${join(folder, path)} is not listed in ${MANIFEST_FILE} (slbkit did not write it) but the new output has a file there; move it away and run again`,
      );
    // Not read when far larger than anything generated: such a file is not what was written.
    const onDisk =
      entry.isFile() && entry.size <= MAX_GENERATED_BYTES ? sha256((await readRegularFile(join(folder, path))) ?? '') : undefined;
    if (onDisk === hashes.get(path)) continue; // already what the new output has
    place.push(path);
    const recorded = previous.owned.get(path);
    if (recorded && onDisk !== recorded) handEdited.push(path);
  }
  return { place, remove, handEdited };
}

/**
 * Walk the folders between `folder` and `path`. A symbolic link there is refused (never followed,
 * for a write or a delete). 'missing' when a folder on the way does not exist yet or is a file
 * being removed; the relative path of a file that sits where a folder should be.
 */
async function whatIsOnTheWay(folder: string, path: string, removing: ReadonlySet<string>): Promise<'ok' | 'missing' | { file: string }> {
  const segments = path.split('/').slice(0, -1);
  for (let i = 1; i <= segments.length; i++) {
    const above = segments.slice(0, i).join('/');
    const entry = await lstatOrUndefined(join(folder, above));
    if (!entry || removing.has(above)) return 'missing';
    if (entry.isSymbolicLink())
      throw new OutputError(
        `${join(folder, above)} is a symbolic link; slbkit does not write or delete through links inside --out (${path} is below it): replace it with a folder`,
      );
    if (!entry.isDirectory()) return { file: above };
  }
  return 'ok';
}

// ------------------------------------------------------------------ replacing, file by file

/**
 * Every new file is written to a staging folder beside `--out` first (same file system, so each
 * move is one rename). Then, in order: a manifest listing old and new files replaces the old one
 * (so a run killed halfway leaves no file the next run would not own), owned files that go are
 * moved aside, new files are moved in (the ones they replace moved aside), and the final manifest
 * goes in last. A failure moves everything back. The remaining window: while the moves run (a few
 * milliseconds for this package) a reader can see old and new files mixed, and a run killed by a
 * signal in that window leaves them mixed (every file still owned; the next run completes it and
 * cleans the staging folder). `--out` on another file system than its parent (a mount point) fails
 * at the first move, with the folder restored.
 */
async function replaceOwnFiles(folder: string, files: ReadonlyMap<string, string>, origin: ManifestOrigin): Promise<WriteReport> {
  for (const path of files.keys()) {
    const problem = ownPathProblem(path);
    if (problem) throw new Error(`slbkit bug: the generator produced the file path ${JSON.stringify(path)}, which ${problem}`);
  }
  const previous = await readPreviousOutput(folder, files);
  await refuseUntrusted(folder, files, previous, origin.inputs);
  const hashes = hashFiles(files);
  const plan = await planReplacement(folder, files, previous, hashes);
  const staging = `${folder}.slbkit-staging-${process.pid}`;
  const interim = new Map<string, string>([...previous.owned].filter((e): e is [string, string] => e[1] !== null));
  for (const [path, hash] of hashes) interim.set(path, hash);
  await rm(staging, { recursive: true, force: true });
  try {
    // Not recursive: fails if anything (a link planted under this name) is there after the rm.
    await mkdir(staging);
    await mkdir(join(staging, 'new'));
    for (const path of plan.place) {
      await mkdir(dirname(join(staging, 'new', path)), { recursive: true });
      await writeFile(join(staging, 'new', path), files.get(path)!);
    }
    await writeFile(join(staging, 'manifest.interim'), renderManifest(interim, { ...origin, inputs: undefined }));
    await writeFile(join(staging, 'manifest.final'), renderManifest(hashes, origin));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new OutputError(`cannot write the staging folder ${staging} (${describeFsError(error)}); ${folder} was not changed`);
  }
  await moveIntoPlace(folder, staging, plan, previous);
  // Folders that held only removed files go too; never --out itself.
  for (const path of plan.remove)
    if (path.includes('/')) await removeEmptyFolders(dirname(join(folder, path)), join(folder, path.split('/')[0]!));
  await rm(staging, { recursive: true, force: true });
  return {
    written: files.size,
    removed: plan.remove,
    handEdited: plan.handEdited,
    adopted: previous.adopted,
    manifest: renderManifest(hashes, origin),
  };
}

async function moveIntoPlace(folder: string, staging: string, plan: Plan, previous: PreviousOutput): Promise<void> {
  const undo: (() => Promise<unknown>)[] = [];
  const aside = async (path: string) => {
    await mkdir(dirname(join(staging, 'old', path)), { recursive: true });
    await rename(join(folder, path), join(staging, 'old', path));
    undo.push(() => rename(join(staging, 'old', path), join(folder, path)));
  };
  let doing = `create ${folder}`;
  try {
    if (!(await lstatOrUndefined(folder))) {
      await mkdir(folder);
      undo.push(() => rmdir(folder));
    }
    doing = `write ${join(folder, MANIFEST_FILE)}`;
    await rename(join(staging, 'manifest.interim'), join(folder, MANIFEST_FILE));
    undo.push(() => restoreManifest(folder, staging, previous.manifestText));
    for (const path of plan.remove) {
      doing = `remove ${join(folder, path)}`;
      await aside(path);
    }
    for (const path of plan.place) {
      doing = `write ${join(folder, path)}`;
      await makeFoldersOnTheWay(folder, path, undo);
      if (await lstatOrUndefined(join(folder, path))) await aside(path);
      await rename(join(staging, 'new', path), join(folder, path));
      undo.push(() => rename(join(folder, path), join(staging, 'new', path)));
    }
    doing = `write ${join(folder, MANIFEST_FILE)}`;
    await rename(join(staging, 'manifest.final'), join(folder, MANIFEST_FILE));
  } catch (error) {
    const undoFailures: string[] = [];
    for (const step of undo.reverse()) await step().catch((e: unknown) => undoFailures.push(describeFsError(e)));
    if (undoFailures.length === 0) await rm(staging, { recursive: true, force: true });
    const after = undoFailures.length
      ? `putting the previous output back failed too (${undoFailures[0]}): its files are in ${join(staging, 'old')}`
      : `${folder} is as it was`;
    throw new OutputError(`cannot ${doing} (${describeFsError(error)}); ${after}`);
  }
}

async function makeFoldersOnTheWay(folder: string, path: string, undo: (() => Promise<unknown>)[]): Promise<void> {
  const segments = path.split('/').slice(0, -1);
  for (let i = 1; i <= segments.length; i++) {
    const dir = join(folder, ...segments.slice(0, i));
    if (await lstatOrUndefined(dir)) continue;
    await mkdir(dir);
    undo.push(() => rmdir(dir));
  }
}

async function restoreManifest(folder: string, staging: string, text: string | undefined): Promise<void> {
  if (text === undefined) return rm(join(folder, MANIFEST_FILE), { force: true });
  await writeFile(join(staging, 'manifest.previous'), text);
  await rename(join(staging, 'manifest.previous'), join(folder, MANIFEST_FILE));
}

/**
 * What runs killed by a signal left beside the folder: staging folders and the lock's
 * per-process files, named with the dead run's pid. Only called with the lock held.
 */
async function removeDeadStaging(folder: string): Promise<void> {
  const leftover = new RegExp(`^${escapeRegExp(basename(folder))}\\.slbkit-(?:staging-|lock\\.(?:stale-)?)(\\d+)$`);
  const beside = await readdir(dirname(folder)).catch(() => [] as string[]);
  for (const name of beside) {
    const pid = Number(leftover.exec(name)?.[1] ?? NaN);
    // Best effort: a leftover that cannot be removed is harmless, the run goes on.
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid))
      await rm(join(dirname(folder), name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Remove `from` and then the folders above it while they are empty, up to and including `last`. */
async function removeEmptyFolders(from: string, last: string | undefined): Promise<void> {
  if (last === undefined || !from.startsWith(last)) return;
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    if (dir === last || dirname(dir) === dir) return;
  }
}

// ------------------------------------------------------------------ small helpers

function sortedPaths(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/** The bytes of a regular file (symbolic links not followed), or undefined. */
async function readRegularFile(path: string): Promise<Buffer | undefined> {
  const entry = await lstatOrUndefined(path);
  if (!entry?.isFile()) return undefined;
  return readFile(path);
}

/** The first `limit` bytes of a regular file as UTF-8 (symbolic links, FIFOs and devices not opened), or undefined. */
async function readHead(path: string, limit: number): Promise<string | undefined> {
  if (!(await lstatOrUndefined(path))?.isFile()) return undefined;
  // Opened without following a link and without blocking, then checked again: an entry swapped
  // for a link or a FIFO between the lstat and the open is not read (nor waited on).
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOOP' || error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  if (!handle) return undefined;
  try {
    const entry = await handle.stat();
    if (!entry.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(limit, entry.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * A file-system error that escapes the steps above (a folder that cannot be read, ...) becomes one
 * OutputError line naming where, never a stack; anything else is a bug and is left as it is.
 */
async function asOutputError<T>(where: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof OutputError ||
      typeof (error as NodeJS.ErrnoException).code !== 'string' ||
      !(error as NodeJS.ErrnoException).syscall
    )
      throw error;
    throw new OutputError(`${where}: ${describeFsError(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ? `${code}: ${message.replace(/^[A-Z]+: /, '').split(',')[0]}` : String(message ?? error);
}

let ownName: string | undefined;
/** `slbkit <version>` from slbkit's own package.json, as recorded in every manifest. */
export function generatorName(): string {
  ownName ??= `slbkit ${(JSON.parse(readFileSync(OWN_PACKAGE_JSON, 'utf8')) as { version: string }).version}`;
  return ownName;
}

/** The spec file name the generated package.json records under `slbkit.spec`, for callers that do not pass it. */
function specNamedIn(files: ReadonlyMap<string, string>): string {
  try {
    const spec = (JSON.parse(files.get('package.json') ?? '{}') as { slbkit?: { spec?: unknown } }).slbkit?.spec;
    return typeof spec === 'string' ? spec : 'unknown';
  } catch {
    return 'unknown';
  }
}
