import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_LOAD_BALANCER_ID,
  DEFAULT_REGION_ID,
  type StandIn,
  startStandIn,
} from '../../../contract-tests/standin/server.js';
import { STRICT_TSC_FLAGS } from '../generated-package.js';

// In npm run test:install (not npm test): it packs and installs, as the tarball test beside it does.
// The package as people get it: `npm pack` of generated/, installed into a fresh project with
// no network, used by a strict TypeScript program that type-checks and calls a local endpoint.
// publint and @arethetypeswrong/cli judge the tarball.

const root = new URL('../../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'slbkit-install-'));
const project = join(scratch, 'app');
let tarball = '';
let standIn: StandIn;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  standIn = await startStandIn();
  const packed = run('npm', ['pack', '--silent', '--pack-destination', scratch], join(root, 'generated'));
  expect(packed.status, packed.output).toBe(0);
  tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith('.tgz'))!);
});
afterAll(async () => {
  await standIn?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm pack of generated/', () => {
  it('installs into a fresh project offline (no dependencies to fetch)', () => {
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const installed = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], project);
    expect(installed.status, installed.output).toBe(0);
  });

  it('a strict TypeScript program imports it, type-checks, and calls a local endpoint', async () => {
    writeFileSync(
      join(project, 'main.ts'),
      `import { createClient, ApiError, type RemoveBackendServersOutput } from '@slbkit/client';
const client = createClient({ endpoint: process.argv[2], regionId: ${JSON.stringify(DEFAULT_REGION_ID)}, credentials: { accessKeyId: ${JSON.stringify(DEFAULT_ACCESS_KEY.id)}, accessKeySecret: ${JSON.stringify(DEFAULT_ACCESS_KEY.secret)} } });
const result: RemoveBackendServersOutput = await client.removeBackendServers({ LoadBalancerId: ${JSON.stringify(DEFAULT_LOAD_BALANCER_ID)}, BackendServers: ['vm-233'] });
console.log('remaining', result.BackendServers.BackendServer.map((s) => s.ServerId).join(','));
try {
  await client.removeBackendServers({ LoadBalancerId: 'lb-none', BackendServers: ['vm-1'] });
} catch (error) {
  if (error instanceof ApiError) console.log('error', error.code);
}
`,
    );
    // The shared strict consumer (generated-package.ts), emitting here: the program is built and run.
    const strict = [...STRICT_TSC_FLAGS.filter((flag) => flag !== '--noEmit'), '--typeRoots', join(root, 'node_modules/@types')];
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const checked = run(process.execPath, [tsc, '--noEmit', ...strict, 'main.ts'], project);
    expect(checked.output).toBe('');
    expect(checked.status).toBe(0);
    const built = run(process.execPath, [tsc, ...strict, '--outDir', 'build', 'main.ts'], project);
    expect(built.status, built.output).toBe(0);
    // Asynchronous: the stand-in runs in this process and must keep answering.
    const { stdout } = await promisify(execFile)(process.execPath, ['build/main.js', standIn.url], { cwd: project, timeout: 30_000 });
    expect(stdout).toBe('remaining vm-231,vm-232,vm-234\nerror InvalidLoadBalancerId.NotFound\n');
  });

  it('publint finds nothing to fix', () => {
    const result = run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), 'generated', '--strict'], root);
    expect(result.output).toMatch(/All good/);
    expect(result.status).toBe(0);
  });

  it('@arethetypeswrong/cli passes the tarball for ESM consumers', () => {
    const result = run(
      process.execPath,
      [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only', '--format', 'json'],
      root,
    );
    expect(result.status, result.output).toBe(0);
    const report = JSON.parse(result.output.slice(result.output.indexOf('{')));
    // The package is ESM only, by design: the one problem attw may list is for CommonJS require().
    const problems = (report.analysis.problems as { kind: string; resolutionKind?: string }[]).filter(
      (p) => p.resolutionKind !== 'node16-cjs',
    );
    expect(problems).toEqual([]);
  });
});
