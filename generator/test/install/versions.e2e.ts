import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_LOAD_BALANCER_ID,
  DEFAULT_REGION_ID,
  type StandIn,
  startStandIn,
} from '../../../contract-tests/standin/server.js';
import { SUPPORTED_NODE, SUPPORTED_TYPESCRIPT } from '../../src/emit/package-json.js';
import { generateFromFile } from '../../src/generate.js';
import { REPO, runProcess } from '../cli-harness.js';
import { STRICT_TSC_FLAGS } from '../generated-package.js';

// The versions a generated package says it supports (issue 21), each run for real: a CommonJS
// consumer require()s two packages (one of a spec with its own bearer scheme, one Alibaba-signed:
// generated/) and calls each over loopback with the default node:http transport, under every Node
// of toolchains/ plus this machine's; a strict consumer type-checks both with the oldest TypeScript
// supported and the repository's. The Node and TypeScript binaries are npm packages pinned in
// toolchains/package-lock.json, installed by `npm ci` outside the repository (their `bin` is named
// `node`: as devDependencies of the repository they would replace the node of every npm script).
// Not part of `npm test`: a first run downloads about 150 MB per Node.

const TOOLCHAINS = join(REPO, 'generator/test/install/toolchains');
const lock = readFileSync(join(TOOLCHAINS, 'package-lock.json'));
// Kept between runs, keyed by the lock: a second run installs nothing.
const tools = join(tmpdir(), `slbkit-toolchains-${createHash('sha256').update(lock).digest('hex').slice(0, 16)}`);
const scratch = join(tmpdir(), `slbkit-versions-${process.pid}`);
let server: Server;
let standIn: StandIn;
let endpoint = '';

function installToolchains(): void {
  if (existsSync(join(tools, 'node_modules/.package-lock.json'))) return;
  const staging = `${tools}.${process.pid}.tmp`;
  mkdirSync(staging, { recursive: true });
  cpSync(join(TOOLCHAINS, 'package.json'), join(staging, 'package.json'));
  cpSync(join(TOOLCHAINS, 'package-lock.json'), join(staging, 'package-lock.json'));
  const installed = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: staging,
    encoding: 'utf8',
    timeout: 280_000,
  });
  expect(installed.status, `${installed.stdout}${installed.stderr}`).toBe(0);
  rmSync(tools, { recursive: true, force: true });
  renameSync(staging, tools);
}

function install(name: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(scratch, 'node_modules', name, path)), { recursive: true });
    writeFileSync(join(scratch, 'node_modules', name, path), text);
  }
}

