/**
 * No tool phones home during `npm ci` (issue 17, item 4). @scarf/scarf arrives through orval (a
 * devDependency, used by bench/generation.ts) and its postinstall script posts install analytics
 * to scarf.sh unless the root package.json says `"scarfSettings": { "enabled": false }` (or the
 * environment says SCARF_ANALYTICS=false, which .ci/run and the workflows also set, but a
 * developer's `npm ci` has no such variable).
 *
 * Each row runs scarf's own postinstall script (node_modules/@scarf/scarf/report.js), as npm
 * would, against a root package.json, with its SCARF_LOCAL_PORT hook pointing it at a server on
 * 127.0.0.1 instead of scarf.sh: the decision is scarf's own code, and a report it decides to
 * send lands on the test's server, never on the network. The control row (our package.json
 * without the setting) proves the harness sees a report when there is one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO, runProcess } from './cli-harness.js';

const OWN = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scarfSettings?: Record<string, unknown> };

let server: Server;
let port = 0;
const reports: string[] = [];
let scratch = '';

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'slbkit-scarf-'));
  server = createServer((request, response) => {
    reports.push(`${request.method} ${request.url}`);
    request.resume().on('end', () => response.end());
  });
  // scarf asks for host "localhost": listen where it resolves.
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

/** Our package.json without `enabled`; skipTraversal so scarf decides from this file alone (no `npm ls` of a scratch folder). */
const withoutSetting = (() => {
  const { enabled: _enabled, ...rest } = OWN.scarfSettings ?? {};
  return { ...OWN, scarfSettings: { ...rest, skipTraversal: true } };
})();

interface Row {
  /** The root package.json: the repository's own, or this object written to a scratch folder. */
  rootPackage: 'own' | object;
  reports: number;
  /** What scarf's verbose log says it decided. */
  log: RegExp;
}

it.each<[string, Row]>([
  // The repository itself as npm's INIT_CWD: scarf reads its package.json as `npm ci` there would.
  [
    "slbkit's package.json: scarf decides the user opted out, nothing is sent",
    { rootPackage: 'own', reports: 0, log: /User has opted out/ },
  ],
  [
    'control: the same package.json without scarfSettings.enabled: a report is sent',
    { rootPackage: withoutSetting, reports: 1, log: /Scarf payload/ },
  ],
])('%s', async (_name, row) => {
  const home = mkdtempSync(join(scratch, 'home-'));
  let root = REPO;
  if (row.rootPackage !== 'own') {
    root = mkdtempSync(join(scratch, 'root-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify(row.rootPackage));
  }
  const before = reports.length;
  // Without SCARF_ANALYTICS / SCARF_NO_ANALYTICS / DO_NOT_TRACK (CI sets the first): the row tests the package.json.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: home,
    INIT_CWD: root,
    SCARF_LOCAL_PORT: String(port),
    SCARF_VERBOSE: 'true',
  };
  const run = await runProcess(process.execPath, [join(REPO, 'node_modules/@scarf/scarf/report.js')], {
    cwd: root,
    env,
    timeoutMs: 30_000,
  });
  expect(run.code, run.stderr).toBe(0);
  expect(`${run.stdout}${run.stderr}`).toMatch(row.log);
  expect(reports.length - before, `${run.stdout}${run.stderr}`).toBe(row.reports);
});
