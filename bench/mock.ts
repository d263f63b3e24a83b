import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../contract-tests/mock/free-port.js';
import {
  fmtNumber,
  fmtRatio,
  fmtStats,
  killGroup,
  loadNote,
  log,
  markdownTable,
  mib,
  NODE,
  type PartReport,
  pairedRatios,
  ROOT,
  SPEC,
  stats,
  tempDir,
  treeMemory,
  treeProcesses,
} from './measure.js';
import { mainThreadProfile, readProfile, selfTimeByFunction } from './profile.js';
import { signedQueryV1 } from './signer-v1.js';

/**
 * Part 4: our enforcing mock (contract-tests/mock, a validating front that forwards valid
 * requests to Prism) against bare Prism on the same spec: start-up to first answer, requests/s
 * with 16 keep-alive connections for a fixed time, and resident memory of the process tree.
 * Runs only when contract-tests/mock/cli.ts exists.
 */

const MOCK_CLI = join(ROOT, 'contract-tests', 'mock', 'cli.ts');
const PRISM_CLI = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
const LOAD_MS = 3000;
const CONNECTIONS = 16;
const START_TIMEOUT_MS = 60_000;

interface Server {
  /** Short name for the per-process table. */
  id: string;
  name: string;
  command: string;
  args: (port: number) => string[];
  /** Whether the target compares with this one. */
  reference?: boolean;
  ours?: boolean;
}

