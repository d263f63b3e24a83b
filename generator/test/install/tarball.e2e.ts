import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runProcess } from '../cli-harness.js';

// slbkit as a user gets it (issue 21): `npm pack` of this repository, installed into an empty
// folder outside it (no access to this checkout's node_modules) with `npm install --prefer-offline`
// (the npm cache `npm ci` filled; the registry only for what is not in it), then every command
// run there with `npx slbkit` on a spec of that folder. One pack and one install for all rows.
// Not part of `npm test` (about a minute): `npm run test:install`, which .ci/run runs.

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-tarball-'));
const app = join(scratch, 'app');
const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', NO_COLOR: '1' };
for (const name of Object.keys(env)) if (/^(CONTRACT_|ALIBABA_CLOUD_|VITEST)/.test(name)) delete env[name as keyof typeof env];

function npx(args: string[], timeoutMs = 90_000) {
  return runProcess('npx', ['--no-install', 'slbkit', ...args], { cwd: app, env, timeoutMs });
}

/** A command that serves until stopped: its first stdout line holding a URL, then SIGTERM. */
async function serving<T>(args: string[], use: (url: string) => Promise<T>): Promise<T> {
  const child = spawn('npx', ['--no-install', 'slbkit', ...args], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 30 s: ${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (found) clearTimeout(timer), resolve(found[0]);
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}: ${output}`))));
    });
    return await use(url);
  } finally {
    // npx starts node as its child: the whole group is stopped.
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  }
}

let tarball = '';
beforeAll(() => {
  const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', scratch], {
    cwd: REPO,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith('.tgz'))!);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  copyFileSync(join(REPO, 'generator/test/install/api.yaml'), join(app, 'api.yaml'));
  const installed = spawnSync('npm', ['install', '--prefer-offline', tarball], { cwd: app, env, encoding: 'utf8', timeout: 240_000 });
  expect(installed.status, `${installed.stdout}${installed.stderr}`).toBe(0);
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed slbkit, installed in an empty folder', () => {
  it('packs no tests, fixtures or bench', () => {
    const listed = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n');
    const own = [
      'contract-tests/examples.test.ts',
      'contract-tests/operations.test.ts',
      'contract-tests/client-replay.test.ts',
      'contract-tests/errata.test.ts',
      'contract-tests/sequences.test.ts',
    ].map((f) => `package/${f}`);
    expect(
      listed.filter(
        (f) => /\.test\.ts$|\/fixtures\/|^package\/bench\/|^package\/generated\/|^package\/generator\/test\//.test(f) && !own.includes(f),
      ),
    ).toEqual([]);
    expect(listed).toContain('package/bin/slbkit.mjs');
  });

  it.each([
    // [what, args, exit code, a line the output must hold]
    ['--version', ['--version'], 0, JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version],
    ['-h', ['-h'], 0, 'Usage: slbkit <command>'],
    ['generate --help', ['generate', '--help'], 0, '--spec'],
    ['mock -h', ['mock', '-h'], 0, '--host'],
    ['contract --help', ['contract', '--help'], 0, '--target'],
    ['standin --help', ['standin', '--help'], 0, '--port'],
    ['a typo of a command', ['genrate'], 2, 'did you mean "generate"'],
    ['contract on a missing spec', ['contract', '--spec', 'nope.yaml'], 2, 'no file'],
  ] as const)('%s', async (_what, args, code, text) => {
    const run = await npx([...args]);
    expect(run.code, run.stderr).toBe(code);
    expect(`${run.stdout}${run.stderr}`).toContain(text);
  });

  it('generate --spec api.yaml --out client writes a package that imports and calls the mock', async () => {
    const run = await npx(['generate', '--spec', 'api.yaml', '--out', 'client']);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(app, 'client/dist/index.js'))).toBe(true);
    // No --package-name: named from info.title ("Todo list"), and one warning line says how to set one.
    expect(JSON.parse(readFileSync(join(app, 'client/package.json'), 'utf8')).name).toBe('todo-list');
    expect(run.stderr).toBe(
      `slbkit-generate: warning: no package name given; named it "todo-list" from the spec's info.title (set --package-name NAME)\n`,
    );
    writeFileSync(
      join(app, 'call.mjs'),
      `import { createClient } from './client/dist/index.js';\nconst client = createClient({ endpoint: process.argv[2] });\nconsole.log(JSON.stringify(await client.getTodo({ id: 't-1' })));\n`,
    );
    const answer = await serving(['mock', '--spec', 'api.yaml', '--port', '0'], (url) =>
      runProcess(process.execPath, ['call.mjs', url], { cwd: app, env, timeoutMs: 20_000 }),
    );
    expect(answer.code, answer.stderr).toBe(0);
    expect(JSON.parse(answer.stdout)).toEqual({ id: 't-1', title: 'Buy milk' });
  });

  it('contract --target the mock --junit report.xml: exit 0 and a JUnit file', async () => {
    const run = await serving(['mock', '--spec', 'api.yaml', '--port', '0'], (url) =>
      npx(['contract', '--spec', 'api.yaml', '--target', url, '--junit', 'report.xml']),
    );
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^getTodo +\d+ +0 /m);
    expect(readFileSync(join(app, 'report.xml'), 'utf8')).toMatch(/<testsuites[^>]* failures="0"/);
  });

  it('contract without --target starts the mock itself; --operation and --json', async () => {
    const run = await npx(['contract', '--spec', 'api.yaml', '--operation', 'getTodo', '--json']);
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    const summary = JSON.parse(run.stdout) as { target: string; failed: number; passed: number; operations: { operation: string }[] };
    expect(summary).toMatchObject({ target: 'mock', failed: 0, operations: [{ operation: 'getTodo' }] });
    expect(summary.passed).toBeGreaterThan(0);
  });

  it('contract against a server that breaks the schema: exit 1, the failure shown with what was sent and answered', async () => {
    // Answers every request with a todo whose id is a number: the success schema says string.
    const server: Server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":5,"title":"x"}'),
    );
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const run = await npx(['contract', '--spec', 'api.yaml', '--target', `http://127.0.0.1:${(server.address() as AddressInfo).port}`]);
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
      expect(run.stdout).toMatch(/^FAIL .*getTodo/m);
      expect(run.stdout).toContain('/id');
      expect(run.stdout).toMatch(/contract broken: \d+ passed, [1-9]\d* failed/);
    } finally {
      server.close();
    }
  });
});

