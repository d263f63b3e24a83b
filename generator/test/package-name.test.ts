import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { identityProblem, packageNameFromTitle } from '../src/emit/package-json.js';
import { REPO, runProcess } from './cli-harness.js';

// Issue 21: without --package-name (or a config's packageName) a package is named from the
// spec's info.title, as npm allows a name, with one warning line saying which name and how to set
// one. Before, every such package was called @slbkit/client.

describe('packageNameFromTitle', () => {
  it.each([
    // [title, name]
    ['Notes API', 'notes-api'],
    ['Swagger Petstore - OpenAPI 3.0', 'swagger-petstore-openapi-3.0'],
    ['Café Ünïcode', 'cafe-unicode'],
    ['  --Weird__Name.. ', 'weird__name'],
    ['.hidden', 'hidden'],
    // A Node built-in's name, or one npm refuses, gets -client after it.
    ['HTTP', 'http-client'],
    ['node_modules', 'node_modules-client'],
    ['favicon.ico', 'favicon.ico-client'],
    // Nothing npm allows is left: the fallback.
    ['日本語', 'api-client'],
    ['', 'api-client'],
    ['🚀', 'api-client'],
    ['A'.repeat(300), 'a'.repeat(207)],
  ])('%j -> %s', (title, name) => {
    expect(packageNameFromTitle(title)).toBe(name);
    expect(identityProblem({ name, version: '1.0.0' })).toBeUndefined();
  });
});

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-package-name-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const SPEC = join(REPO, 'generator/test/fixtures/browser/notes-api.yaml');
const WARNING = `slbkit-generate: warning: no package name given; named it "notes-api" from the spec's info.title (set --package-name NAME)\n`;

describe('generate without a package name', () => {
  it.each([
    // [what, extra args, stderr, stdout holds]
    ['warns once on stderr, naming the name and the flag', [], WARNING, /notes-api 0\.1\.0 \(first version\)/],
    ['--quiet prints errors only: no warning', ['--quiet'], '', /^$/],
    [
      '--json carries it in the package summary',
      ['--json'],
      '',
      /"warnings":\["slbkit-generate: warning: no package name given; named it \\"notes-api\\"/,
    ],
    ['--package-name given: no warning', ['--package-name', '@acme/notes'], '', /@acme\/notes 0\.1\.0/],
  ])('%s', async (what, args, stderr, stdout) => {
    const out = join(scratch, what.replace(/\W+/g, '-'));
    const run = await runProcess(process.execPath, ['generator/bin/generate.mjs', '--spec', SPEC, '--out', out, ...args], {
      timeoutMs: 90_000,
    });
    expect(run.stderr).toBe(stderr);
    expect(run.stdout).toMatch(stdout);
    expect(run.code).toBe(0);
    const { name } = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { name: string };
    expect(name).toBe(args[0] === '--package-name' ? '@acme/notes' : 'notes-api');
  });

  it("a config's package without packageName: the warning names the key to set", async () => {
    const config = join(scratch, 'slbkit.config.json');
    writeFileSync(config, JSON.stringify({ packages: [{ spec: SPEC, out: 'from-config' }] }));
    const run = await runProcess(process.execPath, ['generator/bin/generate.mjs', '--config', config], { timeoutMs: 90_000 });
    expect(run.stderr).toBe(
      `slbkit-generate: warning: no package name given; named it "notes-api" from the spec's info.title (set packageName in ${config}#/packages/0)\n`,
    );
    expect(run.code).toBe(0);
  });
});
