import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runProcess } from './cli-harness.js';

// The habits of the anchors' CLIs (issue 21, item 3), through the real entry points: `slbkit`
// (bin/slbkit.mjs, what npx runs) and the generate command's bundle. One row per habit; each
// names the exact text a user sees. The packed and installed tool is tested by
// generator/test/install/tarball.e2e.ts (npm run test:install); these rows are its fast smoke.

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-cli-habits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const VERSION = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
const SPEC = 'generator/test/fixtures/specs/add-backend-servers.yaml';
const env = { ...process.env, NO_COLOR: '1' };

const slbkit = (args: string[]) => runProcess(process.execPath, ['bin/slbkit.mjs', ...args], { env, timeoutMs: 90_000 });

describe('slbkit <command>', () => {
  it.each([
    // [what, args, exit code, stdout, stderr]
    ['-v prints the version', ['-v'], 0, new RegExp(`^${VERSION.replaceAll('.', '\\.')}\\n$`), /^$/],
    ['no command: the usage, exit 2', [], 2, /^Usage: slbkit <command>/, /^$/],
    ['a typo of a command: the nearest one', ['contrcat'], 2, /^$/, /^slbkit: unknown command "contrcat" \(did you mean "contract"\?\)/],
    ['a word far from every command: no guess', ['publish'], 2, /^$/, /^slbkit: unknown command "publish"\n/],
    ['generate -h', ['generate', '-h'], 0, /^Usage: slbkit generate .*--quiet, -q/s, /^$/],
    [
      'generate: a typo of a flag',
      ['generate', '--sepc', SPEC],
      2,
      /^$/,
      /^slbkit-generate: Unknown option '--sepc' \(did you mean --spec\?\)/,
    ],
    ['generate -v', ['generate', '-v'], 0, new RegExp(`^${VERSION.replaceAll('.', '\\.')}\\n$`), /^$/],
    [
      'generate --watch --json: refused',
      ['generate', '--watch', '--json'],
      2,
      /^$/,
      /--json prints one summary at the end; --watch has no end/,
    ],
    ['standin --help (was "Unknown option")', ['standin', '--help'], 0, /^Usage: slbkit standin/, /^$/],
    ['standin: a typo of a flag', ['standin', '--prot', '1'], 2, /^$/, /^stand-in: Unknown option '--prot' \(did you mean --port\?\)/],
    [
      'contract -h',
      ['contract', '-h'],
      0,
      /^Usage: slbkit contract .*Exit codes: 0 every contract held, 1 a contract was broken, 2 bad usage/s,
      /^$/,
    ],
    [
      'contract: a typo of a flag',
      ['contract', '--taget', 'http://127.0.0.1:1'],
      2,
      /^$/,
      /Unknown option '--taget' \(did you mean --target\?\)/,
    ],
    [
      'contract: a target with a password',
      ['contract', '--spec', SPEC, '--target', 'http://u:p@127.0.0.1:1'],
      2,
      /^$/,
      /CONTRACT_TARGET must not carry a user name or password/,
    ],
    [
      'contract: an operation the spec lacks',
      ['contract', '--spec', SPEC, '--operation', 'AddBackendServer'],
      2,
      /^$/,
      /has no operation "AddBackendServer" \(did you mean AddBackendServers\?\)/,
    ],
  ] as const)('%s', async (_what, args, code, stdout, stderr) => {
    const run = await slbkit([...args]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code,
      stdout: expect.stringMatching(stdout),
      stderr: expect.stringMatching(stderr),
    });
  });
});

