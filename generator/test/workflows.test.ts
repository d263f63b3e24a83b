import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';

// The GitHub workflows, checked by a real workflow linter (@action-validator/cli, against the
// published workflow schema; actionlint is not packaged for this Debian release) and for the
// steps each one promises.

const root = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'slbkit-workflows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const broken = join(scratch, 'broken.yml');
writeFileSync(broken, 'name: broken\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: npm test\n');

function validate(file: string) {
  const result = spawnSync(join(root, 'node_modules/.bin/action-validator'), [file], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

it.each([
  ['.github/workflows/ci.yml', join(root, '.github/workflows/ci.yml'), 0],
  ['.github/workflows/regenerate.yml', join(root, '.github/workflows/regenerate.yml'), 0],
  ['a workflow with a misspelt key (the linter is live)', broken, 1],
])('action-validator: %s', (_name, file, status) => {
  const result = validate(file);
  expect(result.status, result.output).toBe(status);
});

const load = (name: string) => yaml.load(readFileSync(join(root, '.github/workflows', name), 'utf8')) as any;

describe('what each workflow does', () => {
  it('ci.yml runs install, spec lint, generate --check and the tests on every push and pull request', () => {
    const ci = load('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const runs = ci.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean).join('\n');
    for (const step of ['npm ci', 'npm run lint:spec', 'npm run generate -- --check', 'npm test']) expect(runs).toContain(step);
  });

  it('regenerate.yml runs on pushes that touch spec/**, regenerates, and opens a pull request', () => {
    const regenerate = load('regenerate.yml');
    expect(regenerate.on.push.paths).toEqual(['spec/**']);
    const runs = regenerate.jobs.regenerate.steps.map((s: { run?: string }) => s.run).filter(Boolean).join('\n');
    expect(runs).toContain('npm run generate');
    expect(runs).toContain('gh pr create');
    expect(regenerate.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
  });
});
