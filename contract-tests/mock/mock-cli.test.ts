import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_ACTION } from '../support/spec-examples.js';
import { freePort } from './free-port.js';

// `npm run mock -- --port N` as a user runs it: it serves on 127.0.0.1, refuses what the spec
// refuses, answers the documented example through Prism's engine, and stops on SIGTERM.

const root = new URL('../../', import.meta.url).pathname;
let child: ChildProcess | undefined;
// The CLI runs in its own process group: if a test fails half way, killing the group takes
// every process it started (tsx's esbuild too), so nothing outlives the test.
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
  child = spawn(process.execPath, ['--import', 'tsx', 'contract-tests/mock/cli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
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

describe('npm run mock', () => {
  it('serves the spec on 127.0.0.1, refuses 21 servers, answers a valid call, and stops on SIGTERM', async () => {
    const port = await freePort();
    const { output } = await startCli(['--port', String(port)]);
    expect(output).toContain(`listening on http://127.0.0.1:${port}`);
    const servers = encodeURIComponent(JSON.stringify(Array.from({ length: 21 }, (_, i) => `vm-${i}`)));
    const answer = await fetch(`http://127.0.0.1:${port}/?Action=${BUNDLED_ACTION}&Version=2014-05-15&BackendServers=${servers}`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('"BackendServers"') });
    const valid = new URLSearchParams({
      Action: BUNDLED_ACTION,
      Version: '2014-05-15',
      BackendServers: '["vm-233"]',
      LoadBalancerId: 'lb-1',
      RegionId: 'cn-hangzhou',
      Format: 'JSON',
      AccessKeyId: 'id',
      Signature: 'sig',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'n-1',
      Timestamp: '2026-01-01T00:00:00Z',
    });
    const ok = await fetch(`http://127.0.0.1:${port}/?${valid}`, {
      headers: { prefer: 'example=documentedSuccess' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ RequestId: '365F4154-92F6-4AE4-92F8-7FF34B540710' });
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGTERM');
    await exited;
    expect(child!.exitCode).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
  });

  it('--cors answers a preflight and marks answers; one log line per request, without the query (it holds the Signature)', async () => {
    const port = await freePort();
    await startCli(['--port', String(port), '--cors', '--host', '127.0.0.1']);
    let later = '';
    child!.stdout!.on('data', (chunk: Buffer) => (later += chunk.toString()));
    const preflight = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-acs-action' },
      signal: AbortSignal.timeout(10_000),
    });
    expect([
      preflight.status,
      preflight.headers.get('access-control-allow-origin'),
      preflight.headers.get('access-control-allow-headers'),
    ]).toEqual([204, 'http://app.example', 'x-acs-action']);
    const answer = await fetch(`http://127.0.0.1:${port}/?Action=${BUNDLED_ACTION}&Signature=sig-must-not-be-logged`, {
      headers: { origin: 'http://app.example' },
      signal: AbortSignal.timeout(10_000),
    });
    expect([answer.status, answer.headers.get('access-control-allow-origin')]).toEqual([400, 'http://app.example']);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log line is written when the answer ends
    expect(later.split('\n').filter(Boolean)).toEqual([
      'OPTIONS / -> 204 (0 ms)'.replace('0 ms', later.match(/OPTIONS \/ -> 204 \((\d+ ms)\)/)?.[1] ?? '?'),
      `GET / Action=${BUNDLED_ACTION} -> 400 (${later.match(/GET .* -> 400 \((\d+ ms)\)/)?.[1] ?? '?'})`,
    ]);
    expect(later).not.toContain('sig-must-not-be-logged');
  });

  it.each([
    ['--version', ['--version'], /^\d+\.\d+\.\d+\n$/],
    ['-h', ['-h'], /^Usage: slbkit mock .*--host/s],
  ])('%s prints and exits 0', async (_name, args, want) => {
    const { output } = await startCli(args);
    await new Promise((resolve) => (child!.exitCode !== null ? resolve(undefined) : child!.once('exit', resolve)));
    expect(child!.exitCode).toBe(0);
    expect(output).toMatch(want);
  });

  it.each([
    ['a port that is not a number', { args: ['--port', 'http'], want: /Usage: slbkit mock/ }],
    ['an unknown flag', { args: ['--prot', '4010'], want: /Unknown option '--prot' \(did you mean --port\?\)\n\nUsage: slbkit mock/ }],
    [
      'a body limit that is not a whole number',
      { args: ['--max-body-bytes', '1e6'], want: /--max-body-bytes must be a whole number of bytes, not "1e6"\nUsage: slbkit mock/ },
    ],
    [
      'a spec that does not exist, with its path',
      {
        args: ['--spec', 'spec/no-such-spec.yaml'],
        want: /mock cannot serve spec\/no-such-spec\.yaml: spec\/no-such-spec\.yaml: cannot read the spec \(ENOENT\)/,
      },
    ],
  ])('refuses %s, exit 2', async (_name, { args, want }) => {
    const { output } = await startCli(args);
    await new Promise((resolve) => (child!.exitCode !== null ? resolve(undefined) : child!.once('exit', resolve)));
    expect(child!.exitCode).toBe(2);
    expect(output).toMatch(want);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
