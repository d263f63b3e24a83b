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
    const runs = ci.jobs.test.steps
      .map((s: { run?: string }) => s.run)
      .filter(Boolean)
      .join('\n');
    for (const step of ['npm ci', 'npm run lint:spec', 'npm run generate -- --check', 'npm test', 'npm run test:install'])
      expect(runs).toContain(step);
  });

  it('regenerate.yml runs on pushes that touch spec/**, regenerates, and opens a pull request', () => {
    const regenerate = load('regenerate.yml');
    expect(regenerate.on.push.paths).toEqual(['spec/**']);
    const runs = regenerate.jobs.regenerate.steps
      .map((s: { run?: string }) => s.run)
      .filter(Boolean)
      .join('\n');
    expect(runs).toContain('npm run generate');
    expect(runs).toContain('gh pr create');
    expect(regenerate.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
  });
});

/** Every `actions/checkout` step of a workflow, with the job it is in. */
const checkouts = (name: string) =>
  Object.entries(load(name).jobs as Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>).flatMap(
    ([job, { steps }]) => steps.filter((step) => step.uses?.startsWith('actions/checkout@')).map((step) => [job, step.with ?? {}] as const),
  );

describe('issue 17: what a workflow leaves to the code it runs', () => {
  // actions/checkout writes the token into .git/config unless told not to; every install script
  // (`npm ci`) and every test could then read it. regenerate.yml holds a write token.
  it.each(['ci.yml', 'regenerate.yml'])('%s: every checkout has persist-credentials: false', (name) => {
    const found = checkouts(name);
    expect(found.length).toBeGreaterThan(0);
    for (const [job, options] of found) expect({ job, persist: options['persist-credentials'] }).toEqual({ job, persist: false });
  });

  // A pull request opened with GITHUB_TOKEN starts no workflow, so ci.yml never checks the
  // regeneration's: the regenerate job runs ci.yml's checks itself, each before the pull request.
  const steps = () => load('regenerate.yml').jobs.regenerate.steps as { name?: string; run?: string }[];
  const index = (command: string) => steps().findIndex((step) => step.run?.includes(command));
  it.each(['npm run lint:spec', 'npm run generate -- --check', 'npm test', 'npm run generate -- --release-notes'])(
    'regenerate.yml runs `%s` before `gh pr create`',
    (command) => {
      expect(index(command)).toBeGreaterThanOrEqual(0);
      expect(index(command)).toBeLessThan(index('gh pr create'));
    },
  );

  it('regenerate.yml dates the CHANGELOG with the pushed commit (SOURCE_DATE_EPOCH), not by git in the spec folder', () => {
    expect(steps().find((step) => step.run?.includes('--release-notes'))?.run).toContain('SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"');
  });

  it('regenerate.yml pushes with the token handed to git for that command only', () => {
    const push = steps().find((step) => step.run?.includes('gh pr create'))!.run!;
    expect(push).toMatch(/git -c credential\.helper= -c 'credential\.helper=!gh auth git-credential' push origin/);
    expect(push).not.toMatch(/x-access-token|GH_TOKEN@|extraheader/i);
  });

  // @scarf/scarf (through orval) posts install analytics during `npm ci` unless told not to.
  it.each([
    ['ci.yml', load('ci.yml').env],
    ['regenerate.yml', load('regenerate.yml').jobs.regenerate.env],
  ])('%s: SCARF_ANALYTICS is false for every step', (_name, env) => {
    expect(env?.SCARF_ANALYTICS).toBe('false');
  });
});
