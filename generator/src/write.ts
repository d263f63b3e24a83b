import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

/** The only code that touches the output folder. */

export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/**
 * Replace `outDir` with exactly `files`. Everything is written to a temporary folder beside it
 * first and swapped in with renames, so a failure leaves the last good output whole. A folder
 * that exists and is not a previous output (its package.json has no `slbkit` field) is refused.
 */
export async function writeOutput(outDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const target = resolve(outDir);
  await assertReplaceable(target);
  const staging = `${target}.slbkit-tmp-${process.pid}`;
  const retired = `${target}.slbkit-old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [path, text] of files) {
      const file = join(staging, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
    if (existsSync(target)) await rename(target, retired);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(target) && existsSync(retired)) await rename(retired, target);
    throw error;
  }
  await rm(retired, { recursive: true, force: true });
}

async function assertReplaceable(target: string): Promise<void> {
  if (!existsSync(target)) return;
  const entries = await readdir(target);
  if (entries.length === 0) return;
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (typeof manifest !== 'object' || manifest === null || !('slbkit' in manifest)) {
    throw new OutputError(`${target} is not empty and is not a previous slbkit output (no "slbkit" field in its package.json); refusing to overwrite it. Choose another --out or empty it.`);
  }
}

/** The relative paths whose content on disk differs from `files`, plus files on disk that would go. */
export async function diffOutput(outDir: string, files: ReadonlyMap<string, string>): Promise<{ changed: string[]; missing: string[]; extra: string[] }> {
  const target = resolve(outDir);
  const onDisk = existsSync(target) ? await listFiles(target) : [];
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, text] of files) {
    if (!onDisk.includes(path)) missing.push(path);
    else if ((await readFile(join(target, path), 'utf8')) !== text) changed.push(path);
  }
  const extra = onDisk.filter((path) => !files.has(path));
  return { changed, missing, extra };
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}
