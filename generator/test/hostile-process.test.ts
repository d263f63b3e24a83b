/**
 * The generator starts no process (issue 17, item 1), and the CHANGELOG date is the one the run
 * is given: `--release-date`, a config package's `releaseDate`, or SOURCE_DATE_EPOCH.
 *
 * The hostile rows put the spec in a folder that is itself a git repository (the plain files
 * HEAD, config, objects/, refs/, as a bare repository embedded in a project looks) whose config
 * names a `core.fsmonitor` command: git runs that command as soon as it looks at the folder's
 * files (`git status`). The generator used to ask git for the spec's commit date there; each row
 * runs the real CLI (`npm run generate`, the esbuild bundle) and checks the command never ran.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runProcess } from './cli-harness.js';

const BASE = readFileSync(join(REPO, 'generator/test/fixtures/semver/base.yaml'), 'utf8');
/** A spec edit the API summary sees (a description), so an output of BASE is not up to date with it. */
const EDITED = BASE.replace('Tunes the thing, softly', 'Tunes the thing, gently');
const CLI_TIMEOUT = 60_000;

let scratch = '';
let count = 0;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'slbkit-hostile-process-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh folder under the scratch one. */
function folder(name: string): string {
  const dir = join(scratch, `${++count}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * `npm run generate -- ...args` in its own process, with exactly the given date variables: the
 * caller's SOURCE_DATE_EPOCH (CI exports one) must not decide a row.
 */
function generate(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.SOURCE_DATE_EPOCH;
  return runProcess(process.execPath, ['--expose-gc', 'generator/bin/generate.mjs', ...args], { env: { ...base, ...env } });
}

/** The newest CHANGELOG heading of an output: "## 0.1.0 (2024-02-29)". */
const heading = (out: string) => /^## .*$/m.exec(readFileSync(join(out, 'CHANGELOG.md'), 'utf8'))?.[0];

describe('a spec folder that is a git repository whose core.fsmonitor runs a command', () => {
  /** The spec `text` in a folder laid out as a git repository whose fsmonitor creates `marker`. */
  function hostileSpec(text: string, marker: string): string {
    const dir = folder('repo');
    mkdirSync(join(dir, 'objects'));
    mkdirSync(join(dir, 'refs', 'heads'), { recursive: true });
    writeFileSync(join(dir, 'HEAD'), 'ref: refs/heads/main\n');
    // bare = false with the folder as its own work tree: `git status` then reads the spec's state
    // through the fsmonitor command, which git runs with the shell.
    writeFileSync(
      join(dir, 'config'),
      `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "touch '${marker}'; false"\n`,
    );
    writeFileSync(join(dir, 'api.yaml'), text);
    return join(dir, 'api.yaml');
  }

  interface Row {
    /** The output folder's state before the run: none, or generated from this spec text (in a clean folder). */
    previous?: string;
    spec: string;
    flags: string[];
    code: number;
  }
  it.each<[string, Row]>([
    ['generate into an empty folder', { spec: BASE, flags: [], code: 0 }],
    // --check plans the release against the folder when the spec has changed since it was written.
    ['generate --check over an output of the previous spec (drift: exit 1)', { previous: BASE, spec: EDITED, flags: ['--check'], code: 1 }],
    // A release over a previous output: the new CHANGELOG entry is the one that got a date.
    [
      'generate over an output of the previous spec, with --release-notes',
      { previous: BASE, spec: EDITED, flags: ['--release-notes', 'NOTES'], code: 0 },
    ],
  ])(
    '%s: the command never runs',
    async (_name, row) => {
      const dir = folder('run');
      const out = join(dir, 'client');
      const marker = join(dir, 'fsmonitor-ran');
      if (row.previous !== undefined) {
        // Same file name as the hostile spec: generated files name their spec.
        mkdirSync(join(dir, 'clean'));
        const clean = join(dir, 'clean', 'api.yaml');
        writeFileSync(clean, row.previous);
        const first = await generate(['--spec', clean, '--out', out]);
        expect(first.code, first.stderr).toBe(0);
      }
      const flags = row.flags.map((flag) => (flag === 'NOTES' ? join(dir, 'notes.md') : flag));
      const run = await generate(['--spec', hostileSpec(row.spec, marker), '--out', out, ...flags]);
      expect(existsSync(marker)).toBe(false);
      expect(run.code, run.stderr).toBe(row.code);
    },
    3 * CLI_TIMEOUT,
  );
});

describe('the CHANGELOG date: --release-date, then the config, then SOURCE_DATE_EPOCH, else none', () => {
  interface Row {
    flags?: string[];
    env?: Record<string, string>;
    /** The package's releaseDate in a config (the run then uses --config). */
    config?: string;
    want: string;
  }
  // 1709208000 is 2024-02-29T12:00:00Z; 1709251199 its last second (UTC, whatever the machine's zone).
  it.each<[string, Row]>([
    ['neither: the entry has no date', { want: '## 0.1.0' }],
    ['SOURCE_DATE_EPOCH: its UTC date', { env: { SOURCE_DATE_EPOCH: '1709251199' }, want: '## 0.1.0 (2024-02-29)' }],
    ['SOURCE_DATE_EPOCH=0: 1970-01-01', { env: { SOURCE_DATE_EPOCH: '0' }, want: '## 0.1.0 (1970-01-01)' }],
    ['--release-date', { flags: ['--release-date', '2024-03-01'], want: '## 0.1.0 (2024-03-01)' }],
    [
      '--release-date over SOURCE_DATE_EPOCH',
      { flags: ['--release-date', '2024-03-01'], env: { SOURCE_DATE_EPOCH: '1709208000' }, want: '## 0.1.0 (2024-03-01)' },
    ],
    [
      "the config's releaseDate over SOURCE_DATE_EPOCH",
      { config: '2023-12-31', env: { SOURCE_DATE_EPOCH: '1709208000' }, want: '## 0.1.0 (2023-12-31)' },
    ],
    [
      "--release-date over the config's releaseDate",
      { config: '2023-12-31', flags: ['--release-date', '2024-03-01'], want: '## 0.1.0 (2024-03-01)' },
    ],
  ])(
    '%s',
    async (_name, { flags = [], env = {}, config, want }) => {
      const dir = folder('date');
      const out = join(dir, 'client');
      writeFileSync(join(dir, 'api.yaml'), BASE);
      let where = ['--spec', join(dir, 'api.yaml'), '--out', out];
      if (config !== undefined) {
        writeFileSync(
          join(dir, 'slbkit.config.json'),
          JSON.stringify({ packages: [{ spec: 'api.yaml', out: 'client', packageName: '@slbkit/client', releaseDate: config }] }),
        );
        where = ['--config', join(dir, 'slbkit.config.json')];
      }
      const run = await generate([...where, ...flags], env);
      expect(run.code, run.stderr).toBe(0);
      expect(heading(out)).toBe(want);
    },
    CLI_TIMEOUT,
  );

  it(
    'generate --check does not depend on the date: an output written with one date checks clean with another, or none',
    async () => {
      const dir = folder('check');
      const out = join(dir, 'client');
      const spec = join(dir, 'api.yaml');
      writeFileSync(spec, BASE);
      const written = await generate(['--spec', spec, '--out', out], { SOURCE_DATE_EPOCH: '1709208000' });
      expect(written.code, written.stderr).toBe(0);
      writeFileSync(spec, EDITED);
      const regenerated = await generate(['--spec', spec, '--out', out], { SOURCE_DATE_EPOCH: '1709208000' });
      expect(regenerated.code, regenerated.stderr).toBe(0);
      expect(heading(out)).toBe('## 0.1.1 (2024-02-29)');
      const copy = join(dir, 'copy');
      cpSync(out, copy, { recursive: true });
      // --release-notes makes --check plan the release (no up-to-date shortcut) against the folder.
      for (const env of [{}, { SOURCE_DATE_EPOCH: '1893456000' }] as Record<string, string>[]) {
        const check = await generate(['--spec', spec, '--out', copy, '--check', '--release-notes', join(dir, 'notes.md')], env);
        expect(check.code, `${JSON.stringify(env)}: ${check.stdout}${check.stderr}`).toBe(0);
      }
    },
    3 * CLI_TIMEOUT,
  );

  // A malformed date stops the run before anything is generated (reproducible-builds.org: a
  // malformed SOURCE_DATE_EPOCH must fail the build, not be ignored).
  it.each<[string, Row & { stderr: string }]>([
    [
      'SOURCE_DATE_EPOCH with a fraction',
      {
        env: { SOURCE_DATE_EPOCH: '1709208000.5' },
        want: '',
        stderr: 'SOURCE_DATE_EPOCH="1709208000.5" is not whole seconds since 1970-01-01 UTC',
      },
    ],
    ['SOURCE_DATE_EPOCH empty', { env: { SOURCE_DATE_EPOCH: '' }, want: '', stderr: 'SOURCE_DATE_EPOCH="" is not whole seconds' }],
    ['SOURCE_DATE_EPOCH negative', { env: { SOURCE_DATE_EPOCH: '-1' }, want: '', stderr: 'SOURCE_DATE_EPOCH="-1" is not whole seconds' }],
    [
      'SOURCE_DATE_EPOCH a date',
      { env: { SOURCE_DATE_EPOCH: '2024-02-29' }, want: '', stderr: 'SOURCE_DATE_EPOCH="2024-02-29" is not whole seconds' },
    ],
    [
      'SOURCE_DATE_EPOCH past 9999-12-31',
      { env: { SOURCE_DATE_EPOCH: '253402300800' }, want: '', stderr: 'SOURCE_DATE_EPOCH="253402300800" is not whole seconds' },
    ],
    [
      '--release-date not a calendar day',
      { flags: ['--release-date', '2023-02-29'], want: '', stderr: '--release-date: "2023-02-29" is not a calendar date YYYY-MM-DD' },
    ],
    [
      '--release-date without leading zeros',
      { flags: ['--release-date', '2024-3-1'], want: '', stderr: '--release-date: "2024-3-1" is not a calendar date YYYY-MM-DD' },
    ],
    [
      '--release-date with a time',
      {
        flags: ['--release-date', '2024-03-01T00:00:00Z'],
        want: '',
        stderr: '--release-date: "2024-03-01T00:00:00Z" is not a calendar date',
      },
    ],
    [
      "a config's releaseDate month 13",
      {
        config: '2023-13-01',
        want: '',
        stderr: 'slbkit.config.json#/packages/0/releaseDate: "2023-13-01" is not a calendar date YYYY-MM-DD',
      },
    ],
  ])(
    '%s: exit 2, nothing written',
    async (_name, { flags = [], env = {}, config, stderr }) => {
      const dir = folder('bad-date');
      writeFileSync(join(dir, 'api.yaml'), BASE);
      let where = ['--spec', join(dir, 'api.yaml'), '--out', join(dir, 'client')];
      if (config !== undefined) {
        writeFileSync(
          join(dir, 'slbkit.config.json'),
          JSON.stringify({ packages: [{ spec: 'api.yaml', out: 'client', packageName: '@slbkit/client', releaseDate: config }] }),
        );
        where = ['--config', join(dir, 'slbkit.config.json')];
      }
      const run = await generate([...where, ...flags], env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(stderr);
      expect(existsSync(join(dir, 'client'))).toBe(false);
    },
    CLI_TIMEOUT,
  );
});

describe('no generator module can start a process', () => {
  // The rows above show one path; this keeps every other one shut: nothing under generator/src or
  // generator/runtime (shipped in the package) imports child_process. generator/bin/generate.mjs
  // imports esbuild, which runs its own binary to rebuild the bundle when a source is newer; it
  // is given no spec-derived input and runs in the project's folder, not the spec's.
  const sources = (dir: string): string[] =>
    readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(`${dir}/${entry.name}`) : /\.[cm]?[jt]s$/.test(entry.name) ? [`${dir}/${entry.name}`] : [],
    );
  it.each(['generator/src', 'generator/runtime'])('%s: no child_process, spawn, exec or fork', (dir) => {
    const found = sources(dir).filter((file) =>
      /child_process|\b(spawn|spawnSync|execFile|execFileSync|execSync|fork)\s*\(/.test(readFileSync(join(REPO, file), 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
