// Over 400 lines: the benchmark's shared measuring code (processes, memory, the machine, tables); each part's own file is small.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shared measuring code: statistics, timed child processes, tables. Every part uses these. */

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const BENCH_DIR = join(ROOT, 'bench');
export const SPEC = join(ROOT, 'spec', 'slb-2014-05-15.yaml');
/** The `node` running the bench; children use the same binary. */
export const NODE = process.execPath;
export const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

// ---------------------------------------------------------------------------------------------
// Configuration from the environment

/** Measured runs per figure (after one warm-up). BENCH_RUNS=N; below 5 the results say so. */
export function benchRuns(): number {
  const raw = process.env.BENCH_RUNS;
  if (raw === undefined || raw === '') return 5;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_RUNS must be a positive integer, not "${raw}"`);
  return n;
}

export const PARTS = ['generation', 'scale', 'client', 'mock', 'weight', 'mutants'] as const;
export type Part = (typeof PARTS)[number];

/** BENCH_ONLY=generation,client runs those parts; unset runs all. */
export function selectedParts(): Part[] {
  const raw = process.env.BENCH_ONLY;
  if (!raw) return [...PARTS];
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !(PARTS as readonly string[]).includes(w));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown part(s) ${unknown.join(', ')}; known: ${PARTS.join(', ')}`);
  return PARTS.filter((p) => wanted.includes(p));
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

/** Ratios taken pair by pair (run i of a over run i of b), then summarised. */
export function pairedRatios(a: readonly number[], b: readonly number[]): Stats {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (b[i]! !== 0) ratios.push(a[i]! / b[i]!);
  return stats(ratios);
}

/**
 * Interleaved rounds: one warm-up round, then `runs` rounds; in each round every subject runs
 * once, in the listed order. Drift (thermal, other load) then hits all subjects alike, and the
 * i-th samples of two subjects form a pair for `pairedRatios`.
 */
export async function interleaved<T>(
  subjects: readonly { name: string; run: (round: number) => Promise<T> }[],
  runs: number,
  onProgress?: (line: string) => void,
): Promise<Map<string, T[]>> {
  const samples = new Map<string, T[]>(subjects.map((s) => [s.name, []]));
  for (let round = 0; round <= runs; round++) {
    for (const subject of subjects) {
      const value = await subject.run(round);
      if (round > 0) samples.get(subject.name)!.push(value);
    }
    onProgress?.(round === 0 ? 'warm-up done' : `round ${round}/${runs} done`);
  }
  return samples;
}

// ---------------------------------------------------------------------------------------------
// Timed child processes

export interface SpawnResult {
  wallMs: number;
  /** Peak resident set of the largest process of the tree, KiB; undefined when unmeasurable. */
  maxRssKiB: number | undefined;
  /** User + system CPU time of the tree (GNU time only), ms: less sensitive than wall to a busy machine. */
  cpuMs: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Measure peak RSS (wraps the command in /usr/bin/time -v, or the preload fallback). */
  rss?: boolean;
  /** Characters of stdout (and of stderr) kept, the last ones; 64 K by default (a flood stays bounded). */
  keepOutput?: number;
}

type RssMethod = 'gnu-time' | 'preload' | 'none';
let rssMethod: RssMethod | undefined;

/**
 * How peak RSS is read. GNU `/usr/bin/time -v` reports ru_maxrss from wait4, which on Linux is
 * the largest resident set among the process and the descendants it waited for (so the node
 * child that `tsx` spawns is covered). Without it, a `--require` preload in NODE_OPTIONS makes
 * every node process of the tree append its own `process.resourceUsage().maxRSS` to a file.
 */