describe("the README's quick start, run as written", () => {
  // The first ```sh block and the ```js block (call.mjs) under "## Quick start", taken from
  // README.md at run time: a change to the README that breaks the quick start fails here. Two
  // changes only: a free port for 4010 (tests never take a fixed port), and bash runs the block
  // with job control on (`set -m`), as an interactive shell has it, so `kill %1` stops the mock's
  // whole process group, npx's child included; a trap does the same if a command fails first.
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 3));
  const commands = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const callMjs = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

  it('is in the first screen: install, generate, mock, call, contract', () => {
    expect(readme.split('\n').findIndex((line) => line.startsWith('kill %1'))).toBeLessThan(50);
    expect(
      commands
        .split('\n')
        .filter((line) => /^\S/.test(line))
        .map((line) => line.replace(/#.*/, '').trim().split(/\s+/).slice(0, 3).join(' ')),
    ).toEqual(['npm install --save-dev', 'npx slbkit generate', 'npx slbkit mock', 'sleep 5 &&', 'npx slbkit contract', 'kill %1']);
  });

  it('runs: the call prints the example, the contract holds, report.xml is written, the mock stops', async () => {
    const { freePort } = await import('../../../contract-tests/mock/free-port.js');
    const port = String(await freePort());
    const quick = join(scratch, 'quick');
    mkdirSync(quick);
    writeFileSync(join(quick, 'package.json'), JSON.stringify({ name: 'quick', private: true, type: 'module' }));
    copyFileSync(join(REPO, 'generator/test/install/api.yaml'), join(quick, 'api.yaml'));
    copyFileSync(
      tarball,
      join(quick, 'slbkit-0.1.0.tgz'.replace('0.1.0', JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version)),
    );
    writeFileSync(join(quick, 'call.mjs'), callMjs.replaceAll('4010', port));
    const run = await runProcess('bash', ['-c', `set -em\ntrap 'kill %1 2>/dev/null || true' EXIT\n${commands.replaceAll('4010', port)}`], {
      cwd: quick,
      env: { ...env, npm_config_prefer_offline: 'true' },
      timeoutMs: 240_000,
    });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('{"id":"t-1","title":"Buy milk"}');
    expect(run.stdout).toMatch(/contract held: \d+ passed, 0 failed/);
    expect(readFileSync(join(quick, 'report.xml'), 'utf8')).toContain('<testsuites');
    // Stopped: nothing listens on the port any more.
    await expect(fetch(`http://127.0.0.1:${port}/todos/t-1`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
  }, 300_000);
});
