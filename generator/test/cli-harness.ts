/**
 * The generator's CLI as a user runs it, in its own process, for the tables that check what a
 * user sees (broken-specs, hostile-specs): the exit code, stdout and stderr, and the output
 * folder's bytes before and after.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the run was killed for outliving `timeoutMs`. */
  killed?: boolean;
}

export interface RunOptions {
  /**
   * `bin` (default): `node --expose-gc generator/bin/generate.mjs`, what `npm run generate` runs:
   * the esbuild bundle of the sources, rebuilt when a source is newer (0.7 s of CPU a run, where
   * `source`, `node --import tsx generator/src/cli.ts`, transpiles the generator again in every
   * process: 2.2 s). `source` stays for rows about the sources themselves.
   */
  entry?: 'source' | 'bin';
  /** Kill the process (and report `killed`) after this long (default 120 s): a run that hangs fails its row instead of the suite. */
  timeoutMs?: number;
}

/** A child process, bounded in time (killed after `timeoutMs`, default 120 s, and marked `killed`), its output collected. Async, so rows can overlap. */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => ((killed = true), child.kill('SIGKILL')), options.timeoutMs ?? 120_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('close', (code) => (clearTimeout(timer), resolve(killed ? { code, stdout, stderr, killed } : { code, stdout, stderr })));
  });
}

/** The generator's CLI, from its sources or as `npm run generate` runs it (RunOptions). */
export function runCli(args: string[], { entry = 'bin', timeoutMs }: RunOptions = {}): Promise<Run> {
  const command = entry === 'bin' ? ['--expose-gc', 'generator/bin/generate.mjs'] : ['--import', 'tsx', 'generator/src/cli.ts'];
  return runProcess(process.execPath, [...command, ...args], timeoutMs === undefined ? {} : { timeoutMs });
}

/** Every file below `dir`, by relative path, as a SHA-256 of its bytes. */
export function hashTree(dir: string, prefix = ''): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(hashes, hashTree(dir, path));
    else
      hashes[path] = createHash('sha256')
        .update(readFileSync(join(dir, path)))
        .digest('hex');
  }
  return hashes;
}

/** `text` as a regex that matches it literally. */
export function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A regex for the error line: `slbkit-generate: <location>: <message>`, location and message taken literally. */
export function errorLine(location: string, message: string): RegExp {
  return new RegExp(`^slbkit-generate: ${literally(location)}: ${literally(message)}`);
}
