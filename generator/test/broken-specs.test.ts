// Over 400 lines: one table of broken specs through the real CLI, with the exact error line each gets.
/**
 * Broken specs through the real CLI process. Each row writes a spec, runs
 * `node --import tsx generator/src/cli.ts --spec it --out folder` against a folder that already
 * holds a good previous output, and checks: exit code 2, a one-line error on stderr that says
 * where (file:line:column for YAML, a JSON pointer for the document) and what is wrong, no
 * stack trace, the folder byte-for-byte unchanged, and no staging folder left beside it.
 *
 * `node --import tsx` rather than `node_modules/.bin/tsx`: the latter starts a second node
 * process (about 0.6 s more per row). Rows run concurrently; each has its own folder.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLine, hashTree, literally, REPO, runCli } from './cli-harness.js';

const BUNDLED_SPEC = join(REPO, 'spec/slb-2014-05-15.yaml');

/**
 * One CLI run costs 1.5-2 s of CPU (tsx, ts-morph and openapi-typescript load before the spec is
 * read); with rows overlapping on a small machine a row can wait several times that. The unit
 * project does not inherit the root config's testTimeout, so it is set here.
 */
const CLI_TIMEOUT = 60_000;

let root = '';
let goodOutput = '';
let rowCount = 0;

/** A folder of its own for one row: `client/`, a copy of the good output, and room for the spec beside it. */
function rowFolder(): { dir: string; out: string } {
  const dir = join(root, `row-${++rowCount}`);
  mkdirSync(dir);
  const out = join(dir, 'client');
  cpSync(goodOutput, out, { recursive: true });
  return { dir, out };
}

/** What is beside the output folder: only the spec file and the folder, no `client.slbkit-tmp-*` or `-old-*`. */
function besideOutput(dir: string): string[] {
  return readdirSync(dir).sort();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-broken-specs-'));
  goodOutput = join(root, 'good', 'client');
  const run = await runCli(['--spec', BUNDLED_SPEC, '--out', goodOutput, '--package-name', '@slbkit/client']);
  expect(run, 'generating the bundled spec must work before anything else is tested').toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(readFileSync(join(goodOutput, 'package.json'), 'utf8'))).toHaveProperty('slbkit');
}, CLI_TIMEOUT);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

// ------------------------------------------------------------------ spec builders

const HEAD = 'openapi: 3.1.0\ninfo:\n  title: Broken API\n  version: "1"\n';
const ACTION = '{name: Action, in: query, required: true, schema: {type: string, enum: [DoThing]}}';
const ID = '{name: Id, in: query, required: true, schema: {type: string}}';
const OK = '"200": {description: ok, content: {application/json: {schema: {type: object}}}}';

/**
 * A valid spec: one RPC action at `/` (pointer `#/paths/~1/get`). A row replaces its parameters,
 * responses or adds operation fields (`more`) and components, each one line of YAML.
 */
function rpcSpec(
  parts: { parameters?: string[]; responses?: string[]; more?: string[]; components?: string[]; path?: string } = {},
): string {
  const { parameters = [ACTION, ID], responses = [OK], more = [], components = [], path = '/' } = parts;
  return [
    `${HEAD}paths:`,
    `  ${path}:`,
    '    get:',
    '      operationId: DoThing',
    ...more.map((line) => `      ${line}`),
    '      parameters:',
    ...parameters.map((p) => `        - ${p}`),
    '      responses:',
    ...responses.map((r) => `        ${r}`),
    ...(components.length ? ['components:', ...components.map((c) => `  ${c}`)] : []),
    '',
  ].join('\n');
}

const OP = '#/paths/~1/get';

// ------------------------------------------------------------------ the broken specs

