/**
 * Text from a spec never reaches a generated file, a terminal or a CI log raw when it holds a
 * character a reader cannot see (issue 17, items 2 and 3).
 *
 * - Trojan Source (CVE-2021-42574): bidi controls (U+202A-U+202E, U+2066-U+2069), zero-width
 *   characters (U+200B-U+200F, U+FEFF), U+2028/U+2029, other format (Cf) and control (Cc)
 *   characters make code display differently from how it runs. Each row puts them in one textual
 *   field of a spec, with a tag; one real CLI run (`npm run generate`) generates the package, and
 *   every file it wrote (src/, dist/, .d.ts, validators.js, README, JSON) must hold the tag (so the
 *   field reached the output) and no such character raw, only escaped (`\u202e`).
 * - GitHub workflow commands: the runner executes a line of a step's output that starts with
 *   `::` (`::error`, `::add-mask::`, `::stop-commands::`). A spec's path key, title or file name
 *   with a line break would print such a line. Each row runs a real CLI (the generator, the mock,
 *   the stand-in) with such text where it ends up in a message, and checks every line it printed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeInvisible, printable } from '../src/errors.js';
import { REPO, type Run, runProcess } from './cli-harness.js';

/** What must never be printed raw: controls but tab and line feed (white space that hides nothing), format characters, default-ignorable code points (U+3164 HANGUL FILLER), U+2028/U+2029, lone surrogates. */
const RAW = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u;

/** The characters of each row, after the row's tag: bidi overrides and isolates, zero-width, BOM, separators, BEL, soft hyphen, Arabic letter mark, a tag character. */
const INVISIBLES =
  '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff\u2028\u2029\u0007\u001b[2J\u00ad\u061c\u{e0041}\u3164\u115f\uffa0';
const hostile = (tag: string) => `${tag}${INVISIBLES}} /* end`;

const CLI_TIMEOUT = 120_000;
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'slbkit-hostile-text-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm run generate -- ...args`, as users run it. */
const generate = (args: string[]) => runProcess(process.execPath, ['--expose-gc', 'generator/bin/generate.mjs', ...args]);

/** Every file below `dir`, relative path -> text. */
function readTree(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [p, t] of readTree(dir, path)) files.set(p, t);
    else files.set(path, readFileSync(join(dir, path), 'utf8'));
  }
  return files;
}

/** "file:line: U+202E" for each raw character. */
function rawCharacters(files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [path, text] of files) {
    text.split('\n').forEach((line, index) => {
      for (const char of line)
        if (RAW.test(char)) found.push(`${path}:${index + 1}: U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    });
  }
  return [...new Set(found)];
}

// One spec with every field hostile, each with its own tag (the row name).
const FIELDS = [
  'info.title',
  'operationId',
  'summary',
  'description',
  'parameter name',
  'parameter description',
  'enum value',
  'default',
  'example',
  'schema description',
  'property name',
  'property description',
  'component schema name',
  'response description',
  'server variable',
  'spec file name',
] as const;
const tag = (field: (typeof FIELDS)[number]) => `T${FIELDS.indexOf(field)}x`;
const t = (field: (typeof FIELDS)[number]) => hostile(tag(field));

function hostileSpec(): unknown {
  const str = { type: 'string' };
  return {
    openapi: '3.1.0',
    info: { title: t('info.title'), version: '1.0.0' },
    servers: [{ url: 'https://api.example.com/{base}', variables: { base: { default: t('server variable') } } }],
    paths: {
      '/': {
        get: {
          operationId: t('operationId'),
          summary: t('summary'),
          description: t('description'),
          parameters: [
            { name: 'Action', in: 'query', required: true, schema: { type: 'string', enum: ['DoThing'] } },
            {
              name: t('parameter name'),
              in: 'query',
              description: t('parameter description'),
              schema: { ...str, enum: [t('enum value'), t('default')], default: t('default'), example: t('example') },
            },
          ],
          responses: {
            '200': {
              description: t('response description'),
              content: {
                'application/json': { schema: { $ref: `#/components/schemas/${encodeURIComponent(t('component schema name'))}` } },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        [t('component schema name')]: {
          type: 'object',
          description: t('schema description'),
          properties: { [t('property name')]: { ...str, description: t('property description') } },
        },
      },
    },
  };
}

