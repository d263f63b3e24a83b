import { type ChildProcess, fork, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientKind, RunMessage, RunResult } from './client-worker.js';
import {
  BENCH_DIR,
  fmtRatio,
  fmtStats,
  killGroup,
  loadNote,
  log,
  markdownTable,
  NODE,
  type PartReport,
  pairedRatios,
  ROOT,
  type Stats,
  stats,
  tempDir,
} from './measure.js';
import { mainThreadProfile, readProfile, selfTimeByFunction } from './profile.js';

/**
 * Part 3: client overhead on loopback. One server process (bench/loopback-server.ts); each
 * client in its own worker process (bench/client-worker.ts), so each one's CPU time is its own.
 * Rounds are interleaved (every client, both levels, per round; the order rotates each round)
 * and ratios are taken pair by pair within a round.
 */

const CLIENTS: { kind: ClientKind; label: string; diagnostic?: boolean }[] = [
  { kind: 'ours', label: 'ours (generated/dist, node:http keep-alive)' },
  { kind: 'pop-core', label: '@alicloud/pop-core 1.8 RPCClient' },
  { kind: 'fetch', label: 'global fetch + hand-written V1 (bench/signer-v1.ts)' },
  { kind: 'floor', label: 'node:http floor: constant URL, JSON.parse, nothing else', diagnostic: true },
  { kind: 'floor-signed', label: 'node:http floor + V1 signing per call (bench/signer-v1.ts)', diagnostic: true },
];
const LEVELS = [
  { name: 'sequential', concurrency: 1, calls: 2000 },
  { name: '16 concurrent', concurrency: 16, calls: 4000 },
];