describe('slbkit generate --quiet, --json', () => {
  it.each([
    // --quiet: nothing on stdout when all went well.
    ['--quiet', ['-q'], 0, (stdout: string) => expect(stdout).toBe('')],
    // --json: one JSON object, each package's lines inside it, nothing else on stdout.
    [
      '--json',
      ['--json'],
      0,
      (stdout: string) =>
        expect(JSON.parse(stdout)).toMatchObject({
          exitCode: 0,
          packages: [
            {
              spec: SPEC,
              exitCode: 0,
              // No --package-name: named from the spec's info.title, and the warning is in the summary (package-name.test.ts).
              lines: [expect.stringMatching(/^wrote \d+ files to .* from [^\n]*\nslb-addbackendservers 0\.1\.0 \(first version\)$/)],
              errors: [],
              warnings: [expect.stringMatching(/^slbkit-generate: warning: no package name given; named it "slb-addbackendservers"/)],
            },
          ],
        }),
    ],
  ] as const)('%s', async (_what, flags, code, check) => {
    const out = join(scratch, `out-${flags[0]}`);
    const run = await slbkit(['generate', '--spec', SPEC, '-o', out, ...flags]);
    expect(run.code, run.stderr).toBe(code);
    check(run.stdout);
  });

  it('--json on a broken spec: exit 2, the located error inside the JSON', async () => {
    const run = await slbkit(['generate', '--spec', 'generator/test/no-such.yaml', '-o', join(scratch, 'broken'), '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      exitCode: 2,
      packages: [
        {
          exitCode: 2,
          lines: [],
          errors: [expect.stringMatching(/^slbkit-generate: generator\/test\/no-such\.yaml: cannot read the spec \(ENOENT\)/)],
        },
      ],
    });
  });
});

describe("slbkit generate: the generator's warnings follow the CLI's flags", () => {
  // A spec read with a guess (a YAML number as info.version) warns with code SLBKIT_SPEC. On the
  // previous landing that was Node's "(node:PID) [SLBKIT_SPEC] Warning:" on stderr whatever the
  // flags: --quiet showed it and --json left it out of `warnings`.
  const spec = join(scratch, 'numeric-version.yaml');
  writeFileSync(
    spec,
    'openapi: 3.1.0\ninfo: { title: Numbers, version: 1 }\npaths:\n  /n:\n    get:\n      operationId: getN\n      responses: { "204": { description: none } }\n',
  );
  const WARNING = /^slbkit-generate: warning: #\/info\/version: /;
  it.each([
    [
      'no flag: one warning line on stderr',
      [],
      (run: { stdout: string; stderr: string }) => expect(run.stderr).toMatch(new RegExp(WARNING.source, 'm')),
    ],
    ['--quiet: nothing on stderr', ['-q'], (run: { stdout: string; stderr: string }) => expect(run.stderr).toBe('')],
    [
      '--json: in the summary, nothing on stderr',
      ['--json'],
      (run: { stdout: string; stderr: string }) => {
        expect(run.stderr).toBe('');
        expect(JSON.parse(run.stdout).packages[0].warnings).toEqual(expect.arrayContaining([expect.stringMatching(WARNING)]));
      },
    ],
  ] as const)('%s', async (_what, flags, check) => {
    const run = await slbkit([
      'generate',
      '--spec',
      spec,
      '-o',
      join(scratch, `numeric-${flags[0] ?? 'none'}`),
      '--package-name',
      'numbers',
      ...flags,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/\(node:\d+\)/);
    check(run);
  });
});

describe('slbkit generate: a progress line on a terminal only', () => {
  // `script` (util-linux) gives the command a pseudo-terminal, as a user's shell does.
  it.each([
    ['on a terminal: the status line, then erased before the summary', true],
    ['through a pipe (CI, a log file): no status line, no escape code', false],
  ])('%s', async (_what, tty) => {
    const out = join(scratch, `progress-${tty}`);
    // Named: a package named from its title says so on stderr, between the erased status and the summary.
    const command = [process.execPath, 'bin/slbkit.mjs', 'generate', '--spec', SPEC, '--out', out, '--package-name', 'add-backend-servers'];
    const run = tty
      ? await runProcess('script', ['-qec', command.map((a) => `'${a}'`).join(' '), '/dev/null'], { env, timeoutMs: 90_000 })
      : await slbkit(command.slice(2));
    expect(run.code, run.stderr).toBe(0);
    const seen = `${run.stdout}${run.stderr}`;
    if (tty) expect(seen).toContain(`\r\x1b[Kgenerating ${out} from ${SPEC} ...\r\x1b[Kwrote `);
    else expect(seen).not.toMatch(/\x1b\[|generating /);
  });
});
