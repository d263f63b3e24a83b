import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './prism.js';

// `npm run mock -- --port N` as a user runs it: it serves on 127.0.0.1, refuses what the spec
// refuses, and on SIGTERM stops its Prism child too.

const root = new URL('../../', import.meta.url).pathname;
let child: ChildProcess | undefined;
// The CLI runs in its own process group: if a test fails half way, killing the group takes its
// Prism child too, so no server outlives the test.
afterEach(() => {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function startCli(args: string[]): Promise<{ output: string }> {
  child = spawn(process.execPath, ['--import', 'tsx', 'contract-tests/mock/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`mock did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        resolve({ output });
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', () => {
      clearTimeout(timer);
      resolve({ output });
    });
  });
}

/** Prism processes started by `pid` (tsx starts an esbuild helper too; that one is not counted). */
function prismChildrenOf(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return table
    .trim()
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && Number(m[2]) === pid && m[3]!.includes('prism-cli'))
    .map((m) => Number(m[1]));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run mock', () => {
  it('serves the spec on 127.0.0.1, refuses 21 servers, and stops Prism with itself', async () => {
    const port = await freePort();
    const { output } = await startCli(['--port', String(port)]);
    expect(output).toContain(`listening on http://127.0.0.1:${port}`);
    const servers = encodeURIComponent(JSON.stringify(Array.from({ length: 21 }, (_, i) => `vm-${i}`)));
    const answer = await fetch(`http://127.0.0.1:${port}/?Action=RemoveBackendServers&Version=2014-05-15&BackendServers=${servers}`, { signal: AbortSignal.timeout(10_000) });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('"BackendServers"') });
    const prism = prismChildrenOf(child!.pid!);
    expect(prism).toHaveLength(1);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGTERM');
    await exited;
    expect(child!.exitCode).toBe(0);
    expect(alive(prism[0]!)).toBe(false);
  });

  it.each([
    ['a port that is not a number', ['--port', 'http']],
    ['an unknown flag', ['--prot', '4010']],
  ])('refuses %s with the usage, exit 2', async (_name, args) => {
    const { output } = await startCli(args);
    await new Promise((resolve) => (child!.exitCode !== null ? resolve(undefined) : child!.once('exit', resolve)));
    expect(child!.exitCode).toBe(2);
    expect(output).toMatch(/Usage: npm run mock/);
  });
});
