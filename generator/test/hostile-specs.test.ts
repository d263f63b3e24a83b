// Over 400 lines: one table of hostile specs through the real CLI with the same trap server and canary checks.
/**
 * Hostile specs through the real CLI (`node --expose-gc generator/bin/generate.mjs`, what
 * `npm run generate` runs), issue 9 items 2 and 3:
 *
 * - bounded work: a YAML alias bomb, a self-containing alias, nesting through aliases and in
 *   the text, a huge mapping, a huge file and a FIFO are refused with exit 2, a location and the
 *   limit, and the previous output is left byte for byte. A run that hangs is killed and fails
 *   its row (no timing assertion: the limits in load/bounds.ts are counts, checked by the rows);
 * - no I/O outside the spec: a trap server on 127.0.0.1 and a local file are named by `$ref`,
 *   `externalValue`, `$schema` and the like in every position; the trap must see zero requests
 *   and the file's content must appear nowhere in the output.
 *
 * Rows run concurrently, each in its own folder. The first run (beforeAll) also builds the
 * bundle that the rows then share.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { asSpecError } from '../src/generate.js';
import { LIMITS } from '../src/load/bounds.js';
import { parseSpecText } from '../src/load/read-yaml.js';
import { checkAllRefs, inertDocument, type JsonObject } from '../src/load/refs.js';
import { errorLine, hashTree, REPO, runCli } from './cli-harness.js';

/** One run costs 1.5-2 s of CPU; with rows overlapping on a shared machine a row can wait several times that. */
const CLI_TIMEOUT = 90_000;
/** A run still going after this is killed: on main the alias bomb and the FIFO never finish. */
const KILL_AFTER = 60_000;

let root = '';
let goodOutput = '';
let rowCount = 0;
let trap: Server | undefined;
let trapUrl = '';
const trapped: string[] = [];
/** A file next to the specs whose content must never reach the output. */
let secretFile = '';
const SECRET = `local-file-content-${process.pid}-never-read`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-hostile-'));
  secretFile = join(root, 'secret.json');
  writeFileSync(secretFile, JSON.stringify({ secret: SECRET }));
  trap = createServer((request, response) => {
    trapped.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ trapped: SECRET }));
  });
  await new Promise<void>((resolve) => trap!.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;

  goodOutput = join(root, 'good', 'client');
  const run = await runCli(['--spec', join(REPO, 'spec/slb-2014-05-15.yaml'), '--out', goodOutput, '--package-name', '@slbkit/client'], {
    entry: 'bin',
    timeoutMs: KILL_AFTER,
  });
  expect(run, 'generating the bundled spec must work before anything else is tested').toMatchObject({ code: 0, stderr: '' });
}, CLI_TIMEOUT);

afterAll(async () => {
  if (trap) await new Promise((resolve) => trap!.close(resolve));
  if (root) rmSync(root, { recursive: true, force: true });
});

function rowFolder(): { dir: string; out: string } {
  const dir = join(root, `row-${++rowCount}`);
  mkdirSync(dir);
  const out = join(dir, 'client');
  cpSync(goodOutput, out, { recursive: true });
  return { dir, out };
}

// ------------------------------------------------------------------ spec builders

const HEAD = 'openapi: 3.1.0\ninfo: {title: Hostile API, version: "1"}\n';

/** A valid one-operation spec; `schema` is the Id parameter's schema, `top` more top-level YAML, `components` the components mapping's body. */
function spec({
  schema = '{type: string}',
  top = '',
  components = '',
}: {
  schema?: string;
  top?: string;
  components?: string;
} = {}): string {
  return [
    `${HEAD + top}paths:`,
    '  /:',
    '    get:',
    '      operationId: DoThing',
    `      parameters: [{name: Id, in: query, schema: ${schema}}]`,
    '      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}',
    components ? `components:\n${components}` : '',
  ].join('\n');
}