const BROKEN: [string, { given: string; want: RegExp }][] = [
  [
    'YAML: bad indentation (file:line:column)',
    {
      given: `${HEAD}paths:\n  /:\n    get:\n      operationId: DoThing\n       responses: {}\n`,
      want: /^slbkit-generate: \S*spec\.yaml:9:17: YAML syntax error: bad indentation of a mapping entry\n/,
    },
  ],
  [
    'not a mapping',
    { given: '- openapi: 3.1.0\n- paths: {}\n', want: errorLine('#', 'an OpenAPI document must be a mapping at the top level') },
  ],
  [
    'missing openapi',
    { given: rpcSpec().replace('openapi: 3.1.0\n', ''), want: errorLine('#', 'missing "openapi" version field (add `openapi: 3.1.0`)') },
  ],
  // 3.0.0-3.0.4 are upgraded (load/upgrade-3-0.ts); 3.0.9 is no release of 3.0, Swagger 2.0 is refused by name.
  [
    'OpenAPI 3.0.9',
    {
      given: rpcSpec().replace('3.1.0', '3.0.9'),
      want: errorLine('#/openapi', 'OpenAPI 3.0.9 is not supported (the generator reads OpenAPI 3.0.0 to 3.0.4 and 3.1.x)'),
    },
  ],
  [
    'Swagger 2.0',
    {
      given: rpcSpec().replace('openapi: 3.1.0', 'swagger: "2.0"'),
      want: errorLine('#/swagger', 'Swagger "2.0" (OpenAPI 2.0) is not supported (convert it to OpenAPI 3 first'),
    },
  ],
  [
    'missing info.title',
    { given: rpcSpec().replace('  title: Broken API\n', ''), want: errorLine('#/info/title', 'info.title must be a string') },
  ],
  ['missing paths', { given: HEAD, want: errorLine('#', 'the document has neither "paths" nor "webhooks"') }],
  ['no operations', { given: `${HEAD}paths:\n  /:\n    summary: nothing\n`, want: errorLine('#/paths', 'the document has no operations') }],
  ['a path without "/"', { given: rpcSpec({ path: 'things' }), want: errorLine('#/paths/things', 'path "things" must start with "/"') }],
  // A duplicate operationId is read now, with a warning (refusals-accepted.test.ts).
  [
    'a parameter with both schema and content',
    {
      given: rpcSpec({
        parameters: [ACTION, '{name: Id, in: query, schema: {type: string}, content: {application/json: {schema: {type: string}}}}'],
      }),
      want: errorLine(`${OP}/parameters/1`, 'parameter "Id" must have exactly one of "schema" and "content"'),
    },
  ],
  [
    'a parameter with neither',
    {
      given: rpcSpec({ parameters: [ACTION, '{name: Id, in: query}'] }),
      want: errorLine(`${OP}/parameters/1`, 'parameter "Id" must have exactly one of "schema" and "content"'),
    },
  ],
  [
    'in: body',
    {
      given: rpcSpec({ parameters: [ACTION, '{name: Id, in: body, schema: {type: string}}'] }),
      want: errorLine(`${OP}/parameters/1/in`, 'parameter "Id" has "in: body" (use query, header, path or cookie)'),
    },
  ],
  [
    'a $ref that does not resolve',
    {
      given: rpcSpec({ parameters: [ACTION, '{$ref: "#/components/parameters/Id"}'] }),
      want: errorLine(`${OP}/parameters/1/$ref`, '$ref "#/components/parameters/Id" does not resolve (no "components")'),
    },
  ],
  [
    // A sibling file is read (load/external-refs.ts); one that is not there is named, with the fix.
    'a $ref to a file that is not beside the spec',
    {
      given: rpcSpec({ parameters: [ACTION, '{$ref: "common.yaml#/components/parameters/Id"}'] }),
      want: errorLine(
        `${OP}/parameters/1/$ref`,
        '$ref "common.yaml#/components/parameters/Id" points outside this document, to a file that cannot be read (ENOENT) (put the file beside the spec',
      ),
    },
  ],
  [
    "a $ref cycle (used to overflow ajv's stack)",
    {
      given: rpcSpec({
        parameters: [ACTION, '{name: Id, in: query, schema: {$ref: "#/components/schemas/A"}}'],
        components: ['schemas:', '  A: {$ref: "#/components/schemas/B"}', '  B: {$ref: "#/components/schemas/A"}'],
      }),
      want: errorLine(
        `${OP}/parameters/1/schema/$ref`,
        '$ref cycle: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A',
      ),
    },
  ],
  [
    'a content parameter that is application/xml',
    {
      given: rpcSpec({ parameters: [ACTION, '{name: Id, in: query, content: {application/xml: {schema: {type: string}}}}'] }),
      want: errorLine(
        `${OP}/parameters/1/content`,
        'parameter "Id" uses content "application/xml" (only JSON-encoded parameters (application/json) are supported)',
      ),
    },
  ],
  [
    'a cookie parameter of an RPC action',
    {
      given: rpcSpec({ parameters: [ACTION, '{name: Id, in: cookie, schema: {type: string}}'] }),
      // An RPC action signs its query; a cookie would travel unsigned (cookies of plain HTTP operations are sent since issue 19).
      want: errorLine(`${OP}/parameters/1/in`, 'cookie parameter "Id" in an RPC action (send it as a query parameter)'),
    },
  ],
  [
    'style: deepObject',
    {
      given: rpcSpec({ parameters: [ACTION, '{name: Id, in: query, style: deepObject, schema: {type: object}}'] }),
      want: errorLine(
        `${OP}/parameters/1/style`,
        'parameter "Id" uses style "deepObject" (an RPC action sends objects flattened (Name.Key=value): remove style)',
      ),
    },
  ],
  // ajv's own words, at the pointer of the operation's parameters.
  [
    'a schema ajv cannot compile (type: 7)',
    {
      given: rpcSpec({ parameters: [ACTION, '{name: Id, in: query, schema: {type: 7}}'] }),
      want: errorLine(
        `${OP}/parameters`,
        'a schema cannot be compiled: schema is invalid: data/properties/Id/type must be equal to one of the allowed values',
      ),
    },
  ],
];