const SERVERS: Server[] = [
  {
    id: 'ours',
    name: 'ours: `npm run mock -- --port N` (validation + Prism engine in one process, logs at warn)',
    command: 'npm',
    args: (port) => ['run', '--silent', 'mock', '--', '--port', String(port)],
    ours: true,
  },
  {
    id: 'Prism -v warn',
    name: 'bare Prism, same log level as inside ours (`-v warn`)',
    command: NODE,
    args: (port) => [PRISM_CLI, 'mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'warn', SPEC],
    reference: true,
  },
  {
    id: 'Prism, info logs',
    name: 'bare Prism as briefed (`prism mock -h 127.0.0.1 -p N spec`, info logs)',
    command: NODE,
    args: (port) => [PRISM_CLI, 'mock', '-h', '127.0.0.1', '-p', String(port), SPEC],
  },
];

/** A valid signed RemoveBackendServers GET (every parameter the spec requires), fresh each time. */
function validPath(): string {
  const query = signedQueryV1(
    'GET',
    {
      Action: 'RemoveBackendServers',
      Version: '2014-05-15',
      RegionId: 'cn-east-hangzhou-01',
      LoadBalancerId: '139a00604ad-cn-east-hangzhou-01',
      BackendServers: '["vm-233","vm-234"]',
    },
    { accessKeyId: 'bench-key-id', accessKeySecret: 'bench-key-secret' },
  );
  return `/?${query}`;
}

function get(port: number, agent: Agent | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: validPath(), method: 'GET', headers: { accept: 'application/json' }, agent, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

interface LoadResult {
  requests: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  /** The load period on the monotonic clock (µs), which V8's CPU profiles share across processes. */
  startUs: number;
  endUs: number;
  /** CPU of this process (the load loop) over the period, µs. */
  loaderCpuUs: number;
}

/** `CONNECTIONS` keep-alive lanes, each sending the next request when its answer is in, for `ms`. */
async function load(port: number, ms: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const statuses: Record<string, number> = {};
  let requests = 0;
  const cpu = process.cpuUsage();
  const startUs = Number(process.hrtime.bigint() / 1000n);
  const loadStart = performance.now();
  const deadline = loadStart + ms;
  const lane = async () => {
    while (performance.now() < deadline) {
      const answer = await get(port, agent).catch(() => ({ status: 0, body: '' }));
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      requests++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, lane));
  const elapsedMs = performance.now() - loadStart;
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { requests, statuses, elapsedMs, startUs, endUs, loaderCpuUs: used.user + used.system };
}

/** Spawn a server and wait for its first answer to a valid request. */
async function startAndAwait(
  command: string,
  args: string[],
  port: number,
): Promise<{ child: ChildProcess; startupMs: number; first: { status: number; body: string } }> {
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    let first: { status: number; body: string } | undefined;
    while (!first) {
      if (exited) throw new Error(`exited before answering: ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`no answer within ${START_TIMEOUT_MS / 1000} s`);
      first = await get(port, undefined).catch(() => undefined);
      if (!first) await new Promise((r) => setTimeout(r, 20));
    }
    return { child, startupMs: performance.now() - started, first };
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  killGroup(child.pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  killGroup(child.pid, 'SIGKILL');
}

/** A command line with its port and temp paths blanked, so rounds group together. */
function processLabel(command: string): string {
  return command.replace(/(--port|-p) \d+/g, '$1 N').slice(0, 150);
}

interface RoundResult {
  startupMs: number;
  firstStatus: number;
  firstCode?: string;
  requestsPerS: number;
  statuses: Record<string, number>;
  rssMiB: number;
  processes: number;
  /** CPU µs per request of each process of the tree, and of the load loop. */
  cpuPerRequest: Record<string, number>;
}

async function measureServer(server: Server): Promise<RoundResult> {
  const port = await freePort();
  const { child, startupMs, first } = await startAndAwait(server.command, server.args(port), port);
  try {
    let firstCode: string | undefined;
    try {
      firstCode = (JSON.parse(first.body) as { Code?: string }).Code;
    } catch {
      firstCode = undefined;
    }
    const before = new Map(treeProcesses(child.pid!).map((p) => [p.pid, p]));
    const result = await load(port, LOAD_MS);
    const after = treeProcesses(child.pid!);
    const memory = treeMemory(child.pid!);
    const cpuPerRequest: Record<string, number> = { 'load loop (this bench process)': result.loaderCpuUs / result.requests };
    for (const p of after) cpuPerRequest[processLabel(p.command)] = ((p.cpuMs - (before.get(p.pid)?.cpuMs ?? 0)) * 1000) / result.requests;
    return {
      startupMs,
      firstStatus: first.status,
      ...(firstCode ? { firstCode } : {}),
      requestsPerS: result.requests / (result.elapsedMs / 1000),
      statuses: result.statuses,
      rssMiB: memory ? mib(memory.rssKiB) : NaN,
      processes: memory?.processes ?? 0,
      cpuPerRequest,
    };
  } finally {
    await stopGroup(child);
  }
}

/**
 * Where our front spends its CPU: the mock CLI started directly (node --cpu-prof --import tsx,
 * no npm), loaded like the rounds, then stopped with SIGINT so it exits cleanly and writes its
 * profile; only the samples inside the load period count.
 */
async function profileFront(): Promise<string> {
  const dir = tempDir('mock-prof');
  const port = await freePort();
  try {
    const { child } = await startAndAwait(
      NODE,
      ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', MOCK_CLI, '--port', String(port)],
      port,
    );
    const result = await load(port, LOAD_MS);
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid!, 'SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    await stopGroup(child);
    const file = mainThreadProfile(dir);
    if (!file) return '_No profile was written by the mock front._';
    const perFunction = selfTimeByFunction(readProfile(file), result);
    const perModule = new Map<string, number>();
    for (const [fn, us] of perFunction) {
      const module = fn.slice(fn.lastIndexOf(' — ') + 3);
      perModule.set(module, (perModule.get(module) ?? 0) + us);
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .filter(([k]) => !k.startsWith('(idle)'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, us]) => [k, (us / result.requests).toFixed(1)]);
    return [
      `${fmtNumber(result.requests)} requests in ${fmtNumber(result.elapsedMs)} ms; the front's main-thread self time per request, by module and by function (idle left out):`,
      markdownTable(['module', 'µs/request'], top(perModule, 10)),
      markdownTable(['function — module', 'µs/request'], top(perFunction, 12)),
    ].join('\n\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function mockPart(runs: number): Promise<PartReport> {
  const title = '4. Mock: our enforcing mock vs bare Prism';
  if (!existsSync(MOCK_CLI)) {
    return {
      part: 'mock',
      title,
      body: '_Not available yet: contract-tests/mock/cli.ts does not exist._',
      targets: [
        {
          name: 'mock: our throughput vs Prism',
          target: '>= 0.90x (validation costs < 10 %)',
          measured: 'not available yet',
          met: undefined,
        },
        { name: 'mock: start-up to first answer', target: '< 2.5 s', measured: 'not available yet', met: undefined },
      ],
    };
  }
  const results = new Map<string, RoundResult[]>(SERVERS.map((s) => [s.name, []]));
  const failures = new Map<string, string>();
  const loadBefore = loadNote();
  for (let round = 0; round <= runs; round++) {
    for (const server of SERVERS) {
      if (failures.has(server.name)) continue;
      try {
        const result = await measureServer(server);
        if (round > 0) results.get(server.name)!.push(result);
      } catch (error) {
        failures.set(server.name, (error as Error).message);
      }
    }
    log('mock', round === 0 ? 'warm-up done' : `round ${round}/${runs} done`);
  }
  const loadAfter = loadNote();
  const ours = SERVERS.find((s) => s.ours)!;
  const reference = SERVERS.find((s) => s.reference)!;
  const rps = (name: string) => results.get(name)!.map((r) => r.requestsPerS);
  const rows = SERVERS.map((s) => {
    const r = results.get(s.name)!;
    if (!r.length) return [s.name, `failed: ${failures.get(s.name) ?? 'no run'}`, '', '', '', '', ''];
    const statuses: Record<string, number> = {};
    for (const one of r) for (const [code, n] of Object.entries(one.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    return [
      s.name,
      fmtStats(stats(r.map((x) => x.startupMs))),
      `${r[0]!.firstStatus}${r[0]!.firstCode ? ` ${r[0]!.firstCode}` : ''}`,
      fmtStats(stats(rps(s.name))),
      s.reference ? '1.00x' : fmtRatio(pairedRatios(rps(s.name), rps(reference.name))),
      `${fmtStats(stats(r.map((x) => x.rssMiB)))} (${r[0]!.processes} processes)`,
      Object.entries(statuses)
        .map(([code, n]) => `${code}: ${fmtNumber(n)}`)
        .join(', '),
    ];
  });
  const cpuRows: string[][] = [];
  for (const s of SERVERS) {
    const r = results.get(s.name)!;
    const labels = [...new Set(r.flatMap((x) => Object.keys(x.cpuPerRequest)))];
    for (const label of labels) {
      const values = r.map((x) => x.cpuPerRequest[label]).filter((v): v is number => v !== undefined);
      if (stats(values).median >= 0.5 || label.startsWith('load loop')) cpuRows.push([s.id, label, fmtStats(stats(values), 0)]);
    }
  }
  log('mock', 'where the time goes: one profiled run of our front');
  let frontProfile: string;
  try {
    frontProfile = await profileFront();
  } catch (error) {
    frontProfile = `_Profile unavailable: ${(error as Error).message}_`;
  }
  const ratio = pairedRatios(rps(ours.name), rps(reference.name));
  const startup = stats((results.get(ours.name) ?? []).map((r) => r.startupMs));
  const body = [
    `Each round starts each server fresh on a free port, times spawn to the first HTTP answer to a valid signed RemoveBackendServers GET (polled every 20 ms), ` +
      `then loads it for ${LOAD_MS / 1000} s with ${CONNECTIONS} keep-alive connections from this process (a fresh signed URL per request), then reads the RSS summed over its process tree (/proc). ` +
      `Median (min–max) of ${runs} rounds after a warm-up round. The machine has ${'2'} cores: the load loop, our front and Prism compete for them. Before: ${loadBefore}; after: ${loadAfter}.`,
    markdownTable(
      [
        'server',
        'start-up to first answer, ms',
        'first answer',
        'requests/s',
        'vs Prism -v warn (paired)',
        'RSS of the tree, MiB',
        'statuses over all rounds',
      ],
      rows,
    ),
    `The target compares with Prism at the log level our mock gives it (\`-v warn\`); Prism's default info logging alone costs it a large part of its throughput (third row).`,
    `### Where the mock's time goes`,
    `CPU per request of every process of each server's tree during the load (from /proc utime+stime, 10 ms ticks), and of the load loop, median (min–max) over the rounds. On ${cpus().length} cores, the sum of these bounds the throughput.`,
    markdownTable(['server', 'process', 'CPU µs/request'], cpuRows),
    frontProfile,
  ].join('\n\n');
  return {
    part: 'mock',
    title,
    body,
    targets: [
      {
        name: 'mock: our throughput vs Prism (-v warn)',
        target: '>= 0.90x (validation costs < 10 %)',
        measured: fmtRatio(ratio),
        met: ratio.n ? ratio.median >= 0.9 : undefined,
      },
      {
        name: 'mock: our start-up to first answer (npm run mock)',
        target: '< 2.5 s',
        measured: startup.n ? fmtStats(startup, 0, 'ms') : `failed: ${failures.get(ours.name)}`,
        met: startup.n ? startup.median < 2500 : undefined,
      },
    ],
  };
}