export function peakRssMethod(): RssMethod {
  if (rssMethod) return rssMethod;
  rssMethod = 'none';
  // BENCH_RSS_METHOD=preload forces the fallback (to check it on a machine that has GNU time).
  if (process.env.BENCH_RSS_METHOD === 'preload' && existsSync(join(BENCH_DIR, 'maxrss-preload.cjs'))) return (rssMethod = 'preload');
  if (existsSync('/usr/bin/time')) {
    const dir = mkdtempSync(join(tmpdir(), 'slbkit-bench-time-'));
    const out = join(dir, 'time.txt');
    const probe = spawnSync('/usr/bin/time', ['-v', '-o', out, NODE, '-e', '0'], { encoding: 'utf8' });
    if (probe.status === 0 && existsSync(out) && parseGnuTime(readFileSync(out, 'utf8')) !== undefined) rssMethod = 'gnu-time';
    rmSync(dir, { recursive: true, force: true });
  }
  if (rssMethod === 'none' && existsSync(join(BENCH_DIR, 'maxrss-preload.cjs'))) rssMethod = 'preload';
  return rssMethod;
}

function parseGnuTime(text: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Spawn a command, wall-time it from spawn to exit, optionally read its peak RSS. Never throws for exit codes. */
export function spawnMeasured(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const method = options.rss ? peakRssMethod() : 'none';
  const scratch = method === 'none' ? undefined : mkdtempSync(join(tmpdir(), 'slbkit-bench-rss-'));
  const rssFile = scratch ? join(scratch, 'rss.txt') : undefined;
  let file = command;
  let argv = [...args];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (method === 'gnu-time') {
    file = '/usr/bin/time';
    argv = ['-v', '-o', rssFile!, command, ...args];
  } else if (method === 'preload') {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${join(BENCH_DIR, 'maxrss-preload.cjs')}`.trim();
    env.SLBKIT_BENCH_MAXRSS_FILE = rssFile;
  }
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    // Own process group, so a timeout ends the whole tree (tsx starts a second node) by its id.
    const child = spawn(file, argv, { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    const keep = options.keepOutput ?? 65536;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = keepTail(stdout + d, keep)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = keepTail(stderr + d, keep)));
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          killGroup(child.pid);
        }, options.timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      if (timer) clearTimeout(timer);
      let maxRssKiB: number | undefined;
      let cpuMs: number | undefined;
      if (rssFile && existsSync(rssFile)) {
        const text = readFileSync(rssFile, 'utf8');
        if (method === 'gnu-time') {
          maxRssKiB = parseGnuTime(text);
          const user = /User time \(seconds\):\s*([\d.]+)/.exec(text);
          const system = /System time \(seconds\):\s*([\d.]+)/.exec(text);
          if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
        } else
          maxRssKiB = Math.max(
            ...text
              .split('\n')
              .filter(Boolean)
              .map((l) => Number(l.split(' ')[1])),
          );
        // GNU time wraps the command: its own exit status line tells the command's code.
        if (method === 'gnu-time') {
          const exit = /Exit status:\s*(\d+)/.exec(text);
          const killed = /Command terminated by signal (\d+)/.exec(text);
          if (exit && code === 0) code = Number(exit[1]);
          if (killed) code = code ?? 128 + Number(killed[1]);
        }
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      resolvePromise({ wallMs, maxRssKiB, cpuMs, code, signal, timedOut, stdout, stderr });
    });
  });
}

/** Only the tail of a child's output is kept (64 K by default): enough for its error, bounded for floods. */
function keepTail(text: string, keep: number): string {
  return text.length > keep ? text.slice(-keep) : text;
}

/** End a process group this bench started (by the leader's id). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** The first line of a failure worth quoting: the error message, not the stack or a banner. */
export function firstErrorLine(stderr: string, stdout = ''): string {
  const lines = `${stderr}\n${stdout}`
    .split('\n')
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter(Boolean);
  const error = lines.find((l) => /(Error|error|ERR_|✘|failed|Invalid)/.test(l) && !/^at /.test(l));
  return (error ?? lines[0] ?? '(no output)').slice(0, 200);
}

/** A fresh temporary folder; the caller removes it. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `slbkit-bench-${label}-`));
}

export function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

// ---------------------------------------------------------------------------------------------
// Process-tree memory (Linux /proc), for long-running servers

/** The process and all its descendants (Linux /proc), with CPU time so far and a short command line. */
export function treeProcesses(rootPid: number): { pid: number; command: string; cpuMs: number }[] {
  if (!existsSync('/proc')) return [];
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      // utime and stime (fields 14 and 15 of stat), in clock ticks (USER_HZ, 100 on Linux).
      cpu.set(Number(name), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while we looked
    }
  }
  const out: { pid: number; command: string; cpuMs: number }[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    if (!cpu.has(pid)) continue;
    let command = '?';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((a) => a.replace(/^.*\/node_modules\//, '').replace(`${ROOT}/`, ''))
        .join(' ');
    } catch {
      // exited
    }
    out.push({ pid, command, cpuMs: cpu.get(pid)! });
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Sum of VmRSS (KiB) over a process and all its descendants, and the largest VmHWM among them. */
export function treeMemory(rootPid: number): { rssKiB: number; peakKiB: number; processes: number } | undefined {
  if (!existsSync('/proc')) return undefined;
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  let rssKiB = 0;
  let peakKiB = 0;
  let processes = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rssKiB += Number(/VmRSS:\s*(\d+)/.exec(status)?.[1] ?? 0);
      peakKiB = Math.max(peakKiB, Number(/VmHWM:\s*(\d+)/.exec(status)?.[1] ?? 0));
      processes++;
    } catch {
      continue;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return processes ? { rssKiB, peakKiB, processes } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Formatting

export function fmtNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min-max)" in one unit. */
export function fmtStats(s: Stats, digits = 0, unit = ''): string {
  if (s.n === 0) return 'n/a';
  const u = unit ? ` ${unit}` : '';
  if (s.n === 1) return `${fmtNumber(s.median, digits)}${u} (1 run)`;
  return `${fmtNumber(s.median, digits)}${u} (${fmtNumber(s.min, digits)}–${fmtNumber(s.max, digits)})`;
}

export function fmtRatio(s: Stats): string {
  if (s.n === 0) return 'n/a';
  return `${s.median.toFixed(2)}x (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

export function mib(kib: number): number {
  return kib / 1024;
}

/** A verdict cell: ✅ met / ❌ missed, with the measured value and the target. */
export function verdict(met: boolean | undefined, text: string): string {
  return `${met === undefined ? '⚠️ not measured' : met ? '✅ met' : '❌ missed'}: ${text}`;
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${headers.map(escapeCell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The machine

export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryGiB: number;
  date: string;
  peakRssMethod: RssMethod;
}

/** 1-minute load average over the number of CPUs: above 1, other work competed with the bench. */
export function loadNote(): string {
  const [one] = loadavg();
  const n = cpus().length;
  return `load average ${one!.toFixed(2)} on ${n} CPUs${one! > n ? ' (**busy machine: other processes competed; prefer ratios and CPU time**)' : ''}`;
}

export function machine(): Machine {
  const nproc = spawnSync('nproc', { encoding: 'utf8' });
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpuModel = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux
  }
  let memoryGiB = NaN;
  try {
    memoryGiB = Number(/MemTotal:\s*(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) / 1024 / 1024;
  } catch {
    // not Linux
  }
  return {
    nproc: nproc.status === 0 ? Number(nproc.stdout.trim()) : cpus().length,
    cpuModel,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB,
    date: new Date().toISOString(),
    peakRssMethod: peakRssMethod(),
  };
}

/** Progress on stderr, so `npm run bench` shows where it is; the results go to RESULTS.md. */
export function log(part: string, message: string): void {
  process.stderr.write(`[bench ${part}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// What a part hands back to run.ts

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** undefined: could not be measured in this run. */
  met: boolean | undefined;
}

export interface PartReport {
  part: Part;
  title: string;
  /** Markdown: tables and notes of this part. */
  body: string;
  targets: TargetCheck[];
}
