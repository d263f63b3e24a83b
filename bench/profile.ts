import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fmtNumber, markdownTable, NODE, ROOT, type SpawnResult, spawnMeasured, tempDir } from './measure.js';

/**
 * Where our generator spends its time: one run under `node --cpu-prof` (V8's sampling
 * profiler, main thread), self time summed per module. A module is an npm package
 * (`node_modules/<name>`), a file of this repo, or one of V8's pseudo-frames ((garbage
 * collector), (program)) and node's own internals.
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  module: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  wallMs: number;
  code: number | null;
  rows: ProfileRow[];
  topFunctions: ProfileRow[];
}

export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node: internals';
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return path.startsWith(ROOT) ? relative(ROOT, path) : path;
}

export function summarizeCpuProfile(profile: CpuProfile, top = 12): { totalMs: number; rows: ProfileRow[]; topFunctions: ProfileRow[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByModule = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node || us < 0) return;
    total += us;
    const module = moduleOf(node.callFrame.url, node.callFrame.functionName);
    selfByModule.set(module, (selfByModule.get(module) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} — ${module}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + us);
  });
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([module, us]) => ({ module, selfMs: us / 1000, share: total ? us / total : 0 }));
  return { totalMs: total / 1000, rows: rank(selfByModule), topFunctions: rank(selfByFunction) };
}

/**
 * Run `node --cpu-prof <args>` and summarise the main thread's profile. (A `--import tsx`
 * process also writes one for tsx's loader thread; V8 names files CPU.<date>.<time>.<pid>.<thread>.<seq>,
 * and thread 0 is the main one.)
 */
export async function profileNode(
  args: string[],
  timeoutMs: number,
): Promise<{ result: SpawnResult; summary: ProfileSummary; profile?: CpuProfile }> {
  const dir = tempDir('cpuprof');
  try {
    const result = await spawnMeasured(NODE, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], { timeoutMs });
    const file = mainThreadProfile(dir);
    if (!file) return { result, summary: { totalMs: 0, wallMs: result.wallMs, code: result.code, rows: [], topFunctions: [] } };
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    return { result, profile, summary: { ...summarizeCpuProfile(profile), wallMs: result.wallMs, code: result.code } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function mainThreadProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const main = files.find((f) => /^CPU\.\d+\.\d+\.\d+\.0\./.test(f)) ?? files[0];
  return main ? join(dir, main) : undefined;
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** Profile one `generator/src/cli.ts` run (node --cpu-prof --import tsx) on `spec`. */
export async function profileGenerate(spec: string, timeoutMs: number): Promise<ProfileSummary> {
  const out = tempDir('cpuprof-out');
  try {
    return (
      await profileNode(['--import', 'tsx', join(ROOT, 'generator/src/cli.ts'), '--spec', spec, '--out', join(out, 'pkg')], timeoutMs)
    ).summary;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Self time per function ("name — module"), µs; with a window (µs on the monotonic clock that
 * both V8's profile and process.hrtime use), only samples inside it.
 */
export function selfTimeByFunction(profile: CpuProfile, window?: { startUs: number; endUs: number }): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (!node || us < 0) return;
    if (window && (at < window.startUs || at > window.endUs)) return;
    const key = `${node.callFrame.functionName || '(anonymous)'} — ${moduleOf(node.callFrame.url, node.callFrame.functionName)}`;
    out.set(key, (out.get(key) ?? 0) + us);
  });
  return out;
}

export function profileMarkdown(summary: ProfileSummary): string {
  if (!summary.rows.length) return `_No profile was written (exit code ${summary.code})._`;
  const modules = markdownTable(
    ['module (self time)', 'ms', 'share'],
    summary.rows.map((r) => [r.module, fmtNumber(r.selfMs), `${(r.share * 100).toFixed(1)} %`]),
  );
  const functions = markdownTable(
    ['function — module', 'self ms', 'share'],
    summary.topFunctions.slice(0, 8).map((r) => [r.module, fmtNumber(r.selfMs), `${(r.share * 100).toFixed(1)} %`]),
  );
  return `Sampled ${fmtNumber(summary.totalMs)} ms of main-thread time in a ${fmtNumber(summary.wallMs)} ms run (exit ${summary.code}; profiling adds overhead).\n\n${modules}\n\n${functions}`;
}
