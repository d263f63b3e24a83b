import { constants, readFileSync } from 'node:fs';
import { lstat, open, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OWN_PACKAGE_JSON } from '../paths.js';

/**
 * Where `--out` is and how it is read, shared by the jobs of this folder (write.ts, check.ts,
 * previous.ts): its real path, reads that never follow a link or block on a FIFO, and the one
 * error every file-system failure becomes. Reads only: write.ts is the only writer under `--out`
 * (a test, output-writers.test.ts, fails when another file imports a node:fs write function).
 */

export class OutputError extends Error {
  override readonly name = 'OutputError';
}

// ------------------------------------------------------------------ where --out is

/**
 * The real path of `--out`. A symbolic link is followed (the link stays; the folder it points to
 * is written); a link to nothing is refused rather than creating folders wherever it points; a
 * file is refused. With `createAbove` (write.ts: the only code that creates folders), missing
 * folders above `--out` are created (`createdAbove` is the first of them, for `removeEmptyFolders`).
 */
export async function locateOutput(
  outDir: string,
  createAbove?: (above: string) => Promise<string | undefined>,
): Promise<{ folder: string; createdAbove?: string | undefined }> {
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
  if (createAbove) createdAbove = await createAbove(dirname(given));
  const above = await realpath(dirname(given)).catch(() => dirname(given));
  return { folder: join(above, basename(given)), createdAbove };
}

// ------------------------------------------------------------------ small helpers

export function sortedPaths(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/** The bytes of a regular file (symbolic links not followed), or undefined. */
export async function readRegularFile(path: string): Promise<Buffer | undefined> {
  const entry = await lstatOrUndefined(path);
  if (!entry?.isFile()) return undefined;
  return readFile(path);
}

/** The first `limit` bytes of a regular file as UTF-8 (symbolic links, FIFOs and devices not opened), or undefined. */
export async function readHead(path: string, limit: number): Promise<string | undefined> {
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
export async function asOutputError<T>(where: string, work: () => Promise<T>): Promise<T> {
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

export function describeFsError(error: unknown): string {
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
export function specNamedIn(files: ReadonlyMap<string, string>): string {
  try {
    const spec = (JSON.parse(files.get('package.json') ?? '{}') as { slbkit?: { spec?: unknown } }).slbkit?.spec;
    return typeof spec === 'string' ? spec : 'unknown';
  } catch {
    return 'unknown';
  }
}
