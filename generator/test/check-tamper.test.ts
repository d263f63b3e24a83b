/**
 * `--check` and the up-to-date skip never trust the output folder (issue 17). The manifest is text
 * in the folder it vouches for: whoever adds code to dist/index.js can write the new hash beside
 * it, and a file it does not list (dist/node_modules/fast-xml-parser/index.js) is packed by
 * `npm pack` and loaded on import all the same. On main at e6bb4a6 `--check` took the up-to-date
 * shortcut, which believed the manifest, and ignored unlisted files: it passed every row below.
 *
 * Each row tampers with a copy of a package the real CLI generated from the bundled spec (as
 * `npm run generate` runs it), then:
 * - `--check` exits 1, names each drifted file exactly, and writes nothing;
 * - a normal `generate` afterwards (what `npm start` runs before CI's `git diff`) either leaves the
 *   folder byte for byte a clean generation's, or refuses with exit 2 naming the file and touches
 *   nothing. It refuses whenever deleting could lose a user's file or regenerating would take a
 *   forged manifest as the previous release (write.ts, refuseUntrustedOutput). One row marked
 *   "limit" shows what a forgery that also edits the recorded inputs gets: a loud fix release.
 * Every row not marked control or limit fails on main at e6bb4a6 (checked by running this file
 * against that commit's generator/src).
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MANIFEST_FILE } from '../src/output/manifest.js';
import { REPO, runCli } from './cli-harness.js';

// Named: a package without a name is named from its title with a warning on stderr (package-name.test.ts); these rows are about something else.
const NAMED = ['--package-name', 'tamper-client'];

const SPEC = join(REPO, 'spec/slb-2014-05-15.yaml');
const TIMEOUT = 120_000;

/** Every entry below `dir` (links not followed): files by SHA-256, links by target. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) hashes[path] = `link -> ${readlinkSync(join(dir, path))}`;
    else if (entry.isDirectory()) Object.assign(hashes, tree(dir, path));
    else hashes[path] = sha256(readFileSync(join(dir, path)));
  }
  return hashes;
}
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

interface Manifest {
  files: { path: string; sha256: string }[];
}

/**
 * Edit the manifest as an attacker would: keep everything slbkit wrote (format, recorded inputs)
 * and make the listed hashes agree with the disk, so the manifest is consistent with itself.
 */
function forgeManifest(out: string, edit: (files: Manifest['files']) => void = () => {}): void {
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as Manifest;
  edit(manifest.files);
  for (const entry of manifest.files) entry.sha256 = sha256(readFileSync(join(out, entry.path)));
  manifest.files.sort((a, b) => (a.path < b.path ? -1 : 1));
  writeFileSync(join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

const EVIL = "globalThis.process?.stdout.write('ran on import\\n');\n";

let root = '';
let pristine = '';
let pristineTree: Record<string, string> = {};
let rows = 0;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-check-tamper-'));
  pristine = join(root, 'pristine');
  // Alone first: it also (re)builds the bundle the rows share.
  const run = await runCli(['--spec', SPEC, '--out', pristine, ...NAMED], { entry: 'bin', timeoutMs: TIMEOUT });
  if (run.code !== 0) throw new Error(run.stderr);
  pristineTree = tree(pristine);
}, TIMEOUT);
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Row {
  /** Tamper with the copy `out`; `dir` is the row's folder (outside `out`). */
  given: (out: string, dir: string) => void;
  want: {
    /** The drift lines `--check` prints, in order (without the two-space indent); a function when they depend on the pristine output. */
    drift: string[] | (() => string[]);
    /**
     * What the normal run afterwards does: `restored` (a clean generation's bytes, saying that),
     * `released` (the generated files restored, and a release recorded against the forged manifest:
     * the one limit, see its row), or its refusal.
     */
    generate: { restored: RegExp } | { released: RegExp } | RegExp;
  };
}

/** The refusal for files slbkit did not write where the package is published or loaded from. */
const strangers = (shown: string) =>
  new RegExp(
    `^slbkit-generate: \\S*out holds ${shown.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} where the package is published or loaded from .*Nothing was written; move (it|them) out of the folder`,
  );