/** "Billion laughs": `levels` anchors, each a list of ten aliases of the one before. */
function aliasBomb(levels: number): string {
  const lines = ['x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `x-a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return spec({ top: `${lines.join('\n')}\n` });
}

/** Lists nested `depth` levels in the text: `[[[...]]]`. */
const nested = (depth: number, inner = '1'): string => '['.repeat(depth) + inner + ']'.repeat(depth);

// ------------------------------------------------------------------ refused: bounded work

const OP = '#/paths/~1/get';

interface RefusedRow {
  /** The spec text, or a FIFO where the spec should be. */
  given: string | { fifo: true };
  want: RegExp;
}

const REFUSED: [string, RefusedRow][] = [
  [
    // 565 bytes at 7 levels took 11 s and 670 MB on main and generated; 9 levels (10^9 nodes) ran out of memory.
    'a YAML alias bomb of 10^9 nodes: refused by node count, naming the alias',
    {
      given: aliasBomb(9),
      want: /^slbkit-generate: #\/x-a5: the document expands to more than 1,000,000 nodes once YAML aliases are followed \(alias \*a7, used 10 times, first at line 11, and 7 more alias names\)/,
    },
  ],
  [
    'an alias inside its own anchor (an infinite document)',
    {
      given: spec({ top: 'x-loop: &loop [1, *loop]\n' }),
      want: errorLine(
        '#/x-loop/1',
        'a YAML alias refers to a node that contains it, so the document is infinite (remove the alias *loop, used 1 time, first at line 3)',
      ),
    },
  ],
  [
    'nesting beyond 128 levels through aliases (each anchor only 60 deep in the text)',
    {
      given: spec({ top: `x-d0: &d0 ${nested(60)}\nx-d1: &d1 ${nested(60, '*d0')}\nx-d2: &d2 ${nested(60, '*d1')}\n` }),
      want: /^slbkit-generate: #\/x-d2(\/0){60}: the document nests more than 128 levels deep \(YAML aliases included\)/,
    },
  ],
  [
    'nesting beyond 128 levels in the text (file:line:column of the 128th "[")',
    {
      given: spec({ top: `x-deep: ${nested(130)}\n` }),
      want: /^slbkit-generate: \S*spec\.yaml:3:136: YAML syntax error: nesting exceeded maxDepth \(128\)/,
    },
  ],
  [
    // The same path as the issue's 50 MB spec: a 1,000,000-key map overflowed Redocly's walker (props.push(...keys)).
    'a mapping with 50,001 entries',
    {
      given: spec({ top: `x-big:\n${Array.from({ length: LIMITS.entries + 1 }, (_, i) => `  k${i}: 1\n`).join('')}` }),
      want: errorLine('#/x-big', 'this mapping has 50,001 entries; the generator reads at most 50,000 per mapping or list'),
    },
  ],
  [
    'a spec over 16 MiB (refused before it is parsed)',
    {
      given: `${spec()}# ${'x'.repeat(LIMITS.fileBytes)}\n`,
      want: /^slbkit-generate: \S*spec\.yaml: the spec is larger than 16 MiB, the most the generator reads/,
    },
  ],
  [
    'a FIFO as the spec (used to wait for a writer forever)',
    { given: { fifo: true }, want: /^slbkit-generate: \S*spec\.yaml: the spec is not a regular file/ },
  ],
  // ------------------------------------------------------------- refused: references and names
  [
    '$ref: "#" (used to end in openapi-typescript\'s raw "Error parsing $ref: #", exit 1)',
    { given: spec({ schema: '{$ref: "#"}' }), want: errorLine(`${OP}/parameters/0/schema/$ref`, '$ref "#" points at the whole document') },
  ],
  [
    'a schema defined as itself through allOf',
    {
      given: spec({
        schema: '{$ref: "#/components/schemas/A"}',
        components: '  schemas:\n    A: {allOf: [{$ref: "#/components/schemas/A"}]}\n',
      }),
      want: errorLine('#/components/schemas/A/allOf/0/$ref', 'schema defined as itself: #/components/schemas/A -> #/components/schemas/A'),
    },
  ],
  [
    'two schemas defined as each other through allOf and anyOf',
    {
      given: spec({
        schema: '{$ref: "#/components/schemas/A"}',
        components:
          '  schemas:\n    A: {allOf: [{$ref: "#/components/schemas/B"}]}\n    B: {anyOf: [{$ref: "#/components/schemas/A"}, {type: string}]}\n',
      }),
      want: errorLine(
        '#/components/schemas/B/anyOf/0/$ref',
        'schema defined as itself: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A',
      ),
    },
  ],
  [
    'a schema named __proto__ (used to end in a raw ajv stack, exit 1)',
    {
      given: spec({
        schema: '{$ref: "#/components/schemas/__proto__"}',
        components: '  schemas:\n    __proto__: {type: object, properties: {polluted: {type: string}}}\n',
      }),
      want: errorLine('#/components/schemas/__proto__', 'a key named "__proto__" is not allowed'),
    },
  ],
  [
    'a property named __proto__',
    {
      given: spec({ schema: '{type: object, properties: {__proto__: {type: string}}}' }),
      want: errorLine(`${OP}/parameters/0/schema/properties/__proto__`, 'a key named "__proto__" is not allowed'),
    },
  ],
];

describe('hostile specs through the CLI: exit 2, where and what, the previous output untouched', () => {
  it.concurrent.for(REFUSED)('%s', { timeout: CLI_TIMEOUT }, async ([, { given, want }], { expect }) => {
    const { dir, out } = rowFolder();
    const specFile = join(dir, 'spec.yaml');
    if (typeof given === 'string') writeFileSync(specFile, given);
    else expect(spawnSync('mkfifo', [specFile]).status, 'mkfifo').toBe(0);
    const before = hashTree(out);

    const run = await runCli(['--spec', specFile, '--out', out, '--package-name', 'hostile-client'], {
      entry: 'bin',
      timeoutMs: KILL_AFTER,
    });

    expect(run.killed, `still running after ${KILL_AFTER} ms`).toBeUndefined();
    expect(run.stderr).toMatch(want);
    expect(run.stderr.split('\n'), 'one error line, then "nothing was written"').toEqual([expect.any(String), 'nothing was written', '']);
    expect(run.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
    expect(run.code).toBe(2);
    expect(hashTree(out)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['client', 'spec.yaml']);
  });
});

// ------------------------------------------------------------------ no I/O outside the spec

/**
 * Every place a reference or URL can hide, pointing at the trap server and the local file.
 * In data (example, default, const, enum, examples, x-*, an Example's value) a `{$ref}` is data:
 * the spec generates, nothing is fetched or read. `externalValue`, `$schema` and
 * `jsonSchemaDialect` are URLs the generator never opens.
 */
function specFullOfRefs(): string {
  const http = (name: string): string => `{$ref: "${trapUrl}/${name}"}`;
  const file = `{$ref: "${secretFile}"}`;
  return [
    'openapi: 3.1.0',
    `jsonSchemaDialect: "${trapUrl}/jsonSchemaDialect"`,
    `info: {title: Refs, version: "1", x-info: ${http('x-info')}}`,
    `x-top: ${http('x-top')}`,
    'paths:',
    '  /:',
    `    x-path-item: ${file}`,
    '    get:',
    '      operationId: DoThing',
    `      x-operation: ${http('x-operation')}`,
    '      parameters:',
    `        - {name: Id, in: query, example: ${http('parameter-example')}, schema: {type: string, example: ${http('example')}, default: ${file}, examples: [${http('examples-list')}, ${file}], x-schema: ${http('x-schema')}}}`,
    `        - {name: Obj, in: query, style: deepObject, schema: {$schema: "${trapUrl}/schema-dialect", type: object, const: ${http('const')}, enum: [${file}]}}`,
    '      responses:',
    '        "200":',
    '          description: ok',
    '          content:',
    '            application/json:',
    `              schema: {type: object, properties: {a: {type: string, example: ${file}}}}`,
    `              example: ${file}`,
    '              examples:',
    `                remote: {externalValue: "${trapUrl}/externalValue"}`,
    `                local: {externalValue: "${secretFile}"}`,
    `                data: {value: ${http('example-value')}}`,
    `                nested: {value: {deep: [{x-y: ${http('nested-value')}}]}}`,
    '                byRef: {$ref: "#/components/examples/Shared"}',
    'components:',
    '  examples:',
    `    Shared: {value: {a: b}, externalValue: "${trapUrl}/component-externalValue"}`,
    '',
  ].join('\n');
}

/** References the generator must refuse, with the pointer, without following them. */
const REFUSED_REFS: [string, { given: () => string; want: () => RegExp }][] = [
  [
    'an http $ref as a schema',
    {
      given: () => spec({ schema: `{$ref: "${trapUrl}/schema"}` }),
      want: () => errorLine(`${OP}/parameters/0/schema/$ref`, `$ref "${trapUrl}/schema" points outside this document`),
    },
  ],
  [
    'a local file $ref as a schema',
    {
      given: () => spec({ schema: `{$ref: "${secretFile}"}` }),
      want: () => errorLine(`${OP}/parameters/0/schema/$ref`, `$ref "${secretFile}" points outside this document`),
    },
  ],
  [
    'a discriminator mapping to an http URL (Redocly follows mapping values that look like refs)',
    {
      given: () =>
        spec({
          schema: '{$ref: "#/components/schemas/A"}',
          components: `  schemas:\n    A: {oneOf: [{$ref: "#/components/schemas/B"}], discriminator: {propertyName: kind, mapping: {b: "${trapUrl}/mapping"}}}\n    B: {type: object}\n`,
        }),
      want: () => errorLine('#/components/schemas/A/discriminator/mapping/b', `$ref "${trapUrl}/mapping" points outside this document`),
    },
  ],
  [
    '$id (a base URI that would move every $ref inside it)',
    {
      given: () => spec({ schema: `{$id: "${trapUrl}/id", type: string}` }),
      want: () =>
        errorLine(`${OP}/parameters/0/schema/$id`, '"$id" is not supported: every reference is resolved inside this one document'),
    },
  ],
  [
    '$dynamicRef',
    {
      given: () => spec({ schema: `{$dynamicRef: "${trapUrl}/dynamic"}` }),
      want: () => errorLine(`${OP}/parameters/0/schema/$dynamicRef`, '"$dynamicRef" is not supported'),
    },
  ],
];

describe('no I/O outside the spec: the trap server sees nothing, the local file is never read', () => {
  it('a spec with references in every data position and URLs in externalValue, $schema and jsonSchemaDialect generates, fetching nothing', {
    timeout: CLI_TIMEOUT,
  }, async () => {
    const { dir } = rowFolder();
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(specFile, specFullOfRefs());
    const out = join(dir, 'fresh');

    const run = await runCli(['--spec', specFile, '--out', out, '--package-name', 'hostile-client'], {
      entry: 'bin',
      timeoutMs: KILL_AFTER,
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(trapped).toEqual([]);
    const leaks = Object.keys(hashTree(out)).filter((path) => readFileSync(join(out, path), 'utf8').includes(SECRET));
    expect(leaks, "files holding the local file's content").toEqual([]);
  });

  // Redocly lint follows references in data too and cannot be told not to (redocly.yaml), so
  // `npm run lint:spec` is safe only because the committed spec gives it nothing to follow.
  it('the committed spec holds nothing that Redocly lint would fetch or read', () => {
    const file = join(REPO, 'spec/slb-2014-05-15.yaml');
    const document = parseSpecText(readFileSync(file, 'utf8'), file) as JsonObject;
    expect(() => checkAllRefs(document)).not.toThrow();
    expect(inertDocument(document)).toEqual(document);
  });

  it.concurrent.for(REFUSED_REFS)('refused with its pointer: %s', { timeout: CLI_TIMEOUT }, async ([, { given, want }], { expect }) => {
    const { dir, out } = rowFolder();
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(specFile, given());
    const before = hashTree(out);

    const run = await runCli(['--spec', specFile, '--out', out, '--package-name', 'hostile-client'], {
      entry: 'bin',
      timeoutMs: KILL_AFTER,
    });

    expect(run.stderr).toMatch(want());
    expect(run.code).toBe(2);
    expect(hashTree(out)).toEqual(before);
    expect(trapped).toEqual([]);
  });
});

// ------------------------------------------------------------------ what nothing foresaw

describe('asSpecError: an unforeseen error is one line with the stage and the spec file, never a stack', () => {
  const rows: [string, { given: unknown; want: string }][] = [
    [
      'a stack overflow',
      {
        given: new RangeError('Maximum call stack size exceeded'),
        want: 'spec.yaml: the spec is nested or repeated beyond what the generator can follow (stack overflow) while modelling the spec (please report it with the spec)',
      },
    ],
    [
      'a library error, first line only',
      {
        given: new TypeError('Cannot read properties of undefined\n    at x (lib.js:1:1)'),
        want: 'spec.yaml: internal error: Cannot read properties of undefined while modelling the spec (please report it with the spec)',
      },
    ],
    [
      'a thrown string',
      { given: 'boom', want: 'spec.yaml: internal error: boom while modelling the spec (please report it with the spec)' },
    ],
    ['a SpecError is kept as it is', { given: new SpecError('bad', '#/x', 'fix'), want: '#/x: bad (fix)' }],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(asSpecError(given, 'modelling the spec', 'spec.yaml').describe()).toBe(want);
  });
});