describe('Trojan Source: no raw bidi, zero-width or control character in any generated file', () => {
  let files = new Map<string, string>();
  let run: Run;
  beforeAll(async () => {
    const dir = join(scratch, 'generate');
    mkdirSync(dir);
    // A file name holds no `/`.
    const spec = join(dir, `${tag('spec file name')}${INVISIBLES}.yaml`);
    writeFileSync(spec, JSON.stringify(hostileSpec()));
    run = await generate(['--spec', spec, '--out', join(dir, 'out')]);
    if (run.code === 0) files = readTree(join(dir, 'out'));
    // The manifest (output-manifest.ts) records the spec's file name as JSON.stringify prints it;
    // it is data for the next run, never code or documentation. Left to its own change.
    files.delete('.slbkit-manifest.json');
  }, CLI_TIMEOUT);

  it('generates (exit 0) every kind of file', () => {
    expect(run.code, run.stderr).toBe(0);
    const paths = [...files.keys()];
    for (const kind of [
      /^src\/.*\.ts$/,
      /^dist\/.*\.js$/,
      /^dist\/.*\.d\.ts$/,
      /validators\.js$/,
      /^README\.md$/,
      /^slbkit-api\.json$/,
      /^package\.json$/,
    ])
      expect(
        paths.some((p) => kind.test(p)),
        String(kind),
      ).toBe(true);
  });

  it.each(FIELDS)('%s: reaches the output, and only escaped', (field) => {
    const holding = [...files].filter(([, text]) => text.includes(tag(field)));
    expect(holding.length, `no file holds ${tag(field)}`).toBeGreaterThan(0);
    expect(rawCharacters(new Map(holding))).toEqual([]);
  });

  it('no file at all holds one raw (and the run printed none)', () => {
    expect(rawCharacters(files)).toEqual([]);
    expect(
      rawCharacters(
        new Map([
          ['stdout', run.stdout],
          ['stderr', run.stderr],
        ]),
      ),
    ).toEqual([]);
  });
});

