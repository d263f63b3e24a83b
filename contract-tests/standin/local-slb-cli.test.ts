// `slbkit standin` as a team runs it: the imported spec by default, keys from a keys file, fault
// flags; bad files and flags refused with exit 2 naming the file, the JSON pointer and the fix,
// and never echoing a secret. Each row spawns the CLI (a few hundred ms); the child is always killed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { officialClient, REGION } from './local-slb-for-tests.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'slbkit-local-slb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = { id: 'team-key', secret: 'team-secret-do-not-print' };
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STANDIN_ACCESS_KEY_ID: undefined, STANDIN_ACCESS_KEY_SECRET: undefined },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { child, stderr: () => stderr };
}

describe('slbkit standin', () => {
  it('serves the imported spec with the keys file, the fault flags and the admin endpoints', async () => {
    const { child, stderr } = start([
      '--keys',
      file('keys.json', { [KEY.id]: { secret: KEY.secret } }),
      '--throttle-rate',
      '0.5',
      '--seed',
      '2',
    ]);
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const url = chunk.toString('utf8').trim();
      const port = Number(new URL(url).port);
      // Throttled half the time; the official runtime's retries get through.
      const created = await officialClient(port, 'v3', 8, KEY)('CreateLoadBalancer', { RegionId: REGION });
      const rates = (await (await fetch(`${url}/_standin/faults`)).json()) as Record<string, unknown>;
      expect(rates).toEqual({ throttle: 0.5, seed: 2 });
      const state = (await (await fetch(`${url}/_standin/state`)).json()) as { loadBalancers: Record<string, unknown> };
      expect(Object.keys(state.loadBalancers)).toContain(created.LoadBalancerId);
      // The default test key is not accepted once a keys file is given (faults off: they come first).
      await fetch(`${url}/_standin/faults`, { method: 'PUT', body: '{}' });
      await expect(officialClient(port, 'v1')('DescribeRegions', {})).rejects.toMatchObject({ code: 'InvalidAccessKeyId.NotFound' });
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
      expect(stderr()).not.toContain(KEY.secret);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  // Concurrent: each row is a child process waiting on its own exit.
  it.concurrent.each([
    [
      'a key without a secret',
      ['--keys', file('bad-keys.json', { 'k/1': { secret: '', note: KEY.secret } })],
      'bad-keys.json#/k~11: must be {"secret"',
    ],
    [
      'a fault file with a typo',
      ['--faults', file('faults.json', { throttle: 0.2, sed: 3 })],
      'faults.json#/sed: unknown key; use one of throttle',
    ],
  ])('%s: exit 2 with the location and the fix', async (_name, args, message) => {
    const { child, stderr } = start(args);
    try {
      const [code] = (await once(child, 'exit')) as [number];
      expect([code, stderr()]).toEqual([2, expect.stringContaining(message)]);
      expect(stderr()).not.toContain(KEY.secret);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
