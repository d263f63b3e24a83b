// Over 400 lines: one table per promise about --out (manifest, adoption, links, lock, failure halfway), each row a real CLI run on a real folder.
/**
 * `--out` writes only what is provably its own (issue 9, item 4), through the real CLI as
 * `npm run generate` runs it: `node --expose-gc generator/bin/generate.mjs --spec X --out Y`.
 *
 * Each row builds a folder (a user's project, a previous output with a `.git` and notes, a hostile
 * manifest, a symlinked --out, a held lock, ...), runs the generator on the bundled spec, and
 * checks the exit code, the one line it prints, and what is on disk afterwards: either the whole
 * row folder byte for byte unchanged (files beside --out included: the victims of a hostile
 * manifest live there), or the generated files equal to a clean run's and every file of the user
 * kept. Where the run is also a release (diff/release.ts: a stale file removed is a fix), the
 * files that carry it (package.json, CHANGELOG.md, the manifest) are checked as `expectRelease` says. Today's main fails every row but the two controls: it swaps whole folders, so it deletes
 * `.git` and notes, replaces a symlink with a folder, and knows no manifest and no lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFiles, ownPathProblem, parseManifest, renderManifest } from '../src/output/manifest.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLED_SPEC = join(REPO, 'spec/slb-2014-05-15.yaml');
const MANIFEST = '.slbkit-manifest.json';
/** One generation costs about 1.5 s of CPU; rows overlap on a shared machine, so allow for waiting. */
const CLI_TIMEOUT = 90_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number;
}

// Named: a package without a name is named from its title with a warning on stderr (package-name.test.ts); these rows are about something else.
const NAMED = ['--package-name', '@slbkit/client'];

/** The CLI as `npm run generate` runs it, in its own process; `started` resolves once it runs. */
function startCli(args: string[]): { pid: number; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--expose-gc', 'generator/bin/generate.mjs', '--spec', BUNDLED_SPEC, ...NAMED, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<Run>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid! }));
  });
  return { pid: child.pid!, done };
}
const runCli = (args: string[]) => startCli(args).done;

/** Every entry below `dir` (links not followed): files by SHA-256, links by target, folders as such. */
function hashTree(dir: string, prefix = ''): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) hashes[path] = `link -> ${readlinkSync(join(dir, path))}`;
    else if (entry.isDirectory()) Object.assign(hashes, { [path]: 'folder' }, hashTree(dir, path));
    else
      hashes[path] = createHash('sha256')
        .update(readFileSync(join(dir, path)))
        .digest('hex');
  }
  return hashes;
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let root = '';
let good = '';
let goodTree: Record<string, string> = {};
let rowCount = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-output-folder-'));
  good = join(root, 'good');
  // Alone first: it also (re)builds generator/.build, which parallel rows must not race to write.
  const run = await runCli(['--out', good]);
  expect(run, 'generating the bundled spec into a fresh folder must work before anything else').toMatchObject({ code: 0, stderr: '' });
  goodTree = hashTree(good);
  expect(goodTree).toHaveProperty([MANIFEST]);
}, CLI_TIMEOUT);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

// ------------------------------------------------------------------ folder builders

/** A copy of a clean previous output at `out`. */
function previousOutput(out: string): void {
  cpSync(good, out, { recursive: true });
}

/**
 * A previous output as slbkit wrote it before manifests existed: no manifest, and no API summary
 * or CHANGELOG.md either (those came with the same merge, so no output without a manifest has
 * them; write.ts does not adopt them, as they carry no "generated by slbkit" line).
 */
function legacyOutput(out: string): void {
  previousOutput(out);
  for (const path of [MANIFEST, 'slbkit-api.json', 'CHANGELOG.md']) rmSync(join(out, path));
}

/**
 * Add entries to a copy's manifest, as an older generator that wrote those files would have. An
 * older generator also recorded other inputs (or none): its `inputs` hash goes, so the run is not
 * skipped as up to date.
 */