/** Lines a GitHub runner would run as a command: `::` after leading white space, or the older `##[` anywhere. */
const commandLines = (text: string) => text.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['));

describe('no printed line is a GitHub workflow command, and each message stays one line', () => {
  const FORGED = '\n::error title=forged::pwned\r::add-mask::x\u2028::warning::y ##[add-path]z';
  // `responses` that is not a mapping stays a refusal (a missing one is read since issue 19).
  const badResponses = (path: string) => ({
    openapi: '3.1.0',
    info: { title: 'x', version: '1' },
    paths: { [path]: { get: { operationId: 'a', responses: 'none' } } },
  });
  interface Row {
    /** Files to write in the row's folder, by name. */
    files?: Record<string, string>;
    /** `generator` (npm run generate), `mock` or `standin`; `DIR` in args is the row's folder. */
    cli: 'generator' | 'mock' | 'standin';
    args: string[];
    code: number;
    /** What the message must say (escaped), proving the hostile text reached it. */
    says: string;
  }
  it.each<[string, Row]>([
    [
      'a path key with line breaks in an error location',
      {
        cli: 'generator',
        files: { 'api.json': JSON.stringify(badResponses(`/a${FORGED}`)) },
        args: ['--spec', 'DIR/api.json', '--out', 'DIR/out'],
        code: 2,
        says: '\\n::error title=forged::pwned\\r::add-mask::x\\u2028',
      },
    ],
    // Two operations with one operationId: generated with a warning that quotes it (JSON.stringify
    // escapes \n, not U+2028 or bidi controls): the warning line is escaped like an error's.
    [
      'an operationId with bidi controls and U+2028, quoted in a warning',
      {
        cli: 'generator',
        files: {
          'api.yaml':
            'openapi: 3.1.0\ninfo: { title: x, version: "1" }\npaths:\n  /a: { get: { operationId: "x\\u202e\\u2028::error::y", responses: { "200": { description: ok } } } }\n  /b: { get: { operationId: "x\\u202e\\u2028::error::y", responses: { "200": { description: ok } } } }\n',
        },
        args: ['--spec', 'DIR/api.yaml', '--out', 'DIR/out'],
        code: 0,
        says: 'x\\u202e\\u2028::error::y',
      },
    ],
    [
      'a spec file name with line breaks (no such file)',
      { cli: 'generator', args: ['--spec', `DIR/x${FORGED}.yaml`, '--out', 'DIR/out'], code: 2, says: '\\n::error title=forged' },
    ],
    [
      'an output folder with line breaks, in the summary line',
      {
        cli: 'generator',
        files: { 'api.yaml': readFileSync(join(REPO, 'generator/test/fixtures/semver/base.yaml'), 'utf8') },
        args: ['--spec', 'DIR/api.yaml', '--out', `DIR/out${FORGED}`],
        code: 0,
        says: 'wrote ',
      },
    ],
    [
      'a config key with line breaks',
      {
        cli: 'generator',
        files: { 'c.json': JSON.stringify({ packages: [{ spec: 'a', out: 'b', packageName: 'c', [FORGED]: 1 }] }) },
        args: ['--config', 'DIR/c.json'],
        code: 2,
        says: 'unknown property',
      },
    ],
    [
      'the mock, a spec path with line breaks',
      { cli: 'mock', args: ['--port', '0', '--spec', `DIR/x${FORGED}.yaml`], code: 2, says: '\\n::error title=forged' },
    ],
    [
      'the mock, a spec whose path key has line breaks',
      {
        cli: 'mock',
        files: { 'api.json': JSON.stringify(badResponses(`/a${FORGED}`)) },
        args: ['--port', '0', '--spec', 'DIR/api.json'],
        code: 2,
        says: '\\n::error title=forged::pwned',
      },
    ],
    ['the stand-in, a port with line breaks', { cli: 'standin', args: ['--port', `1${FORGED}`], code: 2, says: '\\n::error title=forged' }],
  ])(
    '%s',
    async (name, row) => {
      const dir = join(scratch, name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(row.files ?? {})) writeFileSync(join(dir, file), text);
      const args = row.args.map((arg) => arg.replace('DIR', dir));
      const entry = {
        generator: ['--expose-gc', 'generator/bin/generate.mjs'],
        mock: ['--import', 'tsx', 'contract-tests/mock/cli.ts'],
        standin: ['--import', 'tsx', 'contract-tests/standin/cli.ts'],
      }[row.cli];
      const run = await runProcess(process.execPath, [...entry, ...args], { timeoutMs: 60_000 });
      const printed = `${run.stdout}${run.stderr}`;
      expect(run.code, printed).toBe(row.code);
      expect(printed).toContain(row.says);
      expect(commandLines(printed)).toEqual([]);
      expect(rawCharacters(new Map([['printed', printed]]))).toEqual([]);
      if (row.code !== 0) expect(existsSync(join(dir, 'out'))).toBe(false);
    },
    CLI_TIMEOUT,
  );
});

// The printer itself, for the forms the CLI rows above do not reach: the runner trims any white
// space before `::` (.NET TrimStart: NBSP and U+3000 included), and reads `##[` anywhere.
describe('errors.ts printable: one message, its own lines, none a workflow command', () => {
  it.each([
    ['::error::x', '\\u003a:error::x'],
    ['  ::warning::x', '  \\u003a:warning::x'],
    ['\u00a0::error::x', '\u00a0\\u003a:error::x'],
    ['\u3000\u2003::add-mask::x', '\u3000\u2003\\u003a:add-mask::x'],
    // A tab is escaped first: the line then starts with a backslash after the trim, no command.
    ['\t::add-mask::x', '\\t::add-mask::x'],
    ['a ##[add-path]/tmp', 'a \\u0023#[add-path]/tmp'],
    ['ok\n::stop-commands::t', 'ok\n\\u003a:stop-commands::t'],
    ['a\rb\u2028c\u202ed\u{e0041}', 'a\\rb\\u2028c\\u202ed\\u{e0041}'],
    ['a: b :: c', 'a: b :: c'],
  ])('%j -> %j', (message, want) => {
    expect(printable(message)).toBe(want);
    expect(commandLines(printable(message))).toEqual([]);
  });

  it('escapeInvisible makes any text one line', () => {
    expect(escapeInvisible('a\nb\r\nc\u2029d')).toBe('a\\nb\\r\\nc\\u2029d');
  });
});