beforeAll(async () => {
  installToolchains();
  mkdirSync(scratch, { recursive: true });
  install(
    'notes-client',
    await generateFromFile(join(REPO, 'generator/test/fixtures/browser/notes-api.yaml'), { name: 'notes-client', version: '1.0.0' }),
  );
  cpSync(join(REPO, 'generated'), join(scratch, 'node_modules/slb-client'), { recursive: true });
  writeFileSync(
    join(scratch, 'consumer.cjs'),
    `const { createClient } = require('notes-client');
const slb = require('slb-client');
(async () => {
  const note = await createClient({ endpoint: process.argv[2], auth: { token: 't0ken' } }).getNote({ id: 'n7' });
  const signed = slb.createClient({ endpoint: process.argv[3], regionId: ${JSON.stringify(DEFAULT_REGION_ID)}, credentials: { accessKeyId: ${JSON.stringify(DEFAULT_ACCESS_KEY.id)}, accessKeySecret: ${JSON.stringify(DEFAULT_ACCESS_KEY.secret)} } });
  const removed = await signed.removeBackendServers({ LoadBalancerId: ${JSON.stringify(DEFAULT_LOAD_BALANCER_ID)}, BackendServers: ['vm-233'] });
  console.log(note.text + '; ' + removed.BackendServers.BackendServer.length + ' backend servers left');
})().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
`,
  );
  server = createServer((request, response) => {
    const authorized = request.headers.authorization === 'Bearer t0ken';
    response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(authorized ? { id: 'n7', text: `note ${request.url}` } : { message: 'no' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, 300_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await standIn?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Node 22.12.0 says so once on stderr when require() loads an ES module (22.13 and 20.19 do not). */
const EXPERIMENTAL =
  /^\(node:\d+\) ExperimentalWarning: CommonJS module \S+consumer\.cjs is loading ES Module \S+ using require\(\)\.\nSupport for loading ES Module in require\(\) is an experimental feature and might change at any time\n\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\n$/;

/** [label, node binary, inside engines, what stderr holds when it works] */
const NODES: [string, string, boolean, RegExp][] = [
  ['Node 20.18.3, below engines: require() of the ES module fails, which is why engines stops there', 'node-20.18', false, /^$/],
  ['Node 20.19.0, the oldest supported', 'node-20.19', true, /^$/],
  [`this machine's Node (${process.version})`, '', true, /^$/],
  ['Node 22.12.0, the oldest 22 supported (works, with an ExperimentalWarning)', 'node-22.12', true, EXPERIMENTAL],
  ['Node 24.22.3', 'node-24', true, /^$/],
];

describe(`require() from CommonJS under each Node (engines: ${SUPPORTED_NODE})`, () => {
  it('engines of a generated package is the range tested here', () => {
    const manifest = JSON.parse(readFileSync(join(scratch, 'node_modules/notes-client/package.json'), 'utf8'));
    expect(manifest.engines).toEqual({ node: SUPPORTED_NODE });
  });

  it.each(NODES)('%s', async (_label, tool, supported, stderr) => {
    standIn ??= await startStandIn();
    const node = tool ? join(tools, 'node_modules', tool, 'bin/node') : process.execPath;
    const run = await runProcess(node, ['consumer.cjs', endpoint, standIn.url], { cwd: scratch, timeoutMs: 60_000 });
    if (supported) {
      expect(run.stderr).toMatch(stderr);
      expect(run.stdout).toBe('note /v1/notes/n7; 3 backend servers left\n');
      expect(run.code).toBe(0);
    } else {
      expect(run.stderr).toMatch(/ERR_REQUIRE_ESM|require\(\) of ES Module/);
      expect(run.code).not.toBe(0);
    }
  });
});

describe(`a strict consumer's type-check (TypeScript ${SUPPORTED_TYPESCRIPT} and newer)`, () => {
  const TSC: [string, string][] = [
    [`TypeScript 5.0.4, the oldest supported`, 'typescript-5.0/bin/tsc'],
    ['TypeScript 5.9.3, the repository`s', ''],
  ];
  // Node's consumer: both packages, node types. A browser's: the package without Alibaba
  // signing, DOM types and no @types/node (its declarations need none).
  const CONSUMERS: [string, string, string[]][] = [
    [
      'node',
      `import { createClient, type GetNoteOutput } from 'notes-client';
import { createClient as slbClient, ApiError, type RemoveBackendServersOutput } from 'slb-client';
const note: GetNoteOutput = await createClient({ auth: { token: 't' } }).getNote({ id: 'n1' });
const left: RemoveBackendServersOutput = await slbClient({ regionId: 'cn-hangzhou' }).removeBackendServers({ LoadBalancerId: 'lb', BackendServers: ['vm'] });
export const shown: string = note.text + String(left.BackendServers.BackendServer.length) + ApiError.name;
`,
      STRICT_TSC_FLAGS,
    ],
    [
      'browser',
      `import { createClient, TransportError, type CreateNoteOutput } from 'notes-client';
const created: CreateNoteOutput = await createClient({ fetch: globalThis.fetch, auth: { key: 'k' } }).createNote({ body: { text: 'hi' } });
export const shown: string = created.id + TransportError.name;
`,
      // No --types: scratch/ has no @types folder, so none is loaded.
      [...STRICT_TSC_FLAGS.filter((flag, i, all) => flag !== '--types' && all[i - 1] !== '--types'), '--lib', 'es2022,dom'],
    ],
  ];
  const ROWS = TSC.flatMap(([label, tsc]) =>
    CONSUMERS.map(([kind, code, flags]) => [`${label}, ${kind} consumer`, tsc, kind, code, flags] as const),
  );

  it.each(ROWS)('%s', async (_label, tsc, kind, code, flags) => {
    const file = join(scratch, `${kind}-consumer.mts`);
    writeFileSync(file, code);
    const compiler = tsc ? join(tools, 'node_modules', tsc) : join(REPO, 'node_modules/typescript/bin/tsc');
    const typeRoots = kind === 'node' ? ['--typeRoots', join(REPO, 'node_modules/@types')] : [];
    const run = await runProcess(process.execPath, [compiler, ...flags, ...typeRoots, file], { cwd: scratch, timeoutMs: 120_000 });
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.code).toBe(0);
  });
});
