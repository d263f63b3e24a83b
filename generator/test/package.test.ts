import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRICT_TSC_FLAGS as strict, tscLinesByPlace } from './generated-package.js';

// The committed package as a user gets it: it type-checks under strict, its dist imports in
// plain Node, and `generate --check` tells whether it is still what the spec gives.

const root = new URL('../../', import.meta.url).pathname;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
// The CLI as `npm run generate` runs it: the bundle (0.7 s of CPU a run; tsx on the sources: 2.2 s).
const cli = ['--expose-gc', join(root, 'generator/bin/generate.mjs')];
const scratch = mkdtempSync(join(tmpdir(), 'slbkit-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the generated package', () => {
  // One strict tsc program over both entries (one tsc start and one lib check instead of two);
  // each row reads the lines about its own files, and every row the lines about no file.
  const SOURCES = 'generated/src/';
  const CONSUMER = ['generator/test/typecheck/', 'generated/dist/'];
  let lines: Map<string | null, string[]>;
  let status: number | null;
  beforeAll(() => {
    const result = run(process.execPath, [tsc, ...strict, 'generated/src/index.ts', 'generator/test/typecheck/consumer.ts']);
    lines = tscLinesByPlace(result.output, [SOURCES, ...CONSUMER]);
    status = result.status;
  });

  it.each([
    ['its TypeScript sources', [SOURCES]],
    ['its .d.ts files, through a strict consumer that pins the decoded input types', CONSUMER],
  ])('type-checks: %s', (_what, places) => {
    expect(places.flatMap((place) => lines.get(place)!)).toEqual([]);
    expect(lines.get(null)).toEqual([]);
    // A tsc that failed must have said where (else the lines above prove nothing).
    expect(status === 0 || [...lines.values()].flat().length > 0, `tsc exited ${status} without an error line`).toBe(true);
  });

  it('imports in plain Node with no build step and exposes the client and errors', () => {
    const probe = "const m = await import('./generated/dist/index.js'); console.log(Object.keys(m).sort().join(','))";
    const { status, output } = run(process.execPath, ['--input-type=module', '-e', probe]);
    expect(status).toBe(0);
    expect(output.trim().split(',')).toEqual(
      expect.arrayContaining(['createClient', 'ApiError', 'RequestValidationError', 'DEFAULT_ENDPOINT']),
    );
  });

  it('declares no runtime dependencies, ESM, and types first in exports', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'generated/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@slbkit/client', type: 'module' });
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.keys(manifest.exports['.'])[0]).toBe('types');
  });
});

describe('generate --check', () => {
  it('passes on the committed generated/', () => {
    const { status, output } = run(process.execPath, [...cli, '--check']);
    expect(output).toMatch(/up to date/);
    expect(status).toBe(0);
  });

  it('fails, naming the files that differ, after a change to the spec', () => {
    const spec = join(scratch, 'slb-2014-05-15.yaml');
    writeFileSync(spec, readFileSync(join(root, 'spec/slb-2014-05-15.yaml'), 'utf8').replace('maxItems: 20', 'maxItems: 25'));
    const { status, output } = run(process.execPath, [...cli, '--check', '--spec', spec]);
    expect(status).toBe(1);
    expect(output).toMatch(/changed\s+src\/validators\.js/);
    expect(output).toMatch(/changed\s+dist\/validators\.js/);
  });

  // A listed file edited or deleted is drift; so is a stray file where the package is published
  // from (src/ ships: issue 17). A stray file elsewhere in the folder is the user's and is not.
  it('fails on a file edited by hand, a deleted one and a stray one in src/, not on a note beside them', () => {
    const copy = join(scratch, 'out');
    cpSync(join(root, 'generated'), copy, { recursive: true });
    writeFileSync(join(copy, 'src/client.ts'), `${readFileSync(join(copy, 'src/client.ts'), 'utf8')}// edited\n`);
    rmSync(join(copy, 'dist/index.js'));
    writeFileSync(join(copy, 'src/extra.ts'), 'export {};\n');
    writeFileSync(join(copy, 'NOTES.md'), 'mine\n');
    const { status, output } = run(process.execPath, [...cli, '--check', '--out', copy]);
    expect(status).toBe(1);
    expect(output).toMatch(/changed\s+src\/client\.ts/);
    expect(output).toMatch(/missing\s+dist\/index\.js/);
    expect(output).toMatch(/not generated\s+src\/extra\.ts/);
    expect(output).not.toMatch(/NOTES\.md/);
  });
});
