import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asOutputError, generatorName, locateOutput, lstatOrUndefined, sortedPaths, specNamedIn } from './folder.js';
import { hashFiles, MANIFEST_FILE, renderManifest } from './manifest.js';
import { readPreviousOutput } from './previous.js';
import { type EntryKind, publishedEntries, publishedTopLevel } from './published.js';

/**
 * `--check`: the folder compared in memory with a new generation, byte for byte, and the drift
 * named file by file. Reads only: nothing is written, not even the manifest.
 */

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
 * What `--check` reports: generated files (and the manifest) whose bytes on disk differ or that
 * are missing, files the folder's manifest lists that the new output no longer has, and every other
 * entry in the published part of the folder (published.ts). Nothing is taken from the
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

async function diffFolder(
  outDir: string,
  files: ReadonlyMap<string, string>,
  options: { spec?: string; inputs?: string },
): Promise<OutputDrift> {
  const { folder } = await locateOutput(outDir);
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

/** The manifest without its recorded inputs (when this run's are not known, they are not compared). */
function withoutInputs(manifest: string): string {
  return manifest.replace(/^ {2}"inputs": "[0-9a-f]{64}",\n/m, '');
}