async function startServer(): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(NODE, ['--import', 'tsx', join(BENCH_DIR, 'loopback-server.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the loopback server exited (${code}) before listening`)));
  });
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

interface Worker {
  kind: ClientKind;
  child: ChildProcess;
  run(message: RunMessage): Promise<RunResult>;
}

async function startWorker(kind: ClientKind, endpoint: string, profileDir?: string): Promise<Worker> {
  const execArgv = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), '--import', 'tsx'];
  const child = fork(join(BENCH_DIR, 'client-worker.ts'), [kind, endpoint], {
    cwd: ROOT,
    execArgv,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(`${kind}: unexpected ${JSON.stringify(m)}`))));
    child.once('exit', (code) => reject(new Error(`${kind} worker exited (${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
  });
  return {
    kind,
    child,
    run: (message) =>
      new Promise<RunResult>((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`${kind} worker exited (${code}) mid-run: ${stderr.trim().split('\n').pop()}`));
        child.once('exit', onExit);
        child.once('message', (result) => {
          child.off('exit', onExit);
          resolve(result as RunResult);
        });
        child.send(message);
      }),
  };
}

const PROFILE_CALLS = 3000;

/**
 * Where a client's CPU goes: one sequential batch in a worker under --cpu-prof; self time of
 * the samples inside the batch, per function, in µs per call.
 */
async function profileClient(kind: ClientKind, endpoint: string): Promise<Map<string, number>> {
  const dir = tempDir(`client-prof-${kind}`);
  try {
    const worker = await startWorker(kind, endpoint, dir);
    await worker.run({ calls: 500, concurrency: 1 }); // warm
    const batch = await worker.run({ calls: PROFILE_CALLS, concurrency: 1 });
    const exited = new Promise((resolve) => worker.child.once('exit', resolve));
    worker.child.disconnect(); // nothing keeps it alive then: it exits and writes its profile
    await exited;
    const file = mainThreadProfile(dir);
    if (!file) return new Map();
    const perCall = new Map<string, number>();
    for (const [fn, us] of selfTimeByFunction(readProfile(file), batch)) perCall.set(fn, us / batch.calls);
    return perCall;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function profileDiffTable(ours: Map<string, number>, theirs: Map<string, number>): string {
  const total = (m: Map<string, number>, f?: (fn: string) => boolean) =>
    [...m].filter(([fn]) => !f || f(fn)).reduce((a, [, us]) => a + us, 0);
  const own = (fn: string) => fn.includes('generated/dist/');
  const idle = (fn: string) => fn.startsWith('(idle)');
  const rows = [...new Set([...ours.keys(), ...theirs.keys()])]
    .filter((fn) => !idle(fn))
    .map((fn) => [fn, ours.get(fn) ?? 0, theirs.get(fn) ?? 0] as const)
    .sort((a, b) => b[1] - b[2] - (a[1] - a[2]))
    .slice(0, 15)
    .map(([fn, a, b]) => [fn, a.toFixed(1), b.toFixed(1), (a - b).toFixed(1)]);
  return [
    markdownTable(
      ['sampled main-thread time, µs/call', 'ours', 'pop-core'],
      [
        ['busy (all but idle)', total(ours, (f) => !idle(f)).toFixed(1), total(theirs, (f) => !idle(f)).toFixed(1)],
        [
          "in the client's own JavaScript (ours: generated/dist; pop-core: pop-core, httpx, kitx, json-bigint)",
          total(ours, own).toFixed(1),
          total(theirs, (f) => /— (@alicloud\/pop-core|httpx|kitx|json-bigint)$/.test(f)).toFixed(1),
        ],
      ],
    ),
    markdownTable(['function — module (largest extra self time of ours first)', 'ours µs/call', 'pop-core µs/call', 'difference'], rows),
  ].join('\n\n');
}

export async function clientPart(runs: number): Promise<PartReport> {
  const server = await startServer();
  const workers: Worker[] = [];
  try {
    for (const { kind } of CLIENTS) workers.push(await startWorker(kind, server.endpoint));
    const results = new Map<string, RunResult[]>();
    const key = (kind: ClientKind, level: string) => `${kind}|${level}`;
    const loadBefore = loadNote();
    for (let round = 0; round <= runs; round++) {
      for (const level of LEVELS) {
        const order = workers.map((_, i) => workers[(i + round) % workers.length]!);
        for (const worker of order) {
          const result = await worker.run({ calls: level.calls, concurrency: level.concurrency });
          if (result.errors)
            throw new Error(`${worker.kind}, ${level.name}: ${result.errors} of ${result.calls} calls failed, first: ${result.firstError}`);
          if (round > 0) results.set(key(worker.kind, level.name), [...(results.get(key(worker.kind, level.name)) ?? []), result]);
        }
      }
      log('client', round === 0 ? 'warm-up done' : `round ${round}/${runs} done`);
    }
    const loadAfter = loadNote();
    log('client', 'where the CPU goes: one profiled batch each of ours and pop-core');
    let profileSection: string;
    try {
      profileSection = profileDiffTable(await profileClient('ours', server.endpoint), await profileClient('pop-core', server.endpoint));
    } catch (error) {
      profileSection = `_Profile unavailable: ${(error as Error).message}_`;
    }

    const callsPerS = (r: RunResult) => r.calls / (r.wallMs / 1000);
    const wallUs = (r: RunResult) => (r.wallMs * 1000) / r.calls;
    const cpuUs = (r: RunResult) => r.cpuUs / r.calls;
    const series = (kind: ClientKind, level: string, f: (r: RunResult) => number) => (results.get(key(kind, level)) ?? []).map(f);
    const rows: string[][] = [];
    const throughput = new Map<string, Stats>();
    const cpu = new Map<string, Stats>();
    for (const level of LEVELS) {
      for (const { kind, label } of CLIENTS) {
        const vsPop = pairedRatios(series(kind, level.name, callsPerS), series('pop-core', level.name, callsPerS));
        const cpuVsPop = pairedRatios(series(kind, level.name, cpuUs), series('pop-core', level.name, cpuUs));
        if (kind === 'ours') {
          throughput.set(level.name, vsPop);
          cpu.set(level.name, cpuVsPop);
        }
        rows.push([
          level.name,
          CLIENTS.find((c) => c.kind === kind)!.diagnostic ? `${label} _(diagnostic)_` : label,
          fmtStats(stats(series(kind, level.name, callsPerS))),
          fmtStats(stats(series(kind, level.name, wallUs)), 1),
          fmtStats(stats(series(kind, level.name, cpuUs)), 1),
          kind === 'pop-core' ? '1.00x' : fmtRatio(vsPop),
          kind === 'pop-core' ? '1.00x' : fmtRatio(cpuVsPop),
        ]);
      }
    }
    const body = [
      `Server: bench/loopback-server.ts in its own process (127.0.0.1, keep-alive, the documented JSON success body for every request, no checks). ` +
        `Each client runs in its own process; per batch: ${LEVELS.map((l) => `${l.calls} calls ${l.name}`).join(', ')}. ` +
        `CPU = process.cpuUsage() of the client process (user + system, all threads, GC included) over the batch. Median (min–max) of ${runs} rounds after a warm-up round. Before: ${loadBefore}; after: ${loadAfter}.`,
      markdownTable(
        ['level', 'client', 'calls/s', 'wall µs/call', 'CPU µs/call', 'calls/s vs pop-core (paired)', 'CPU/call vs pop-core (paired)'],
        rows,
      ),
      `Every call of every batch succeeded (a failed call fails the part), and each worker checked its first answer had the success body. ` +
        `The floor rows are the same node:http keep-alive exchange with nothing else (then plus V1 signing): what no node:http client can beat on this machine, and what a minimal signing client costs. Ours over the floor: calls/s ${LEVELS.map((l) => `${l.name} ${fmtRatio(pairedRatios(series('ours', l.name, callsPerS), series('floor', l.name, callsPerS)))}`).join(', ')}; pop-core over the floor: ${LEVELS.map((l) => `${l.name} ${fmtRatio(pairedRatios(series('pop-core', l.name, callsPerS), series('floor', l.name, callsPerS)))}`).join(', ')}.`,
      `### Where our client's CPU goes, beside pop-core`,
      `One sequential batch of ${PROFILE_CALLS} calls per client in a worker under \`--cpu-prof\` (after 500 warm-up calls); self time of the samples inside the batch, per call (the profiler adds overhead; compare the two columns, not with the table above).`,
      profileSection,
    ].join('\n\n');
    const seq = throughput.get('sequential')!;
    const con = throughput.get('16 concurrent')!;
    const cpuSeq = cpu.get('sequential')!;
    const cpuCon = cpu.get('16 concurrent')!;
    return {
      part: 'client',
      title: '3. Client overhead on loopback',
      body,
      targets: [
        {
          name: 'client: ours calls/s vs pop-core, sequential',
          target: '>= 1.3x',
          measured: fmtRatio(seq),
          met: seq.n ? seq.median >= 1.3 : undefined,
        },
        {
          name: 'client: ours calls/s vs pop-core, 16 concurrent',
          target: '>= 1.3x',
          measured: fmtRatio(con),
          met: con.n ? con.median >= 1.3 : undefined,
        },
        {
          name: 'client: ours CPU/call vs pop-core, sequential',
          target: '<= 0.7x',
          measured: fmtRatio(cpuSeq),
          met: cpuSeq.n ? cpuSeq.median <= 0.7 : undefined,
        },
        {
          name: 'client: ours CPU/call vs pop-core, 16 concurrent',
          target: '<= 0.7x',
          measured: fmtRatio(cpuCon),
          met: cpuCon.n ? cpuCon.median <= 0.7 : undefined,
        },
      ],
    };
  } finally {
    for (const worker of workers) worker.child.kill();
    killGroup(server.child.pid, 'SIGTERM');
  }
}