function listInManifest(out: string, entries: { path: string; text: string }[]): void {
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as { files: { path: string; sha256: string }[]; inputs?: string };
  delete manifest.inputs;
  for (const { path, text } of entries) manifest.files.push({ path, sha256: sha256(text) });
  manifest.files.sort((a, b) => (a.path < b.path ? -1 : 1));
  writeFileSync(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * A user's own files kept in a previous output: a repository, a .gitignore, notes, a folder of
 * notes. Not inside src/ or dist/: what is there is published, so it must be the generator's
 * (issue 17; the row "a note of the user's inside src/" below).
 */
function userFilesIn(out: string): void {
  write(join(out, '.git/HEAD'), 'ref: refs/heads/main\n');
  write(join(out, '.git/config'), '[core]\n\tbare = false\n');
  write(join(out, '.gitignore'), 'node_modules/\n');
  write(join(out, 'NOTES.md'), 'why we pin this client\n');
  write(join(out, 'notes/mine.md'), 'a note of mine beside the generated sources\n');
}
const USER_FILES = ['out/.git/HEAD', 'out/.git/config', 'out/.gitignore', 'out/NOTES.md', 'out/notes/mine.md'];

/** A pid that surely runs no process: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

// ------------------------------------------------------------------ the table

interface Row {
  /** Build the row's folder `dir` (--out is `dir/out` unless `args` says otherwise). */
  given: (dir: string) => void;
  /** Arguments after `--spec <bundled>`; OUT stands for `dir/out`, DIR for `dir`. */
  args?: string[];
  want: {
    code: number;
    stdout: RegExp;
    stderr: RegExp;
    /** 'untouched': the whole row folder byte for byte as before. Otherwise what must hold after. */
    disk:
      | 'untouched'
      | {
          /** The folder that must now hold exactly the clean output's files (plus `kept`). */
          output: string;
          /** Paths (relative to the row folder) whose bytes must be as before. */
          kept?: string[];
          /** Paths that must no longer exist. */
          gone?: string[];
          /** Paths that must still be symbolic links. */
          links?: string[];
          /**
           * The run was a release that differs from the clean run (diff/release.ts): package.json at
           * `version` with a CHANGELOG entry matching `entry` above the clean run's entries, and/or
           * the clean run's files in `without` not written. Every other file is the clean run's.
           */
          release?: { version?: string; entry?: RegExp; without?: string[] };
        };
  };
}

const refusedLine = (text: RegExp) => new RegExp(`^slbkit-generate: ${text.source}\\n$`);

const ROWS: [string, Row][] = [
  [
    // The issue's first loss: a package.json with a "slbkit" key was enough to replace the folder.
    'a user project whose package.json has a "slbkit" key: refused, untouched',
    {
      given: (dir) => {
        write(join(dir, 'out/package.json'), '{"name": "my-app", "slbkit": {"spec": "slb-2014-05-15.yaml"}}\n');
        write(join(dir, 'out/src/index.ts'), 'export const mine = 1;\n');
        write(join(dir, 'out/tsconfig.json'), '{}\n');
        write(join(dir, 'out/.git/HEAD'), 'ref: refs/heads/main\n');
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /\S*out is not empty and is not a previous slbkit output \(no \.slbkit-manifest\.json; a "slbkit" field in package\.json is not enough: package\.json, src\/index\.ts, tsconfig\.json are not files slbkit wrote\); refusing to write into it\. Choose another --out or empty it\./,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    // The second loss: .git, .gitignore and notes inside a real previous output were deleted.
    // Also here: a generated file edited by hand (overwritten, and the line says so). The new files
    // are the ones the manifest recorded, so this is no release: the version stays (diff/release.ts
    // compares with the recorded hashes, not with the hand edit on disk).
    'a previous output with .git, .gitignore, notes and a hand edit: only the generated files change, no release',
    {
      given: (dir) => {
        const out = join(dir, 'out');
        previousOutput(out);
        userFilesIn(out);
        writeFileSync(join(out, 'src/client.ts'), `${readFileSync(join(out, 'src/client.ts'), 'utf8')}// edited by hand\n`);
      },
      want: {
        code: 0,
        stdout:
          /^wrote \d+ files to \S*out from \S*slb-2014-05-15\.yaml in \d+ ms; overwrote 1 generated file changed by hand: src\/client\.ts\n@slbkit\/client 0\.1\.0 \(no change\)\n$/,
        stderr: /^$/,
        disk: { output: 'out', kept: USER_FILES },
      },
    },
  ],
  [
    // A file the old output had and the new one has not: removed with its empty folder, the user's
    // files kept. The package lost a file, so this is a release: a fix (no API change), 0.1.1.
    "a previous output with .git, notes and a stale file: the stale file removed, the user's kept, a fix release",
    {
      given: (dir) => {
        const out = join(dir, 'out');
        previousOutput(out);
        userFilesIn(out);
        write(join(out, 'src/old/gone.ts'), 'export {};\n');
        listInManifest(out, [{ path: 'src/old/gone.ts', text: 'export {};\n' }]);
      },
      want: {
        code: 0,
        stdout:
          /^wrote \d+ files to \S*out from \S*slb-2014-05-15\.yaml in \d+ ms; removed 1 stale file: src\/old\/gone\.ts\n@slbkit\/client 0\.1\.0 -> 0\.1\.1 \(fix\)\n- fix: generated code changed without an API change \(1 file: src\/old\/gone\.ts\)\n$/,
        stderr: /^$/,
        disk: {
          output: 'out',
          kept: USER_FILES,
          gone: ['out/src/old'],
          release: {
            version: '0.1.1',
            entry:
              /^## 0\.1\.1( \(\d{4}-\d\d-\d\d\))?\n\nGenerated from `slb-2014-05-15\.yaml`; previous version 0\.1\.0\.\n\n- fix: generated code changed without an API change \(1 file: src\/old\/gone\.ts\)\n\n$/,
          },
        },
      },
    },
  ],
  [
    // The third loss: a symlinked --out was replaced by a folder.
    'a symlinked --out: written through, the link stays a link',
    {
      given: (dir) => {
        previousOutput(join(dir, 'real'));
        userFilesIn(join(dir, 'real'));
        writeFileSync(join(dir, 'real/README.md'), 'stale\n');
        symlinkSync(join(dir, 'real'), join(dir, 'out'));
      },
      want: {
        code: 0,
        stdout:
          /^wrote \d+ files to \S*out from \S*slb-2014-05-15\.yaml in \d+ ms; overwrote 1 generated file changed by hand: README\.md\n@slbkit\/client 0\.1\.0 \(no change\)\n$/,
        stderr: /^$/,
        disk: { output: 'real', kept: USER_FILES.map((p) => p.replace(/^out\//, 'real/')), links: ['out'] },
      },
    },
  ],
  [
    'an existing file as --out: exit 2, one line, untouched',
    {
      given: (dir) => write(join(dir, 'out'), 'a file\n'),
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(/--out \S*out is a file, not a folder; point --out at a folder \(the file is left as it is\)/),
        disk: 'untouched',
      },
    },
  ],
  [
    // Decided: refused. Following the link would create folders wherever it points.
    'a dangling symlink as --out: exit 2, one line, nothing created where it points',
    {
      given: (dir) => symlinkSync(join(dir, 'nowhere'), join(dir, 'out')),
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /--out \S*out is a symbolic link to \S*nowhere, which does not exist; create that folder or point --out at a folder/,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    // A manifest is text anyone can edit, and it decides what is deleted: a path out of the
    // folder makes the whole manifest untrusted, nothing is touched.
    'a hostile manifest listing ../victim.txt: refused, the victim kept',
    {
      given: (dir) => {
        write(join(dir, 'victim.txt'), 'precious\n');
        previousOutput(join(dir, 'out'));
        listInManifest(join(dir, 'out'), [{ path: '../victim.txt', text: 'precious\n' }]);
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /\S*out\/\.slbkit-manifest\.json: #\/files\/\d+\/path "\.\.\/victim\.txt" has an empty, "\." or "\.\." segment \(it would leave the folder\); it is not a manifest slbkit wrote, so nothing in \S*out is touched \(restore the manifest from version control, or choose another --out\)/,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    'a hostile manifest listing an absolute path: refused, the victim kept',
    {
      given: (dir) => {
        write(join(dir, 'victim.txt'), 'precious\n');
        previousOutput(join(dir, 'out'));
        listInManifest(join(dir, 'out'), [{ path: join(dir, 'victim.txt'), text: 'precious\n' }]);
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /\S*out\/\.slbkit-manifest\.json: #\/files\/\d+\/path "\/\S*victim\.txt" is absolute; it is not a manifest slbkit wrote, so nothing in \S*out is touched \(restore the manifest from version control, or choose another --out\)/,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    // A valid-looking path whose folder is a symbolic link to outside: never followed.
    'a manifest listing a file below a symlinked subfolder: refused, the victim kept',
    {
      given: (dir) => {
        write(join(dir, 'elsewhere/victim.txt'), 'precious\n');
        previousOutput(join(dir, 'out'));
        symlinkSync(join(dir, 'elsewhere'), join(dir, 'out/linked'));
        listInManifest(join(dir, 'out'), [{ path: 'linked/victim.txt', text: 'precious\n' }]);
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /\S*out\/linked is a symbolic link; slbkit does not write or delete through links inside --out \(linked\/victim\.txt is below it\): replace it with a folder/,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    // Issue 17: src/ is published (package.json "files"), so a file there that slbkit did not write
    // would ship. Deleting it could lose the user's work: refused, named, untouched.
    "a note of the user's inside src/ of a previous output: refused naming it, untouched",
    {
      given: (dir) => {
        previousOutput(join(dir, 'out'));
        write(join(dir, 'out/src/notes/mine.md'), 'a note of mine beside the generated sources\n');
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /\S*out holds src\/notes\/mine\.md where the package is published or loaded from \(dist\/, src\/, node_modules\/, the files package\.json publishes\), and slbkit did not write it: npm would pack it and the package's code could load it\. Nothing was written; move it out of the folder \(or restore the folder from version control\) and run again/,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    'a manifest that does not list a file the new output writes (the user put it there): refused, untouched',
    {
      given: (dir) => {
        previousOutput(join(dir, 'out'));
        const manifest = JSON.parse(readFileSync(join(dir, 'out', MANIFEST), 'utf8')) as { files: { path: string }[] };
        manifest.files = manifest.files.filter((f) => f.path !== 'src/client.ts');
        writeFileSync(join(dir, 'out', MANIFEST), JSON.stringify(manifest));
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /\S*out\/src\/client\.ts is not listed in \.slbkit-manifest\.json \(slbkit did not write it\) but the new output has a file there; move it away and run again/,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    // This repo's generated/ before manifests: package.json with "slbkit", and every file one the
    // new output writes, each saying "generated by slbkit". Adopted once, .git aside. Its files are
    // the new ones but for the summary, which older outputs lack: no release, so no CHANGELOG.md
    // is started (diff/release.ts writes one only for a change); everything else is a clean run's.
    'a previous output from before manifests, with a .git: adopted, .git kept, the manifest written',
    {
      given: (dir) => {
        legacyOutput(join(dir, 'out'));
        write(join(dir, 'out/.git/HEAD'), 'ref: refs/heads/main\n');
      },
      want: {
        code: 0,
        stdout:
          /^wrote \d+ files to \S*out from \S*slb-2014-05-15\.yaml in \d+ ms; adopted a previous output that had no \.slbkit-manifest\.json\n@slbkit\/client 0\.1\.0 \(no change\)\n$/,
        stderr: /^$/,
        disk: { output: 'out', kept: ['out/.git/HEAD'], release: { without: ['CHANGELOG.md'] } },
      },
    },
  ],
  [
    'a previous output from before manifests with a note in it: refused, untouched (move the note out once)',
    {
      given: (dir) => {
        legacyOutput(join(dir, 'out'));
        write(join(dir, 'out/NOTES.md'), 'mine\n');
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          /\S*out is not empty and is not a previous slbkit output \(no \.slbkit-manifest\.json; a "slbkit" field in package\.json is not enough: NOTES\.md is not a file slbkit wrote\); refusing to write into it\. Choose another --out or empty it\./,
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    'a lock held by a running process: exit 2 naming it, untouched',
    {
      given: (dir) => {
        previousOutput(join(dir, 'out'));
        write(join(dir, 'out.slbkit-lock'), `${process.pid}\n`);
      },
      want: {
        code: 2,
        stdout: /^$/,
        stderr: refusedLine(
          new RegExp(
            `\\S*out is being written by another slbkit-generate \\(pid ${process.pid}\\); run again when it has finished \\(if pid ${process.pid} is not slbkit-generate, remove \\S*out\\.slbkit-lock\\)`,
          ),
        ),
        disk: 'untouched',
      },
    },
  ],
  [
    // A run killed by a signal leaves its lock and staging folder; the next run takes both over.
    'a stale lock, its per-process file and a staging folder of a killed run: taken over, written, cleaned',
    {
      given: (dir) => {
        previousOutput(join(dir, 'out'));
        const pid = deadPid();
        write(join(dir, 'out.slbkit-lock'), `${pid}\n`);
        write(join(dir, `out.slbkit-staging-${pid}/new/README.md`), 'half\n');
        write(join(dir, `out.slbkit-lock.${pid}`), `${pid}\n`);
      },
      // What a writing run does with a killed run's leftovers: --force, since the output itself is up to date.
      args: ['--out', 'OUT', '--force'],
      want: {
        code: 0,
        stdout: /^wrote \d+ files to \S*out from \S*slb-2014-05-15\.yaml in \d+ ms\n@slbkit\/client 0\.1\.0 \(no change\)\n$/,
        stderr: /^$/,
        disk: { output: 'out' },
      },
    },
  ],
  [
    'control: a missing --out two folders deep is created',
    {
      given: () => undefined,
      args: ['--out', 'DIR/a/b/out'],
      want: {
        code: 0,
        stdout: /^wrote \d+ files to \S*a\/b\/out from \S*slb-2014-05-15\.yaml in \d+ ms\n@slbkit\/client 0\.1\.0 \(first version\)\n$/,
        stderr: /^$/,
        disk: { output: 'a/b/out' },
      },
    },
  ],
];

/**
 * A run that differs from the clean run only as `release` says: the files listed in `without` are
 * absent, package.json is the clean one at `version`, CHANGELOG.md has the entry and then the clean
 * run's entries, every other file is byte for byte the clean run's, and the manifest records
 * exactly the files now on disk (so the next run owns them and nothing else).
 */
function expectRelease(
  folder: string,
  generated: Record<string, string>,
  release: NonNullable<Exclude<Row['want']['disk'], 'untouched'>['release']>,
): void {
  const { version, entry, without = [] } = release;
  const differing = [MANIFEST, ...without, ...(version ? ['package.json', 'CHANGELOG.md'] : [])];
  const rest = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([path]) => !differing.includes(path)));
  expect(rest(generated), "every other file is the clean run's").toEqual(rest(goodTree));
  for (const path of without) expect(generated, `${path} not written`).not.toHaveProperty([path]);
  if (version) {
    const text = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
    expect(JSON.parse(text(folder, 'package.json'))).toEqual({ ...JSON.parse(text(good, 'package.json')), version });
    const [header, newest, ...older] = text(folder, 'CHANGELOG.md').split(/^(?=## )/m);
    const [goodHeader, ...goodEntries] = text(good, 'CHANGELOG.md').split(/^(?=## )/m);
    expect(header).toBe(goodHeader);
    expect(newest).toMatch(entry!);
    expect(older).toEqual(goodEntries);
  }
  const onDisk = Object.entries(generated).filter(([path, hash]) => path !== MANIFEST && hash !== 'folder');
  expect(parseManifest(readFileSync(join(folder, MANIFEST), 'utf8')), 'the manifest records what is on disk').toEqual(new Map(onDisk));
}

describe('--out writes only what is provably its own (real CLI)', () => {
  it.concurrent.for(ROWS)('%s', { timeout: CLI_TIMEOUT }, async ([, { given, args = ['--out', 'OUT'], want }], { expect }) => {
    const dir = join(root, `row-${++rowCount}`);
    mkdirSync(dir);
    given(dir);
    const before = hashTree(dir);

    const run = await runCli(args.map((arg) => arg.replace(/^OUT$/, join(dir, 'out')).replace(/^DIR/, dir)));

    expect(run.stderr).toMatch(want.stderr);
    expect(run.stdout).toMatch(want.stdout);
    expect(run.code).toBe(want.code);
    const after = hashTree(dir);
    if (want.disk === 'untouched') {
      expect(after).toEqual(before);
      return;
    }
    const { output, kept = [], gone = [], links = [], release } = want.disk;
    for (const path of kept) expect(after[path], `${path} kept`).toBe(before[path]);
    for (const path of gone) expect(existsSync(join(dir, path)), `${path} gone`).toBe(false);
    for (const path of links) expect(lstatSync(join(dir, path)).isSymbolicLink(), `${path} still a link`).toBe(true);
    // The user's files and the folders that only hold them (.git, src/notes) aside.
    const isUsers = (path: string) =>
      kept.includes(`${output}/${path}`) || (!(path in goodTree) && kept.some((k) => k.startsWith(`${output}/${path}/`)));
    const generated = Object.fromEntries(Object.entries(hashTree(join(dir, output))).filter(([path]) => !isUsers(path)));
    if (!release) expect(generated, "the generated files are exactly a clean run's").toEqual(goodTree);
    else expectRelease(join(dir, output), generated, release);
    expect(
      readdirSync(dir).filter((name) => /\.slbkit-(lock|staging)/.test(name)),
      'no lock or staging folder left',
    ).toEqual([]);
  });
});

// ------------------------------------------------------------------ two runs at once

describe('two runs on one --out', () => {
  // The first run takes the lock before it generates. Started together, a loaded machine can
  // start the second only after the first has finished (seen here: 3 s of start-up), which would
  // prove nothing; so the first is paused (SIGSTOP) as soon as its lock exists: it is then a live
  // process holding the lock for as long as the test needs. The second goes through a symbolic
  // link to the same folder (the lock is taken on the real path) and must be refused at once;
  // the first, resumed, must finish and leave a whole output.
  it('the second is refused with exit 2 while the first writes; the output is whole', { timeout: CLI_TIMEOUT }, async () => {
    const dir = join(root, 'concurrent');
    mkdirSync(join(dir, 'out'), { recursive: true });
    symlinkSync(join(dir, 'out'), join(dir, 'same'));
    const first = startCli(['--out', join(dir, 'out')]);
    const lock = join(dir, 'out.slbkit-lock');
    try {
      const deadline = Date.now() + 30_000;
      while (!existsSync(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      process.kill(first.pid, 'SIGSTOP');
      expect(readFileSync(lock, 'utf8'), 'the first run holds the lock while paused').toBe(`${first.pid}\n`);

      const second = await runCli(['--out', join(dir, 'same')]);

      expect(second.stderr).toMatch(
        refusedLine(
          new RegExp(
            `\\S*out is being written by another slbkit-generate \\(pid ${first.pid}\\); run again when it has finished \\(if pid ${first.pid} is not slbkit-generate, remove \\S*out\\.slbkit-lock\\)`,
          ),
        ),
      );
      expect(second.code).toBe(2);
    } finally {
      process.kill(first.pid, 'SIGCONT');
    }
    expect(await first.done).toMatchObject({ code: 0, stderr: '' });
    expect(hashTree(join(dir, 'out'))).toEqual(goodTree);
    expect(readdirSync(dir).sort()).toEqual(['out', 'same']);
  });
});

// ------------------------------------------------------------------ a failure halfway

/**
 * Make `folder` refuse new entries: chmod for a normal user; root ignores modes, so `chattr +i`
 * (immutable). Returns the undo, or undefined when neither works here.
 */
function freeze(folder: string): (() => void) | undefined {
  const attempts: [() => void, () => void][] = [
    [() => chmodSync(folder, 0o555), () => chmodSync(folder, 0o755)],
    [() => spawnSync('chattr', ['+i', folder]), () => spawnSync('chattr', ['-i', folder])],
  ];
  for (const [on, off] of attempts) {
    on();
    const probe = join(folder, '.probe');
    try {
      writeFileSync(probe, '');
      rmSync(probe);
      off();
    } catch {
      return off;
    }
  }
  return undefined;
}

describe('a failure while files are moved in', () => {
  it('puts the previous output back whole: exit 2, one line, every byte as before', { timeout: CLI_TIMEOUT }, async (context) => {
    const dir = join(root, 'halfway');
    const out = join(dir, 'out');
    previousOutput(out);
    userFilesIn(out);
    // README.md, dist/ and package.json sort before src/: they are moved in before the move into
    // the frozen src/ fails, so the restore has real work to do.
    writeFileSync(join(out, 'README.md'), 'old\n');
    // Still with a version: a previous output whose package.json has none is refused before any
    // move (diff/release.ts), and this test is about a failure during the moves.
    writeFileSync(join(out, 'package.json'), '{"name": "@slbkit/client", "version": "0.1.0", "old": true}\n');
    writeFileSync(join(out, 'src/client.ts'), 'old\n');
    const before = hashTree(dir);
    const thaw = freeze(join(out, 'src'));
    if (!thaw) return context.skip('cannot make a folder unwritable here (neither chmod nor chattr +i takes effect)');
    let run: Run;
    try {
      run = await runCli(['--out', out]);
    } finally {
      thaw();
    }

    expect(run.stderr).toMatch(refusedLine(/cannot write \S*out\/src\/client\.ts \((EPERM|EACCES): [^)]*\); \S*out is as it was/));
    expect(run.code).toBe(2);
    expect(hashTree(dir)).toEqual(before);
  });
});

// ------------------------------------------------------------------ --check

describe('generate --check reads the manifest', () => {
  it.concurrent.for<[string, { given: (out: string) => void; want: { code: number; output: RegExp } }]>([
    [
      "a previous output with .git and notes is up to date: files outside the published part are not the generator's",
      { given: userFilesIn, want: { code: 0, output: /^\S*out is up to date with \S*slb-2014-05-15\.yaml \(\d+ files\)\n$/ } },
    ],
    // Issue 17: inside the published part, a file slbkit does not write is drift, named.
    [
      'a note inside src/: named as not generated, with why the next run refuses it',
      {
        given: (out) => write(join(out, 'src/notes/mine.md'), 'mine\n'),
        want: {
          code: 1,
          output:
            /^\S*out is not what \S*slb-2014-05-15\.yaml gives \(1 files\); `npm run generate` would refuse this folder: \S*out holds src\/notes\/mine\.md where the package is published or loaded from .*\n {2}not generated {2}src\/notes\/mine\.md\n$/,
        },
      },
    ],
    [
      // Edits by hand are no release (the run restores the recorded files): package.json and
      // CHANGELOG.md are not named.
      'a hand edit and a deleted file: each named, no release',
      {
        given: (out) => {
          writeFileSync(join(out, 'src/client.ts'), '// edited\n');
          rmSync(join(out, 'dist/index.js'));
        },
        want: {
          code: 1,
          output:
            /^\S*out is not what \S*slb-2014-05-15\.yaml gives \(2 files\); run `npm run generate`:\n {2}changed {2}src\/client\.ts\n {2}missing {2}dist\/index\.js\n$/,
        },
      },
    ],
    [
      // The stale file is a release (the package loses a file: a fix), so `generate` would bump
      // package.json and add a CHANGELOG entry: --check names those too.
      'a hand edit, a deleted file and a file the manifest lists that the output no longer has: each named',
      {
        given: (out) => {
          userFilesIn(out);
          writeFileSync(join(out, 'src/client.ts'), '// edited\n');
          rmSync(join(out, 'dist/index.js'));
          write(join(out, 'src/old.ts'), 'export {};\n');
          listInManifest(out, [{ path: 'src/old.ts', text: 'export {};\n' }]);
        },
        want: {
          code: 1,
          output:
            /^\S*out is not what \S*slb-2014-05-15\.yaml gives \(6 files\); run `npm run generate`:\n {2}changed {2}\.slbkit-manifest\.json\n {2}changed {2}CHANGELOG\.md\n {2}changed {2}package\.json\n {2}changed {2}src\/client\.ts\n {2}missing {2}dist\/index\.js\n {2}stale {4}src\/old\.ts\n$/,
        },
      },
    ],
    // Adopted, no release (see the row above): the manifest and the summary are what it lacks.
    [
      'a previous output from before manifests: the manifest and the summary are missing',
      {
        given: (out) => {
          rmSync(out, { recursive: true });
          legacyOutput(out);
        },
        want: {
          code: 1,
          output:
            /^\S*out is not what \S*slb-2014-05-15\.yaml gives \(2 files\); run `npm run generate`:\n {2}missing {2}\.slbkit-manifest\.json\n {2}missing {2}slbkit-api\.json\n$/,
        },
      },
    ],
  ])('%s', { timeout: CLI_TIMEOUT }, async ([, { given, want }], { expect }) => {
    const dir = join(root, `check-${++rowCount}`);
    const out = join(dir, 'out');
    previousOutput(out);
    given(out);
    const before = hashTree(dir);

    const run = await runCli(['--check', '--out', out]);

    expect(run.stdout + run.stderr).toMatch(want.output);
    expect(run.code).toBe(want.code);
    expect(hashTree(dir), '--check writes nothing').toEqual(before);
  });
});

// ------------------------------------------------------------------ the manifest's own rules

describe("which manifest paths can be the generator's (ownPathProblem)", () => {
  // A manifest decides what is deleted, so each of these must make the whole manifest untrusted.
  it.each<[string, { given: string; want: string | undefined }]>([
    ['a generated file', { given: 'src/runtime/xml.ts', want: undefined }],
    ['a dotfile at the top', { given: '.npmignore', want: undefined }],
    ['up and out', { given: '../victim.txt', want: 'has an empty, "." or ".." segment (it would leave the folder)' }],
    ['up and out from below', { given: 'src/../../victim.txt', want: 'has an empty, "." or ".." segment (it would leave the folder)' }],
    ['absolute', { given: '/tmp/x', want: 'is absolute' }],
    ['a Windows drive', { given: 'C:/x', want: 'is absolute' }],
    ['a backslash (a separator on Windows)', { given: '..\\victim.txt', want: 'contains a NUL or a backslash' }],
    ['a NUL', { given: 'a\0b', want: 'contains a NUL or a backslash' }],
    ['an empty segment', { given: 'src//x.ts', want: 'has an empty, "." or ".." segment (it would leave the folder)' }],
    ['inside .git', { given: '.git/config', want: 'is inside .git' }],
    ['inside .GIT (case-insensitive file systems)', { given: 'sub/.GIT/hooks/pre-commit', want: 'is inside .git' }],
    ['the manifest itself', { given: MANIFEST, want: 'is the manifest itself' }],
    ['empty', { given: '', want: 'is empty or longer than 1024 characters' }],
  ])('%s', (_name, { given, want }) => {
    expect(ownPathProblem(given)).toBe(want);
  });
});

describe('the manifest text', () => {
  it.each<[string, { given: string; want: RegExp }]>([
    ['not JSON', { given: '{', want: /^not JSON \(/ }],
    ['another format', { given: '{"slbkitManifest": 2, "files": []}', want: /^#\/slbkitManifest must be 1$/ }],
    [
      'a hash that is not SHA-256',
      { given: '{"slbkitManifest": 1, "files": [{"path": "a", "sha256": "x"}]}', want: /^#\/files\/0\/sha256 is not a SHA-256 in hex$/ },
    ],
    [
      'a path listed twice',
      {
        given: `{"slbkitManifest": 1, "files": [{"path": "a", "sha256": "${'0'.repeat(64)}"}, {"path": "a", "sha256": "${'0'.repeat(64)}"}]}`,
        want: /^#\/files\/1\/path "a" is listed twice$/,
      },
    ],
  ])('refuses %s', (_name, { given, want }) => {
    expect(() => parseManifest(given)).toThrow(want);
  });

  it('is sorted by path, ends in a newline, carries no time and no absolute path, and reads back', () => {
    const files = new Map([
      ['src/b.ts', 'b'],
      ['1', 'one'],
      ['README.md', 'r'],
    ]);
    const text = renderManifest(hashFiles(files), { generator: 'slbkit 0.1.0', spec: 'api.yaml' });
    expect(text).toBe(renderManifest(hashFiles(new Map([...files].reverse())), { generator: 'slbkit 0.1.0', spec: 'api.yaml' }));
    expect([...parseManifest(text).keys()]).toEqual(['1', 'README.md', 'src/b.ts']);
    expect(parseManifest(text).get('1')).toBe(sha256('one'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|\/tmp\/|\/home\//);
  });
});