describe('broken specs through the CLI: exit 2, where and what, the previous output untouched', () => {
  it.concurrent.for(BROKEN)('%s', { timeout: CLI_TIMEOUT }, async ([, { given, want }], { expect }) => {
    const { dir, out } = rowFolder();
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, given);
    const before = hashTree(out);

    const run = await runCli(['--spec', spec, '--out', out]);

    expect(run.stderr).toMatch(want);
    expect(run.stderr.split('\n'), 'one error line, then "nothing was written"').toEqual([expect.any(String), 'nothing was written', '']);
    expect(run.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(hashTree(out)).toEqual(before);
    expect(besideOutput(dir)).toEqual(['client', 'spec.yaml']);
  });

  it('has at least 18 rows', () => {
    expect(BROKEN.length).toBeGreaterThanOrEqual(18);
  });
});

// ------------------------------------------------------------------ usage

const OWN_VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

interface UsageRow {
  /** Arguments; OUT, SPEC and BUNDLED stand for the row's folder, a copy of the bundled spec (as spec.yaml) and the bundled spec itself. */
  given: string[];
  /** What the out folder holds first: the good output, or a stranger's files. */
  out: 'previous output' | 'foreign files';
  want: { code: number; stdout: RegExp; stderr: RegExp; out: 'unchanged' | 'replaced' };
}

