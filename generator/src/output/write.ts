import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  asOutputError,
  describeFsError,
  generatorName,
  locateOutput,
  lstatOrUndefined,
  OutputError,
  readRegularFile,
  sortedPaths,
  specNamedIn,
} from './folder.js';
import { acquireLock, isRunning, LockError } from './lock.js';
import { hashFiles, MANIFEST_FILE, type ManifestOrigin, ownPathProblem, renderManifest, sha256 } from './manifest.js';
import { type PreviousOutput, readPreviousOutput, refuseUntrusted } from './previous.js';

/**
 * The only code that writes or removes anything under `--out` (output-writers.test.ts fails when
 * another file imports a node:fs write function; lock.ts writes only its lock file beside the
 * folder). `--out` writes only what is provably its own:
 * the files listed in the folder's manifest (manifest.ts). A run replaces those files one
 * by one and deletes the ones the new output no longer has; every other file in the folder (a
 * `.git`, a `.gitignore`, notes) is kept. A non-empty folder without a valid manifest is refused,
 * whatever its package.json says, except a previous output written before manifests existed
 * (see `adoptLegacyOutput` in previous.ts). In the part of the folder the package publishes or loads
 * (published.ts: src/, dist/, README.md, node_modules/, ...) a file the generator does not
 * write is refused, named, and nothing is touched (issue 17, see `refuseUntrustedOutput` in previous.ts).
 */

/** Larger than any file the generator writes (the biggest is well under 1 MiB); a file this big on disk is not ours to read whole. */
const MAX_GENERATED_BYTES = 64 * 1024 * 1024;

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

/**
 * Find `--out` and lock it (lock.ts) before anything is generated, so a second run on the
 * same folder is refused at once. Creates the folders above `--out` if needed (removed again on
 * release while empty), never `--out` itself.
 */
export async function lockOutput(outDir: string): Promise<OutputLock> {
  const { folder, createdAbove } = await asOutputError(`--out ${outDir}`, () =>
    locateOutput(outDir, (above) => createFoldersAbove(outDir, above)),
  );
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

/** The missing folders above `--out`, created; the first of them, to remove again while empty. */
async function createFoldersAbove(outDir: string, above: string): Promise<string | undefined> {
  try {
    return await mkdir(above, { recursive: true });
  } catch (error) {
    throw new OutputError(`cannot create the folder above --out ${outDir} (${describeFsError(error)})`);
  }
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