/** The refusal for a manifest forged to match an edit. */
const forged = (shown: string) =>
  new RegExp(
    `^slbkit-generate: \\S*out/\\.slbkit-manifest\\.json records the spec, generator and options of this run but not the files it writes \\(${shown.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): it was edited after slbkit wrote it, so it is not a manifest slbkit wrote and nothing in \\S*out is touched`,
  );

// A forged hash makes the release plan see a changed previous output (a fix: package.json and
// CHANGELOG.md would change, and the manifest with them), so --check names those too.
const RELEASED = ['changed  .slbkit-manifest.json', 'changed  CHANGELOG.md'];

const ROWS: [string, Row][] = [
  [
    'control: an untouched copy passes, and the run skips it as up to date',
    {
      given: () => {},
      want: { drift: [], generate: { restored: /is up to date with .*\(same spec, generator and options as when it was written/ } },
    },
  ],
  [
    'control: a generated file edited by hand (manifest untouched) is named, and restored',
    {
      given: (out) => appendFileSync(join(out, 'dist/index.js'), EVIL),
      want: {
        drift: ['changed  dist/index.js'],
        generate: { restored: /^wrote \d+ files .*; overwrote 1 generated file changed by hand: dist\/index\.js\n/ },
      },
    },
  ],
  // The reproduction: code added to dist/index.js, its new hash written into the manifest.
  [
    'dist/index.js with code added and its hash updated in the manifest',
    {
      given: (out) => (appendFileSync(join(out, 'dist/index.js'), EVIL), forgeManifest(out)),
      want: { drift: [...RELEASED, 'changed  dist/index.js', 'changed  package.json'], generate: forged('dist/index.js') },
    },
  ],
  [
    'a src/ file with code added and its hash updated in the manifest',
    {
      given: (out) => (appendFileSync(join(out, 'src/client.ts'), EVIL), forgeManifest(out)),
      want: { drift: [...RELEASED, 'changed  package.json', 'changed  src/client.ts'], generate: forged('src/client.ts') },
    },
  ],
  // Node resolves the XML reader's import('fast-xml-parser') from dist/node_modules first; npm packs it.
  [
    'an extra dist/node_modules/fast-xml-parser/index.js',
    {
      given: (out) => write(join(out, 'dist/node_modules/fast-xml-parser/index.js'), EVIL),
      want: {
        drift: ['not generated  dist/node_modules/fast-xml-parser/index.js'],
        generate: strangers('dist/node_modules/fast-xml-parser/index.js'),
      },
    },
  ],
  [
    'an extra src/evil.ts',
    {
      given: (out) => write(join(out, 'src/evil.ts'), EVIL),
      want: { drift: ['not generated  src/evil.ts'], generate: strangers('src/evil.ts') },
    },
  ],
  // npm packs LICENSE* whatever package.json `files` says (npm-packlist).
  [
    'an extra LICENSE at the top (npm packs it whatever "files" says)',
    {
      given: (out) => write(join(out, 'LICENSE'), 'a licence nobody chose\n'),
      want: { drift: ['not generated  LICENSE'], generate: strangers('LICENSE') },
    },
  ],
  // Not packed, but dist/'s import('fast-xml-parser') finds <out>/node_modules before the project's own.
  [
    "an extra node_modules/fast-xml-parser/index.js at the top (loaded before the project's)",
    {
      given: (out) => write(join(out, 'node_modules/fast-xml-parser/index.js'), EVIL),
      want: {
        drift: ['not generated  node_modules/fast-xml-parser/index.js'],
        generate: strangers('node_modules/fast-xml-parser/index.js'),
      },
    },
  ],
  [
    'a generated file missing, its entry taken out of the manifest',
    {
      given: (out) => (
        unlinkSync(join(out, 'dist/runtime/xml.js')),
        forgeManifest(out, (files) =>
          files.splice(
            files.findIndex((f) => f.path === 'dist/runtime/xml.js'),
            1,
          ),
        )
      ),
      want: { drift: [...RELEASED, 'changed  package.json', 'missing  dist/runtime/xml.js'], generate: forged('dist/runtime/xml.js') },
    },
  ],
  // What makes an added file "the generator's" to the old code: listing it.
  [
    'the manifest edited to list an extra dist/evil.js',
    {
      given: (out) => (
        write(join(out, 'dist/evil.js'), EVIL), forgeManifest(out, (files) => files.push({ path: 'dist/evil.js', sha256: '' }))
      ),
      want: { drift: [...RELEASED, 'changed  package.json', 'stale    dist/evil.js'], generate: forged('dist/evil.js') },
    },
  ],
  // The same bytes, through a link: --check on main followed it and compared equal; the code a
  // local import runs is then wherever the link points.
  [
    'dist/runtime replaced by a symbolic link to a copy outside the folder',
    {
      given: (out, dir) => {
        cpSync(join(out, 'dist/runtime'), join(dir, 'runtime-copy'), { recursive: true });
        rmSync(join(out, 'dist/runtime'), { recursive: true });
        symlinkSync(join(dir, 'runtime-copy'), join(out, 'dist/runtime'));
      },
      want: {
        drift: () => [
          ...Object.keys(pristineTree)
            .filter((p) => p.startsWith('dist/runtime/'))
            .map((p) => `missing  ${p}`),
          'not generated  dist/runtime',
        ],
        generate: strangers('dist/runtime (a symbolic link)'),
      },
    },
  ],
  // The limit, a control (main does the same): with the recorded inputs edited too, the manifest no
  // longer claims to be this run's, and an older generator's output looks just like it. The run
  // regenerates (the code is gone) and plans the release against the record it was given: a fix
  // release naming the file, in package.json and CHANGELOG.md, which `git diff` shows.
  [
    'limit (control): dist/index.js with code added, its hash updated and the recorded inputs edited too',
    {
      given: (out) => {
        appendFileSync(join(out, 'dist/index.js'), EVIL);
        forgeManifest(out);
        writeFileSync(
          join(out, MANIFEST_FILE),
          readFileSync(join(out, MANIFEST_FILE), 'utf8').replace(/("inputs": ")[0-9a-f]{64}/, `$1${'0'.repeat(64)}`),
        );
      },
      want: {
        drift: [...RELEASED, 'changed  dist/index.js', 'changed  package.json'],
        generate: {
          released: /-> \d+\.\d+\.\d+ \(fix\)\n- fix: generated code changed without an API change \(1 file: dist\/index\.js\)\n$/,
        },
      },
    },
  ],
  [
    'an extra symbolic link dist/evil.js to a file outside the folder',
    {
      given: (out, dir) => (write(join(dir, 'evil.js'), EVIL), symlinkSync(join(dir, 'evil.js'), join(out, 'dist/evil.js'))),
      want: { drift: ['not generated  dist/evil.js'], generate: strangers('dist/evil.js (a symbolic link)') },
    },
  ],
];

describe('--check and the next run on a tampered copy (real CLI)', () => {
  it.concurrent.for(ROWS)('%s', { timeout: 3 * TIMEOUT }, async ([, { given, want }], { expect }) => {
    const dir = join(root, `row-${++rows}`);
    const out = join(dir, 'out');
    cpSync(pristine, out, { recursive: true });
    given(out, dir);
    const tampered = tree(out);

    const check = await runCli(['--spec', SPEC, '--out', out, '--check', ...NAMED], { entry: 'bin', timeoutMs: TIMEOUT });
    const drift = typeof want.drift === 'function' ? want.drift() : want.drift;
    const lines = check.stderr
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.slice(2));
    expect(lines, check.stdout + check.stderr).toEqual(drift);
    expect(check.code).toBe(drift.length ? 1 : 0);
    expect(tree(out), '--check writes nothing').toEqual(tampered);

    const run = await runCli(['--spec', SPEC, '--out', out, ...NAMED], { entry: 'bin', timeoutMs: TIMEOUT });
    if ('restored' in want.generate) {
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(want.generate.restored);
      expect(run.code).toBe(0);
      expect(tree(out), "the folder is a clean generation's").toEqual(pristineTree);
    } else if ('released' in want.generate) {
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(want.generate.released);
      expect(run.code).toBe(0);
      const release = new Set(['package.json', 'CHANGELOG.md', MANIFEST_FILE]);
      const rest = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).filter(([path]) => !release.has(path)));
      expect(rest(tree(out)), "every file but the release's is a clean generation's").toEqual(rest(pristineTree));
    } else {
      expect(run.stderr).toMatch(want.generate);
      expect(run.code).toBe(2);
      expect(tree(out), 'a refused run touches nothing').toEqual(tampered);
    }
  });
});