const USAGE: [string, UsageRow][] = [
  [
    'an unknown flag: exit 2 with the usage',
    {
      given: ['--frobnicate', '--spec', 'SPEC', '--out', 'OUT'],
      out: 'previous output',
      want: {
        code: 2,
        stdout: /^$/,
        stderr: /^slbkit-generate: Unknown option '--frobnicate'[\s\S]*\n\nUsage: slbkit generate \[--spec FILE\]/,
        out: 'unchanged',
      },
    },
  ],
  [
    '--spec at a file that does not exist: exit 2, the path',
    {
      given: ['--spec', 'OUT/../missing.yaml', '--out', 'OUT'],
      out: 'previous output',
      want: {
        code: 2,
        stdout: /^$/,
        stderr: /^slbkit-generate: \S*missing\.yaml: cannot read the spec \(ENOENT\) \(check the --spec path\)\nnothing was written\n$/,
        out: 'unchanged',
      },
    },
  ],
  [
    '--help: exit 0, the usage on stdout',
    {
      given: ['--help', '--out', 'OUT'],
      out: 'previous output',
      want: { code: 0, stdout: /^Usage: slbkit generate [\s\S]*--help, -h; --version, -v\n$/, stderr: /^$/, out: 'unchanged' },
    },
  ],
  [
    '--version: the package version',
    {
      given: ['--version'],
      out: 'previous output',
      want: { code: 0, stdout: new RegExp(`^${literally(OWN_VERSION)}\\n$`), stderr: /^$/, out: 'unchanged' },
    },
  ],
  [
    '--out at a non-empty folder that is not a previous output: exit 2, untouched',
    {
      given: ['--spec', 'SPEC', '--out', 'OUT', '--package-name', '@slbkit/client'],
      out: 'foreign files',
      want: {
        code: 2,
        stdout: /^$/,
        stderr:
          /^slbkit-generate: \S*client is not empty and is not a previous slbkit output \(no \.slbkit-manifest\.json\); refusing to write into it\./,
        out: 'unchanged',
      },
    },
  ],
  [
    // README.md and package.json are what the name changes; the list is not pinned whole, so a
    // runtime file edited while the suite runs does not fail the row.
    '--check against other output: exit 1 naming the files, untouched',
    {
      given: ['--check', '--spec', 'BUNDLED', '--out', 'OUT', '--package-name', '@other/name'],
      out: 'previous output',
      want: {
        code: 1,
        stdout: /^$/,
        stderr:
          /^\S*client is not what \S*slb-2014-05-15\.yaml gives \(\d+ files\); run `npm run generate`:\n(?: {2}changed {2}\S+\n)*? {2}changed {2}README\.md\n(?: {2}changed {2}\S+\n)*? {2}changed {2}package\.json\n/,
        out: 'unchanged',
      },
    },
  ],
  [
    'control: a good spec over a previous output replaces it',
    {
      given: ['--spec', 'SPEC', '--out', 'OUT', '--package-version', '9.9.9', '--package-name', '@slbkit/client'],
      out: 'previous output',
      want: {
        code: 0,
        stdout:
          /^wrote \d+ files to \S*client from \S*spec\.yaml in \d+ ms\n@slbkit\/client 0\.1\.0 -> 9\.9\.9 \(fix\)\n- fix: generated code changed without an API change \(\d+ files: [^\n]+\)\n$/,
        stderr: /^$/,
        out: 'replaced',
      },
    },
  ],
];

describe('CLI usage', () => {
  it.concurrent.for(USAGE)('%s', { timeout: CLI_TIMEOUT }, async ([, { given, out: start, want }], { expect }) => {
    const { dir, out } = rowFolder();
    const spec = join(dir, 'spec.yaml');
    cpSync(BUNDLED_SPEC, spec);
    if (start === 'foreign files') {
      rmSync(out, { recursive: true });
      mkdirSync(out);
      writeFileSync(join(out, 'notes.txt'), 'mine, not generated\n');
      writeFileSync(join(out, 'package.json'), '{"name": "someone-else"}\n');
    }
    const before = hashTree(out);

    // Rows that write name the package: unnamed, a warning would precede their lines (package-name.test.ts).
    const run = await runCli(
      given.map((arg) => arg.replace(/^(OUT|SPEC|BUNDLED)\b/, (word) => ({ OUT: out, SPEC: spec, BUNDLED: BUNDLED_SPEC })[word]!)),
    );

    expect(run.stderr).toMatch(want.stderr);
    expect(run.stdout).toMatch(want.stdout);
    expect(run.code).toBe(want.code);
    if (want.out === 'unchanged') expect(hashTree(out)).toEqual(before);
    else {
      const after = hashTree(out);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      expect(after['package.json']).not.toBe(before['package.json']);
      expect(JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'))).toMatchObject({
        version: '9.9.9',
        slbkit: { spec: 'spec.yaml' },
      });
    }
    expect(besideOutput(dir)).toEqual(['client', 'spec.yaml']);
  });
});
