/**
 * slbkit.config.json (issue 13, item 3) through the real CLI: the source entry (tsx, the config
 * checked by ajv compiling generator/schema/slbkit.config.schema.json) and the bin entry (the
 * esbuild bundle, where the same schema is ajv's standalone code): both must refuse the same
 * configs with the same located line, exit 2, and write nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, REPO, runCli } from './cli-harness.js';

const SPEC_A = join(REPO, 'generator/test/fixtures/specs/add-backend-servers.yaml');
const SPEC_B = join(REPO, 'generator/test/fixtures/specs/describe-health-status.yaml');
const TIMEOUT = 120_000;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-config-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder of its own per row, the config at `sub/slbkit.json` (paths are relative to it). */
function configFolder(name: string, config: unknown): { dir: string; file: string } {
  const dir = join(root, name);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  const file = join(dir, 'sub', 'slbkit.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return { dir, file };
}

const pkg = (over: Record<string, unknown> = {}) => ({ spec: SPEC_A, out: '../out', packageName: '@acme/a', ...over });

// [name, { given: config text or value, want: the located part of the one stderr line }]
const REFUSED: [string, { given: unknown; want: RegExp }][] = [
  ['not JSON: line and column (a missing comma)', { given: '{\n  "packages": []\n  "x": 1\n}', want: /slbkit\.json:3:3: not JSON/ }],
  [
    'not JSON: a comment (the config is plain JSON)',
    { given: '// packages\n{}', want: /slbkit\.json: not JSON: .*plain JSON, no comments/ },
  ],
  ['no packages', { given: {}, want: /slbkit\.json#: needs the property "packages"/ }],
  ['an empty package list', { given: { packages: [] }, want: /slbkit\.json#\/packages: must NOT have fewer than 1 items/ }],
  [
    'a misspelt property',
    {
      given: { packages: [{ ...pkg(), outDir: 'x' }] },
      want: /slbkit\.json#\/packages\/0: has the unknown property "outDir" \(did you mean "out"\?\)/,
    },
  ],
  [
    'a misspelt top-level property',
    {
      given: { packages: [pkg()], $shema: './schema.json' },
      want: /slbkit\.json#: has the unknown property "\$shema" \(did you mean "\$schema"\?\)/,
    },
  ],
  [
    'a required property missing',
    // packageName may be left out (the spec's title names the package, package-name.test.ts); out may not.
    { given: { packages: [{ spec: 'a.yaml', packageName: 'p' }] }, want: /slbkit\.json#\/packages\/0: needs the property "out"/ },
  ],
  ['out not a string', { given: { packages: [pkg({ out: 3 })] }, want: /slbkit\.json#\/packages\/0\/out: must be string/ }],
  [
    'a NUL in a path',
    {
      given: { packages: [pkg({ spec: 'a\u0000.yaml' })] },
      want: /slbkit\.json#\/packages\/0\/spec: must be 1 to 1024 characters without NUL/,
    },
  ],
  ['an empty path', { given: { packages: [pkg({ out: '' })] }, want: /slbkit\.json#\/packages\/0\/out: must be 1 to 1024 characters/ }],
  [
    'an invalid package name',
    {
      given: { packages: [pkg({ packageName: 'Not A Name' })] },
      want: /slbkit\.json#\/packages\/0\/packageName: packageName "Not A Name" is not a valid npm package name/,
    },
  ],
  [
    'an invalid version',
    {
      given: { packages: [pkg({ packageVersion: 'v1' })] },
      want: /slbkit\.json#\/packages\/0\/packageVersion: packageVersion "v1" is not a semantic version/,
    },
  ],
  [
    'two packages into one folder',
    {
      given: { packages: [pkg(), pkg({ out: '../sub/../out', packageName: '@acme/b' })] },
      want: /slbkit\.json#\/packages\/1\/out: the same folder as #\/packages\/0\/out/,
    },
  ],
  [
    'a file to write besides the package: a config names none (release notes only from the command line)',
    {
      given: { packages: [pkg({ releaseNotes: '../../.bashrc' })] },
      want: /slbkit\.json#\/packages\/0: has the unknown property "releaseNotes"/,
    },
  ],
  [
    'code where a value goes: it stays data',
    { given: { packages: [pkg()], onLoad: 'require("child_process")' }, want: /slbkit\.json#: has the unknown property "onLoad"/ },
  ],
];

describe.each(['source', 'bin'] as const)('a config the %s entry refuses: exit 2, one located line, nothing written', (entry) => {
  it.each(REFUSED)(
    '%s',
    async (name, { given, want }) => {
      const { dir, file } = configFolder(`${entry}-${name.replace(/\W+/g, '-')}`, given);
      const run = await runCli(['--config', file], { entry, timeoutMs: TIMEOUT });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(want);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack
      expect(existsSync(join(dir, 'out'))).toBe(false);
    },
    TIMEOUT,
  );
});

// [name, { given: arguments, want }]: flags and a config, said in the usage error.
const USAGE: [string, { given: (file: string) => string[]; want: RegExp }][] = [
  ['--spec with --config', { given: (file) => ['--config', file, '--spec', SPEC_A], want: /--spec cannot be combined with --config/ }],
  ['--out with --config', { given: (file) => ['--config', file, '--out', 'x'], want: /--out cannot be combined with --config/ }],
  [
    '--release-notes with two packages',
    { given: (file) => ['--config', file, '--release-notes', 'n.md'], want: /--release-notes names one file but .* lists 2 packages/ },
  ],
  ['a config that is not there', { given: (file) => ['--config', `${file}.missing`], want: /slbkit\.json\.missing: no such file/ }],
];

describe('flags and a config', () => {
  it.each(USAGE)(
    '%s: exit 2',
    async (name, { given, want }) => {
      const { file } = configFolder(`usage-${name.replace(/\W+/g, '-')}`, {
        packages: [pkg(), pkg({ out: '../out2', packageName: '@acme/b' })],
      });
      const run = await runCli(given(file), { timeoutMs: TIMEOUT });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(want);
    },
    TIMEOUT,
  );
});

describe('two packages from one config', () => {
  it(
    'writes each (paths relative to the config), one summary line each; a second run skips both; --check passes',
    async () => {
      const dir = join(root, 'two');
      mkdirSync(join(dir, 'conf'), { recursive: true });
      const file = join(dir, 'conf', 'slbkit.config.json');
      writeFileSync(
        file,
        JSON.stringify({
          $schema: relative(join(dir, 'conf'), join(REPO, 'generator/schema/slbkit.config.schema.json')),
          packages: [
            { spec: relative(join(dir, 'conf'), SPEC_A), out: '../pkg-a', packageName: '@acme/a', packageVersion: '1.2.3' },
            { spec: relative(join(dir, 'conf'), SPEC_B), out: '../pkg-b', packageName: '@acme/b' },
          ],
        }),
      );
      const first = await runCli(['--config', file], { entry: 'bin', timeoutMs: TIMEOUT });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const wrote = first.stdout.split('\n').filter((line) => line.startsWith('wrote '));
      expect(wrote).toHaveLength(2);
      expect(wrote[0]).toMatch(/pkg-a from .*add-backend-servers\.yaml/);
      expect(wrote[1]).toMatch(/pkg-b from .*describe-health-status\.yaml/);
      const manifest = (out: string) =>
        JSON.parse(readFileSync(join(dir, out, 'package.json'), 'utf8')) as { name: string; version: string };
      expect(manifest('pkg-a')).toMatchObject({ name: '@acme/a', version: '1.2.3' });
      expect(manifest('pkg-b')).toMatchObject({ name: '@acme/b', version: '0.1.0' });
      const before = { a: hashTree(join(dir, 'pkg-a')), b: hashTree(join(dir, 'pkg-b')) };

      const second = await runCli(['--config', file], { entry: 'bin', timeoutMs: TIMEOUT });
      expect(second.code).toBe(0);
      expect(second.stdout.split('\n').filter((line) => / is up to date with .*same spec, generator and options/.test(line))).toHaveLength(
        2,
      );
      expect({ a: hashTree(join(dir, 'pkg-a')), b: hashTree(join(dir, 'pkg-b')) }).toEqual(before);

      const check = await runCli(['--config', file, '--check', '--force'], { entry: 'bin', timeoutMs: TIMEOUT });
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
    },
    3 * TIMEOUT,
  );
});
