import { createHash } from 'node:crypto';

/**
 * The manifest slbkit keeps inside every output folder: the list of files it wrote, each with the
 * SHA-256 of its bytes, plus the generator version and the spec's file name. It is what makes a
 * file provably the generator's own: the next run replaces and deletes only files listed here and
 * keeps everything else in the folder (a `.git`, notes, a `.gitignore`). It is printed like every
 * generated file: sorted, no timestamp, no absolute path, so the same spec gives the same bytes
 * and `generate --check` can compare it too.
 *
 * It is a claim, not a proof (issue 17): it lies in the folder it describes, so whoever edits a
 * file can edit its hash too. It says what a run may replace or delete; what the folder holds is
 * checked against the disk and a new generation (write.ts, check.ts, up-to-date.ts, published.ts).
 */

export const MANIFEST_FILE = '.slbkit-manifest.json';
const FORMAT = 1;
/** A real manifest lists a few hundred paths (about 100 bytes each); anything far larger is not ours. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface ManifestOrigin {
  /** `slbkit <version>` of the generator that wrote the folder. */
  generator: string;
  /** The spec's file name (no folder: the same spec gives the same bytes wherever it lies). */
  spec: string;
  /**
   * SHA-256 of what the output was made from (spec bytes, generator sources, options: see
   * up-to-date.ts), so an unchanged run can be skipped. Absent in the interim manifest of a run
   * in progress: a half-written folder is never taken as up to date.
   */
  inputs?: string | undefined;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** relative path -> text, to relative path -> SHA-256 of the UTF-8 bytes written. */
export function hashFiles(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].map(([path, text]) => [path, sha256(text)]));
}

/** The manifest listing `hashes` (relative path -> SHA-256), as the bytes written to MANIFEST_FILE. */
export function renderManifest(hashes: ReadonlyMap<string, string>, origin: ManifestOrigin): string {
  // An array, not an object keyed by path: JSON.stringify puts integer-like keys first, so an
  // object would not keep the sorted order for a file named "1".
  const entries = [...hashes]
    .map(([path, hash]) => ({ path, sha256: hash }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = {
    slbkitManifest: FORMAT,
    note: 'Written by slbkit-generate: the next run replaces or deletes exactly the files listed here and keeps every other file in this folder. Do not edit.',
    generator: origin.generator,
    spec: origin.spec,
    ...(origin.inputs === undefined ? {} : { inputs: origin.inputs }),
    files: entries,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Why a manifest cannot be trusted; the message names the entry (JSON pointer into the manifest). */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/**
 * The files a manifest lists (path -> SHA-256), or a ManifestError. Every path must stay inside the
 * folder (see `ownPathProblem`): a manifest is text anyone can edit, and it decides what is deleted.
 */
export function parseManifest(text: string): Map<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`not JSON (${(error as Error).message})`);
  }
  if (!isRecord(data) || data.slbkitManifest !== FORMAT) throw new ManifestError(`#/slbkitManifest must be ${FORMAT}`);
  if (!Array.isArray(data.files)) throw new ManifestError('#/files must be a list');
  const files = new Map<string, string>();
  data.files.forEach((entry: unknown, index: number) => {
    const at = `#/files/${index}`;
    if (!isRecord(entry) || typeof entry.path !== 'string' || typeof entry.sha256 !== 'string')
      throw new ManifestError(`${at} must be {"path": string, "sha256": string}`);
    const problem = ownPathProblem(entry.path);
    if (problem) throw new ManifestError(`${at}/path ${JSON.stringify(entry.path)} ${problem}`);
    if (!/^[0-9a-f]{64}$/.test(entry.sha256)) throw new ManifestError(`${at}/sha256 is not a SHA-256 in hex`);
    if (files.has(entry.path)) throw new ManifestError(`${at}/path ${JSON.stringify(entry.path)} is listed twice`);
    files.set(entry.path, entry.sha256);
  });
  return files;
}

/**
 * Why `path` cannot be a file of an output folder, or undefined. A path is relative, in `/` form,
 * with no empty, `.` or `..` segment, no backslash or NUL, not inside `.git`, and not the manifest
 * itself: then joining it to the folder cannot leave the folder (symbolic links on the way are
 * checked against the disk by write.ts).
 */
export function ownPathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > 1024) return 'is empty or longer than 1024 characters';
  if (path.includes('\0') || path.includes('\\')) return 'contains a NUL or a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'has an empty, "." or ".." segment (it would leave the folder)';
  if (segments.some((s) => s.toLowerCase() === '.git')) return 'is inside .git';
  if (path === MANIFEST_FILE) return 'is the manifest itself';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
