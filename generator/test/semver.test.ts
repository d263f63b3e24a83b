// Over 400 lines: one table of spec edits and their classification, bump and CHANGELOG text: the rows are the release rules, read side by side.
/**
 * Regeneration as a release (generator/src/diff/): spec edits -> classified API changes ->
 * semver bump -> CHANGELOG.md, and the --fail-on-breaking gate.
 *
 * The table edits the text of one small spec (fixtures/semver/base.yaml) as a spec author would,
 * builds both models with the real loader and `buildApiModel`, round-trips each summary through
 * the file text the package carries (slbkit-api.json), and checks the exact change list and the
 * bump below and above 1.0.0. A few rows then go through the real CLI process, which is what
 * `npm run generate` runs: v0 written, spec edited, regenerated over it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSurface, apiSurface, legacyClientDefaults, printApiSurface, RPC_V3_REQUEST } from '../src/diff/api-surface.js';
import { changeLine } from '../src/diff/changelog.js';
import { compareSurfaces } from '../src/diff/compare.js';
import { planRelease, writeReleaseNotes } from '../src/diff/release.js';
import { bumpVersion, releaseLevel } from '../src/diff/semver.js';
import { checkOpenApiDocument } from '../src/load/openapi-document.js';
import { parseSpecText } from '../src/load/read-yaml.js';
import { buildApiModel } from '../src/model/build.js';
import { OutputError } from '../src/output/folder.js';
import { hashFiles, MANIFEST_FILE, renderManifest } from '../src/output/manifest.js';
import { hashTree, REPO, runCli as runBin, runProcess } from './cli-harness.js';

const BASE_FILE = join(REPO, 'generator/test/fixtures/semver/base.yaml');
const BASE = readFileSync(BASE_FILE, 'utf8');

/** The summary a package would carry for this spec text, read back from its file text. */
function surfaceOf(text: string): ApiSurface {
  const document = parseSpecText(text, 'base.yaml');
  checkOpenApiDocument(document);
  return JSON.parse(printApiSurface(apiSurface(buildApiModel({ file: 'base.yaml', document })))) as ApiSurface;
}

/** Replace `from` by `to`, which must occur exactly once: a row whose edit misses fails instead of testing nothing. */
function edit(...pairs: [string, string][]): (text: string) => string {
  return (text) =>
    pairs.reduce((t, [from, to]) => {
      const count = t.split(from).length - 1;
      if (count !== 1) throw new Error(`edit target occurs ${count} times, not once: ${from}`);
      return t.replace(from, to);
    }, text);
}

interface Row {
  edit: (text: string) => string;
  /** The CHANGELOG lines, in order. */
  want: string[];
  /** The version after 0.1.0 and after 1.2.3. */
  bump: [string, string];
}

const NONE: [string, string] = ['0.1.0', '1.2.3'];
const FIX: [string, string] = ['0.1.1', '1.2.4'];
const FEATURE: [string, string] = ['0.1.1', '1.3.0'];
const BREAKING: [string, string] = ['0.2.0', '2.0.0'];

const LABEL = '      - name: Label\n        in: query\n        schema: { type: string }\n';
const rows: [string, Row][] = [
  // Documentation and no-op edits.
  [
    'operation description edited',
    { edit: edit(['Tunes the thing, softly', 'Tunes the thing, gently']), want: ['- fix: `tuneThing`: description changed'], bump: FIX },
  ],
  [
    'parameter description edited',
    {
      edit: edit(['How hard to tune.', 'How firmly to tune.']),
      want: ['- fix: `tuneThing`: description of input parameter `Mode` changed'],
      bump: FIX,
    },
  ],
  [
    'output field description edited',
    {
      edit: edit(['The ID of the request.', 'The request ID.']),
      want: ['- fix: `tuneThing`: output field `RequestId`: description changed'],
      bump: FIX,
    },
  ],
  [
    'keys of a schema reordered',
    {
      edit: edit(['{ type: string, minLength: 1, maxLength: 64 }', '{ maxLength: 64, type: string, minLength: 1 }']),
      want: [],
      bump: NONE,
    },
  ],
  [
    'parameters reordered',
    { edit: edit([LABEL, ''], ['      - name: Contact\n', `${LABEL}      - name: Contact\n`]), want: [], bump: NONE },
  ],
  ['success example edited', { edit: edit(['RequestId: r-1', 'RequestId: r-2']), want: [], bump: NONE }],
  // Inputs: parameters.
  [
    'optional parameter added',
    {
      edit: edit([LABEL, `${LABEL}      - name: Tag\n        in: query\n        schema: { type: string }\n`]),
      want: ['- feature: `tuneThing`: optional input parameter `Tag` added'],
      bump: FEATURE,
    },
  ],
  // A hostile name: kept as a key of the summary, not taken for its prototype.
  [
    'required parameter added',
    {
      edit: edit([LABEL, `${LABEL}      - name: Tag\n        in: query\n        required: true\n        schema: { type: string }\n`]),
      want: ['- **breaking**: `tuneThing`: required input parameter `Tag` added'],
      bump: BREAKING,
    },
  ],
  [
    'parameter removed',
    { edit: edit([LABEL, '']), want: ['- **breaking**: `tuneThing`: input parameter `Label` removed'], bump: BREAKING },
  ],
  [
    'optional parameter made required',
    {
      edit: edit(['      - name: Mode\n        in: query\n', '      - name: Mode\n        in: query\n        required: true\n']),
      want: ['- **breaking**: `tuneThing`: input parameter `Mode` is now required'],
      bump: BREAKING,
    },
  ],
  [
    'required parameter made optional',
    {
      edit: edit(['      - name: ThingId\n        in: query\n        required: true\n', '      - name: ThingId\n        in: query\n']),
      want: ['- feature: `tuneThing`: input parameter `ThingId` is now optional'],
      bump: FEATURE,
    },
  ],
  [
    'parameter moved from query to header',
    {
      edit: edit(['      - name: Label\n        in: query', '      - name: Label\n        in: header']),
      want: ['- **breaking**: `tuneThing`: input parameter `Label` moved from query to header'],
      bump: BREAKING,
    },
  ],
  // Inputs: types widened and narrowed.
  [
    'enum value added to an input',
    {
      edit: edit(['enum: [soft, hard]', 'enum: [soft, hard, auto]']),
      want: ['- feature: `tuneThing`: input parameter `Mode`: enum value "auto" added'],
      bump: FEATURE,
    },
  ],
  [
    'enum value removed from an input',
    {
      edit: edit(['enum: [soft, hard]', 'enum: [soft]']),
      want: ['- **breaking**: `tuneThing`: input parameter `Mode`: enum value "hard" removed'],
      bump: BREAKING,
    },
  ],
  [
    'maximum lowered on an input',
    {
      edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: integer, minimum: 0, maximum: 5 }']),
      want: ['- **breaking**: `tuneThing`: input parameter `Level`: maximum 10 -> 5'],
      bump: BREAKING,
    },
  ],
  [
    'minimum lowered on an input',
    {
      edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: integer, minimum: -5, maximum: 10 }']),
      want: ['- feature: `tuneThing`: input parameter `Level`: minimum 0 -> -5'],
      bump: FEATURE,
    },
  ],
  [
    'maxLength lowered',
    {
      edit: edit(['minLength: 1, maxLength: 64', 'minLength: 1, maxLength: 32']),
      want: ['- **breaking**: `tuneThing`: input parameter `ThingId`: maxLength 64 -> 32'],
      bump: BREAKING,
    },
  ],
  [
    'maxItems lowered on a JSON-encoded list',
    {
      edit: edit(['maxItems: 20', 'maxItems: 10']),
      want: ['- **breaking**: `tuneThing`: input parameter `Servers`: maxItems 20 -> 10'],
      bump: BREAKING,
    },
  ],
  [
    'minItems removed',
    {
      edit: edit(['              minItems: 1\n', '']),
      want: ['- feature: `tuneThing`: input parameter `Servers`: minItems 1 removed'],
      bump: FEATURE,
    },
  ],
  [
    'pattern added',
    {
      edit: edit([LABEL, LABEL.replace('{ type: string }', '{ type: string, pattern: "^[a-z]+$" }')]),
      want: ['- **breaking**: `tuneThing`: input parameter `Label`: pattern "^[a-z]+$" added'],
      bump: BREAKING,
    },
  ],
  [
    'format changed',
    {
      edit: edit(['format: email', 'format: uri']),
      want: ['- **breaking**: `tuneThing`: input parameter `Contact`: format "email" -> "uri"'],
      bump: BREAKING,
    },
  ],
  [
    'type changed',
    {
      edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: string }']),
      want: [
        '- **breaking**: `tuneThing`: input parameter `Level`: type integer -> string',
        '- feature: `tuneThing`: input parameter `Level`: minimum 0 removed',
        '- feature: `tuneThing`: input parameter `Level`: maximum 10 removed',
      ],
      bump: BREAKING,
    },
  ],
  [
    'type widened',
    {
      edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: number, minimum: 0, maximum: 10 }']),
      want: ['- feature: `tuneThing`: input parameter `Level`: type integer -> number'],
      bump: FEATURE,
    },
  ],
  [
    'field made required inside a JSON-encoded input',
    {
      edit: edit(['required: [ServerId]', 'required: [ServerId, Weight]']),
      want: ['- **breaking**: `tuneThing`: input `Servers[].Weight`: now required (was optional)'],
      bump: BREAKING,
    },
  ],
  [
    'maximum raised inside a JSON-encoded input',
    {
      edit: edit(['minimum: 0, maximum: 100', 'minimum: 0, maximum: 200']),
      want: ['- feature: `tuneThing`: input `Servers[].Weight`: maximum 100 -> 200'],
      bump: FEATURE,
    },
  ],
  // Outputs.
  [
    'output field removed',
    {
      edit: edit(['                  Note: { type: string }\n', '']),
      want: ['- **breaking**: `tuneThing`: output field `Note`: field removed'],
      bump: BREAKING,
    },
  ],
  [
    'output field added',
    {
      edit: edit([
        '                  Note: { type: string }\n',
        '                  Note: { type: string }\n                  Owner: { type: string }\n',
      ]),
      want: ['- feature: `tuneThing`: output field `Owner`: optional field added'],
      bump: FEATURE,
    },
  ],
  [
    'output field made optional',
    {
      edit: edit(['required: [RequestId, State]', 'required: [RequestId]']),
      want: ['- **breaking**: `tuneThing`: output field `State`: now optional (was required)'],
      bump: BREAKING,
    },
  ],
  [
    'output field made required',
    {
      edit: edit(['required: [RequestId, State]', 'required: [RequestId, State, Note]']),
      want: ['- feature: `tuneThing`: output field `Note`: now required (was optional)'],
      bump: FEATURE,
    },
  ],
  [
    'enum value added to an output',
    {
      edit: edit(['enum: [tuned, pending]', 'enum: [tuned, pending, failed]']),
      want: ['- **breaking**: `tuneThing`: output field `State`: enum value "failed" added'],
      bump: BREAKING,
    },
  ],
  [
    'enum value removed from an output',
    {
      edit: edit(['enum: [tuned, pending]', 'enum: [tuned]']),
      want: ['- feature: `tuneThing`: output field `State`: enum value "pending" removed'],
      bump: FEATURE,
    },
  ],
  [
    'output type narrowed in a component',
    {
      edit: edit(['Size: { type: number }', 'Size: { type: integer }']),
      want: ['- feature: `getThing`: output field `Size`: type number -> integer'],
      bump: FEATURE,
    },
  ],
  // Errors.
  [
    'error code documented',
    {
      edit: edit([
        '                  value: { Code: InvalidParameter, Message: The parameter is not valid. }\n',
        '                  value: { Code: InvalidParameter, Message: The parameter is not valid. }\n                throttled:\n                  value: { Code: Throttling, Message: Too many requests. }\n',
      ]),
      want: ['- feature: `tuneThing`: error code Throttling (HTTP 400) documented'],
      bump: FEATURE,
    },
  ],
  [
    'error code renamed',
    {
      edit: edit(['Code: Thing.NotFound', 'Code: Thing.Missing']),
      want: [
        '- **breaking**: `tuneThing`: error code Thing.NotFound (HTTP 404) no longer documented',
        '- feature: `tuneThing`: error code Thing.Missing (HTTP 404) documented',
      ],
      bump: BREAKING,
    },
  ],
  // Wire encoding and signing.
  [
    'POST form removed',
    {
      edit: edit([
        '    post:\n      operationId: TuneThingByPost\n      summary: Tune a thing (POST form)\n      responses: *responses\n',
        '',
      ]),
      // POST was the default (DEFAULTS.method where allowed): the call now goes by GET.
      want: [
        '- **breaking**: `tuneThing`: default HTTP method POST -> GET',
        '- **breaking**: `tuneThing`: HTTP method POST no longer allowed',
      ],
      bump: BREAKING,
    },
  ],
  [
    'Version changed',
    {
      edit: edit(['enum: ["2020-01-01"]', 'enum: ["2021-06-01"]']),
      want: ['- **breaking**: `tuneThing`: Version "2020-01-01" -> "2021-06-01"'],
      bump: BREAKING,
    },
  ],
  [
    'parameter JSON-encoded instead of plain',
    {
      edit: edit(['schema: { type: string, format: email }', 'content: { application/json: { schema: { type: string, format: email } } }']),
      want: ['- **breaking**: `tuneThing`: input parameter `Contact` wire encoding plain -> json'],
      bump: BREAKING,
    },
  ],
  [
    'path changed',
    {
      edit: edit(['/things/{id}:', '/items/{id}:']),
      want: ['- **breaking**: `getThing`: path /things/{id} -> /items/{id}'],
      bump: BREAKING,
    },
  ],
  [
    'default endpoint changed',
    {
      edit: edit(['https://api.example.invalid', 'https://eu.api.example.invalid']),
      want: ['- **breaking**: default endpoint https://api.example.invalid -> https://eu.api.example.invalid'],
      bump: BREAKING,
    },
  ],
  // Operations.
  [
    'operation renamed',
    {
      edit: edit(['operationId: getThing', 'operationId: fetchThing']),
      want: ['- **breaking**: `getThing`: operation removed', '- feature: `fetchThing`: operation added (GET /things/{id})'],
      bump: BREAKING,
    },
  ],
];

describe('classified changes of a spec edit (models built by the real loader)', () => {
  const before = surfaceOf(BASE);

  it.each(rows)('%s', (_name, { edit: apply, want, bump }) => {
    const changes = compareSurfaces(before, surfaceOf(apply(BASE)));
    expect(changes.map(changeLine)).toEqual(want);
    const level = releaseLevel(changes.map((c) => c.level));
    const next = (from: string) => (level ? bumpVersion(from, level) : from);
    expect([next('0.1.0'), next('1.2.3')]).toEqual(bump);
  });

  it('has at least 20 rows, and rows for each outcome: breaking, feature, fix and no change', () => {
    const outcomes = new Set(rows.map(([, r]) => r.bump.join()));
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(outcomes).toEqual(new Set([NONE, FIX, FEATURE, BREAKING].map((b) => b.join())));
  });
});

// The client's defaults are part of the wire (issue 22): a summary written before they were
// recorded (no clientDefaults: slbkit up to @slbkit/client 0.4.0, V1 and the first method listed)
// compared with today's, which records V3 and POST. The CHANGELOG says it by itself.
describe('a change of the client defaults is classified', () => {
  const legacy = (text: string): ApiSurface => {
    const { clientDefaults: _, ...rest } = surfaceOf(text);
    return rest;
  };
  const KEEP = '(set the options `signatureVersion` and `method` to send as before)';
  // What a V3 caller's request now carries, as the official runtime sends it (no Action/Version/Format pair).
  const V3_REQUEST = `- **breaking**: V3 request of an RPC action: ${legacyClientDefaults(surfaceOf(BASE)).rpcV3Request} -> ${RPC_V3_REQUEST}`;
  const GET_FIRST = BASE;
  const GET_ONLY = edit([
    '    post:\n      operationId: TuneThingByPost\n      summary: Tune a thing (POST form)\n      responses: *responses\n',
    '',
  ])(BASE);
  it.each<[string, ApiSurface, ApiSurface, string[], [string, string]]>([
    [
      'RPC, GET listed first: V1/GET -> V3/POST',
      legacy(GET_FIRST),
      surfaceOf(GET_FIRST),
      [
        `- **breaking**: default signature V1/first listed method -> V3/POST ${KEEP}`,
        V3_REQUEST,
        '- **breaking**: `tuneThing`: default HTTP method GET -> POST',
      ],
      BREAKING,
    ],
    [
      'RPC by GET only: V1 -> V3, the method stays',
      legacy(GET_ONLY),
      surfaceOf(GET_ONLY),
      [`- **breaking**: default signature V1 -> V3 ${KEEP}`, V3_REQUEST],
      BREAKING,
    ],
    ['today against today: nothing', surfaceOf(GET_FIRST), surfaceOf(GET_FIRST), [], NONE],
  ])('%s', (_name, before, after, want, bump) => {
    const changes = compareSurfaces(before, after);
    expect(changes.map(changeLine)).toEqual(want);
    const level = releaseLevel(changes.map((c) => c.level));
    expect([level ? bumpVersion('0.1.0', level) : '0.1.0', level ? bumpVersion('1.2.3', level) : '1.2.3']).toEqual(bump);
  });
});

describe('bumpVersion (semver 2.0.0; the minor is the breaking digit below 1.0.0)', () => {
  it.each([
    ['0.1.0', 'breaking', '0.2.0'],
    ['0.1.0', 'feature', '0.1.1'],
    ['0.1.0', 'fix', '0.1.1'],
    ['0.0.3', 'breaking', '0.1.0'],
    ['1.2.3', 'breaking', '2.0.0'],
    ['1.2.3', 'feature', '1.3.0'],
    ['1.2.3', 'fix', '1.2.4'],
    // A prerelease is released as the version it precedes when that already carries the bump (npm version's rule).
    ['2.0.0-rc.1', 'breaking', '2.0.0'],
    ['1.3.0-beta.2', 'feature', '1.3.0'],
    ['1.2.4-beta.2', 'fix', '1.2.4'],
    ['1.2.4-beta.2', 'feature', '1.3.0'],
    ['1.2.3+build.7', 'fix', '1.2.4'],
  ] as const)('%s + %s -> %s', (from, level, want) => {
    expect(bumpVersion(from, level)).toBe(want);
  });

  it.each(['1.2', 'v1.2.3', '01.2.3', 'banana'])('refuses %s', (text) => {
    expect(() => bumpVersion(text, 'fix')).toThrow(/not a semantic version/);
  });
});

/** A document whose component schemas are `schemas`, with one RPC action taking `Input` and returning `Output`. */
function componentsSpec(schemas: Record<string, unknown>): string {
  return yaml.dump({
    openapi: '3.1.0',
    info: { title: 'Components', version: '1' },
    paths: {
      '/': {
        get: {
          operationId: 'Act',
          parameters: [
            { name: 'Action', in: 'query', required: true, schema: { const: 'Act' } },
            {
              name: 'Input',
              in: 'query',
              required: true,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Input' } } },
            },
          ],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Output' } } } } },
        },
      },
    },
    components: { schemas },
  });
}

describe('schema keywords beyond the spec edits above', () => {
  const node = {
    type: 'object',
    properties: { Name: { type: 'string' }, Children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
  };
  const output = { type: 'object', properties: { Id: { type: 'string' } } };
  it.each([
    // A tree of nodes refers to itself: compared once per pair of components, so this ends.
    [
      'a recursive input schema, unchanged',
      { Node: node, Input: { $ref: '#/components/schemas/Node' }, Output: output },
      { Node: node, Input: { $ref: '#/components/schemas/Node' }, Output: output },
      [],
    ],
    [
      'a field added deep inside a recursive schema',
      { Node: node, Input: { $ref: '#/components/schemas/Node' }, Output: output },
      {
        Node: { ...node, properties: { ...node.properties, Tag: { type: 'string' } } },
        Input: { $ref: '#/components/schemas/Node' },
        Output: output,
      },
      ['- feature: `act`: input `Input.Tag`: optional field added'],
    ],
    [
      'a component renamed, same shape',
      { Input: { $ref: '#/components/schemas/A' }, A: { type: 'string' }, Output: output },
      { Input: { $ref: '#/components/schemas/B' }, B: { type: 'string' }, Output: output },
      [],
    ],
    [
      'an input closed to other fields',
      { Input: { type: 'object' }, Output: output },
      { Input: { type: 'object', additionalProperties: false }, Output: output },
      ['- **breaking**: `act`: input parameter `Input`: no longer accepts other fields (additionalProperties: false)'],
    ],
    [
      'a oneOf alternative added to an input',
      { Input: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, Output: output },
      { Input: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }] }, Output: output },
      ['- feature: `act`: input parameter `Input`: oneOf alternative 3 added'],
    ],
    [
      'a oneOf alternative added to an output',
      { Input: { type: 'string' }, Output: { oneOf: [{ type: 'string' }] } },
      { Input: { type: 'string' }, Output: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
      ['- **breaking**: `act`: output: oneOf alternative 2 added'],
    ],
    [
      'a keyword not reasoned about (`not`) changed',
      { Input: { type: 'string', not: { const: 'x' } }, Output: output },
      { Input: { type: 'string', not: { const: 'y' } }, Output: output },
      ['- **breaking**: `act`: input parameter `Input`: `not` changed (not classified keyword by keyword: counted as breaking)'],
    ],
    [
      'an output field deprecated',
      { Input: { type: 'string' }, Output: output },
      { Input: { type: 'string' }, Output: { type: 'object', properties: { Id: { type: 'string', deprecated: true } } } },
      ['- feature: `act`: output field `Id`: now deprecated'],
    ],
    [
      'an XML name changed on an output',
      { Input: { type: 'string' }, Output: { ...output, xml: { name: 'A' } } },
      { Input: { type: 'string' }, Output: { ...output, xml: { name: 'B' } } },
      ['- **breaking**: `act`: output: XML mapping (`xml`) changed: the client reads XML bodies differently'],
    ],
  ])('%s', (_name, before, after, want) => {
    expect(compareSurfaces(surfaceOf(componentsSpec(before)), surfaceOf(componentsSpec(after))).map(changeLine)).toEqual(want);
  });
});

/** `npm run generate` as a user runs it (the esbuild bundle), in its own process. */
const runCli = (args: string[]) => runBin(args, { entry: 'bin' });

const versionOf = (out: string) => (JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { version: string }).version;
/** The newest CHANGELOG entry: from the first `## ` heading to the next. */
const newestEntry = (out: string) =>
  `${readFileSync(join(out, 'CHANGELOG.md'), 'utf8')
    .split(/^(?=## )/m)[1]!
    .trimEnd()}\n`;

/**
 * One generation costs about 1.5 s of CPU: two "version 0" outputs in beforeAll (at 0.1.0, the
 * default, and at 1.4.2), then one run per row, in sequence (the first run also builds the bundle).
 */
const CLI_TIMEOUT = 60_000;

describe('through the real CLI: v0 written, spec edited, regenerated over it', () => {
  let scratch = '';
  let rowCount = 0;
  const v0 = { '0.1.0': '', '1.4.2': '' };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'slbkit-semver-cli-'));
    writeFileSync(join(scratch, 'base.yaml'), BASE);
    for (const version of ['0.1.0', '1.4.2'] as const) {
      v0[version] = join(scratch, `v0-${version}`);
      const args = [
        '--spec',
        join(scratch, 'base.yaml'),
        '--out',
        v0[version],
        ...(version === '0.1.0' ? [] : ['--package-version', version]),
      ];
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
    }
  }, 2 * CLI_TIMEOUT);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('a first output starts the CHANGELOG, and only package.json and CHANGELOG.md carry the version', () => {
    expect(newestEntry(v0['0.1.0'])).toBe(
      '## 0.1.0\n\nGenerated from `base.yaml`.\n\nFirst version: 2 operations (`getThing`, `tuneThing`).\n',
    );
    // planRelease sets the bumped version in package.json only: if another file printed the
    // version, this would list it and the release would need to re-emit that file too. The
    // manifest (write.ts) differs as well: it records the SHA-256 of those two.
    const [a, b] = [hashTree(v0['0.1.0']), hashTree(v0['1.4.2'])];
    expect(
      Object.keys(a)
        .filter((path) => a[path] !== b[path])
        .sort(),
    ).toEqual(['.slbkit-manifest.json', 'CHANGELOG.md', 'package.json']);
  });

  interface CliRow {
    from: keyof typeof v0;
    edit: (text: string) => string;
    flags?: string[];
    want: { code: number; version: string; entry?: string; stderr?: string; unchanged?: boolean };
  }
  const cliRows: [string, CliRow][] = [
    [
      'the same spec again: nothing changes, byte for byte',
      { from: '0.1.0', edit: (t) => t, want: { code: 0, version: '0.1.0', unchanged: true } },
    ],
    [
      'a description edited: patch',
      {
        from: '0.1.0',
        edit: edit(['Tunes the thing, softly', 'Tunes the thing, gently']),
        want: {
          code: 0,
          version: '0.1.1',
          entry: '## 0.1.1\n\nGenerated from `base.yaml`; previous version 0.1.0.\n\n- fix: `tuneThing`: description changed\n',
        },
      },
    ],
    [
      'an optional parameter added: patch below 1.0, named in CHANGELOG.md',
      {
        from: '0.1.0',
        edit: edit([LABEL, `${LABEL}      - name: Tag\n        in: query\n        schema: { type: string }\n`]),
        want: {
          code: 0,
          version: '0.1.1',
          entry:
            '## 0.1.1\n\nGenerated from `base.yaml`; previous version 0.1.0.\n\n- feature: `tuneThing`: optional input parameter `Tag` added\n',
        },
      },
    ],
    [
      'a parameter removed at 1.4.2: 2.0.0, marked breaking and listed first',
      {
        from: '1.4.2',
        edit: edit([LABEL, ''], ['Tunes the thing, softly', 'Tunes the thing, gently']),
        want: {
          code: 0,
          version: '2.0.0',
          entry:
            '## 2.0.0\n\nGenerated from `base.yaml`; previous version 1.4.2.\n\n- **breaking**: `tuneThing`: input parameter `Label` removed\n- fix: `tuneThing`: description changed\n',
        },
      },
    ],
    [
      'a parameter removed with --fail-on-breaking: exit 3, nothing written',
      {
        from: '0.1.0',
        edit: edit([LABEL, '']),
        flags: ['--fail-on-breaking'],
        want: {
          code: 3,
          version: '0.1.0',
          unchanged: true,
          // No --package-name: the spec's title names the package (a refused run warns of nothing: it named nothing).
          stderr:
            'slbkit-generate: change-table-api 0.1.0 -> 0.2.0 (breaking): refused by --fail-on-breaking, nothing was written:\n- **breaking**: `tuneThing`: input parameter `Label` removed\n',
        },
      },
    ],
    [
      'an optional parameter added with --fail-on-breaking: written',
      {
        from: '0.1.0',
        edit: edit([LABEL, `${LABEL}      - name: Tag\n        in: query\n        schema: { type: string }\n`]),
        flags: ['--fail-on-breaking'],
        want: { code: 0, version: '0.1.1' },
      },
    ],
  ];

  it.each(cliRows)(
    '%s',
    async (_name, { from, edit: apply, flags = [], want }) => {
      const dir = join(scratch, `row-${++rowCount}`);
      const out = join(dir, 'client');
      cpSync(v0[from], out, { recursive: true });
      const before = hashTree(out);
      const spec = join(dir, 'base.yaml');
      writeFileSync(spec, apply(BASE));
      const run = await runCli(['--spec', spec, '--out', out, ...flags]);
      expect(run.code, run.stderr).toBe(want.code);
      expect(versionOf(out)).toBe(want.version);
      if (want.entry !== undefined) expect(newestEntry(out)).toBe(want.entry);
      if (want.stderr !== undefined) expect(run.stderr).toBe(want.stderr);
      if (want.unchanged) expect(hashTree(out)).toEqual(before);
      // The old entries are kept under the new one.
      expect(readFileSync(join(out, 'CHANGELOG.md'), 'utf8')).toContain(`## ${from}\n`);
      expect(readdirSync(dir).sort()).toEqual(['base.yaml', 'client']);
    },
    CLI_TIMEOUT,
  );

  it(
    'generate --check on a regenerated output plans against it and finds it up to date',
    async () => {
      const out = join(scratch, 'row-2', 'client');
      const run = await runCli(['--spec', join(scratch, 'row-2', 'base.yaml'), '--out', out, '--check']);
      expect(run.code, run.stderr).toBe(0);
    },
    CLI_TIMEOUT,
  );
});

/**
 * The two workflows' own shell steps (read from the YAML, not copied), run in a scratch git
 * repository made of this working tree: a base commit, then a commit that drops a parameter from
 * the bundled spec. `gh` is a stand-in on PATH that records its arguments; `git push` goes to a
 * bare repository beside it. The linter (workflows.test.ts) checks the YAML; this checks what
 * the steps do.
 */
describe('the workflows, run: a spec change that removes a parameter', () => {
  let scratch = '';
  let repo = '';
  let baseSha = '';
  let previousVersion = '';
  const steps = (file: string, job: string) =>
    (
      yaml.load(readFileSync(join(REPO, '.github/workflows', file), 'utf8')) as {
        jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
      }
    ).jobs[job]!.steps;
  const stepRun = (file: string, job: string, name: string) => steps(file, job).find((s) => s.name === name)!.run!;
  const bash = (script: string, env: Record<string, string>) =>
    runProcess('bash', ['-e', '-c', script], { cwd: repo, env: { ...process.env, ...env } });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo, encoding: 'utf8' }).trim();

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'slbkit-semver-workflows-'));
    repo = join(scratch, 'repo');
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const path of tracked) {
      // --cached lists files deleted from the working tree too.
      if (existsSync(join(REPO, path))) cpSync(join(REPO, path), join(repo, path));
    }
    execFileSync('ln', ['-s', join(REPO, 'node_modules'), join(repo, 'node_modules')]);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'base');
    baseSha = git('rev-parse', 'HEAD');
    previousVersion = versionOf(join(repo, 'generated'));
    const spec = join(repo, 'spec/slb-2014-05-15.yaml');
    writeFileSync(spec, edit(['      - $ref: "#/components/parameters/OwnerAccount"\n', ''])(readFileSync(spec, 'utf8')));
    git('commit', '-qam', 'spec: drop OwnerAccount');
    execFileSync('git', ['init', '-q', '--bare', join(scratch, 'remote.git')]);
    git('remote', 'add', 'origin', join(scratch, 'remote.git'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const removal = '- **breaking**: `removeBackendServers`: input parameter `OwnerAccount` removed';

  it(
    'ci.yml api-changes: the job summary lists the breaking change and the job fails (exit 3)',
    async () => {
      const env = {
        BASE_SHA: baseSha,
        RUNNER_TEMP: join(scratch, 'ci-tmp'),
        GITHUB_STEP_SUMMARY: join(scratch, 'ci-summary.md'),
        GITHUB_OUTPUT: join(scratch, 'ci-output'),
        ALLOW_BREAKING: 'false',
      };
      execFileSync('mkdir', ['-p', env.RUNNER_TEMP]);
      const touched = await bash(stepRun('ci.yml', 'api-changes', 'Does the pull request touch spec/**?'), env);
      expect(touched.code, touched.stderr).toBe(0);
      expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).toBe('changed=true\n');
      const run = await bash(stepRun('ci.yml', 'api-changes', "Classify the API changes against the base branch's generated/"), env);
      expect(run.code, run.stderr).toBe(3);
      expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain(
        `## @slbkit/client ${previousVersion} -> ${bumpVersion(previousVersion, 'breaking')} (breaking)\n`,
      );
      expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain(`${removal}\n`);
      expect(run.stdout).toContain('::error title=Breaking API change::');
      // The working tree's generated/ is not touched: the classification regenerates a copy of the base's.
      expect(git('status', '--porcelain')).toBe('');
    },
    2 * CLI_TIMEOUT,
  );

  it(
    'regenerate.yml: a pull request whose title carries the bump and whose body lists the change',
    async () => {
      const fakeBin = join(scratch, 'bin');
      execFileSync('mkdir', ['-p', fakeBin, join(scratch, 're-tmp')]);
      writeFileSync(join(fakeBin, 'gh'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${join(scratch, 'gh-args')}"\n`, {
        mode: 0o755,
      });
      const env = {
        SHA: git('rev-parse', 'HEAD'),
        GH_TOKEN: 'unused',
        RUNNER_TEMP: join(scratch, 're-tmp'),
        GITHUB_STEP_SUMMARY: join(scratch, 're-summary.md'),
        PATH: `${fakeBin}:${process.env.PATH}`,
      };
      for (const name of ['Regenerate, classify the API changes, bump the version', 'Open a pull request when generated/ changed']) {
        const run = await bash(stepRun('regenerate.yml', 'regenerate', name), env);
        expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      }
      const bump = `@slbkit/client ${previousVersion} -> ${bumpVersion(previousVersion, 'breaking')} (breaking)`;
      const args = readFileSync(join(scratch, 'gh-args'), 'utf8').split('\n');
      expect(args.slice(0, 4)).toEqual(['pr', 'create', '--base', 'main']);
      expect(args[args.indexOf('--title') + 1]).toBe(`Regenerate generated/: ${bump}`);
      const body = readFileSync(args[args.indexOf('--body-file') + 1]!, 'utf8');
      expect(body).toContain(`## ${bump}\n`);
      expect(body).toContain(`${removal}\n`);
      // What was pushed: the bumped version and the CHANGELOG entry, dated with the pushed commit
      // (the step's SOURCE_DATE_EPOCH, UTC).
      const day = new Date(Number(git('log', '-1', '--format=%ct')) * 1000).toISOString().slice(0, 10);
      const pushed = (path: string) =>
        execFileSync('git', ['--git-dir', join(scratch, 'remote.git'), 'show', `regenerate/${env.SHA.slice(0, 12)}:${path}`], {
          encoding: 'utf8',
        });
      expect(JSON.parse(pushed('generated/package.json')).version).toBe(bumpVersion(previousVersion, 'breaking'));
      expect(pushed('generated/CHANGELOG.md')).toMatch(
        new RegExp(
          `^## ${bumpVersion(previousVersion, 'breaking').replaceAll('.', '\\.')} \\(${day}\\)\\n\\nGenerated from \`slb-2014-05-15\\.yaml\`; previous version ${previousVersion.replaceAll('.', '\\.')}\\.\\n\\n${removal.replace(/[*`()]/g, '\\$&')}\\n`,
          'm',
        ),
      );
    },
    2 * CLI_TIMEOUT,
  );
});

describe('model fields this version does not know (the model grows in parallel)', () => {
  const base = () => {
    const document = parseSpecText(BASE, 'base.yaml');
    checkOpenApiDocument(document);
    return buildApiModel({ file: 'base.yaml', document });
  };
  /** The base model with fields set on the tuneThing operation and its Mode parameter, as a later model would carry them. */
  const withFields = (op: Record<string, unknown>, param: Record<string, unknown>): ApiSurface => {
    const model = base();
    const tune = model.operations.find((o) => o.methodName === 'tuneThing')!;
    Object.assign(tune, op);
    Object.assign(tune.inputs.find((p) => p.name === 'Mode')!, param);
    return JSON.parse(printApiSurface(apiSurface(model))) as ApiSurface;
  };
  it.each([
    ['a field the previous summary lacks: not compared', {}, {}, { idempotent: true }, { style: 'flat' }, []],
    ['the same values: no change', { idempotent: true }, { style: 'flat' }, { idempotent: true }, { style: 'flat' }, []],
    [
      'an operation field changed: breaking',
      { idempotent: true },
      {},
      { idempotent: false },
      {},
      ['- **breaking**: `tuneThing`: `idempotent` true -> false (not classified: counted as breaking)'],
    ],
    [
      'a parameter field dropped: breaking',
      {},
      { style: 'flat' },
      {},
      {},
      ['- **breaking**: `tuneThing`: input parameter `Mode`: `style` flat -> none (not classified: counted as breaking)'],
    ],
  ])('%s', (_name, opBefore, paramBefore, opAfter, paramAfter, want) => {
    expect(compareSurfaces(withFields(opBefore, paramBefore), withFields(opAfter, paramAfter)).map(changeLine)).toEqual(want);
  });
});

describe('planRelease: the previous output decides the version and the CHANGELOG', () => {
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'slbkit-semver-plan-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  // "generated by slbkit", as every generated file says: what lets write.ts adopt a legacy output (no manifest).
  const manifest = (version: string) =>
    `${JSON.stringify({ name: '@t/client', version, description: 'generated by slbkit', slbkit: { spec: 'base.yaml' } }, null, 2)}\n`;
  const README = 'readme, generated by slbkit\n';
  const v0 = printApiSurface(surfaceOf(BASE));
  const v1 = printApiSurface(surfaceOf(edit([LABEL, ''])(BASE)));
  /** The files a generation gives (at the default version 0.1.0): a summary and one other file. */
  const generated = (surface: string, readme = README) =>
    new Map([
      ['package.json', manifest('0.1.0')],
      ['slbkit-api.json', surface],
      ['README.md', readme],
    ]);
  let count = 0;
  interface Before {
    /** The files slbkit wrote, recorded in a manifest (output-manifest.ts, as write.ts writes it). */
    files: Record<string, string>;
    /** No manifest: an output of slbkit before manifests, which write.ts adopts (every file marked and one the new output writes). */
    legacy?: boolean;
    /** Bytes put on disk after the manifest was written (null: the file deleted): edits by hand, not recorded. */
    editedSince?: Record<string, string | null>;
  }
  /**
   * A previous output folder: the files the plan reads and compares, and the manifest listing them
   * (a real previous output: planRelease reads nothing else, see write.ts previousOutputReader).
   */
  const previous = (before: Before | undefined): string => {
    const dir = join(scratch, `out-${++count}`);
    mkdirSync(dir);
    const files = new Map(Object.entries(before?.files ?? {}));
    for (const [path, text] of files) writeFileSync(join(dir, path), text);
    if (before && !before.legacy)
      writeFileSync(join(dir, MANIFEST_FILE), renderManifest(hashFiles(files), { generator: 'slbkit test', spec: 'base.yaml' }));
    for (const [path, text] of Object.entries(before?.editedSince ?? {})) {
      if (text === null) rmSync(join(dir, path));
      else writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  const OLD_LOG = '# Changelog of @t/client\n\nold header\n\n## 0.3.0\n\nGenerated from `base.yaml`.\n\n- fix: an older entry\n';

  it.each<
    [
      string,
      { before: Before | undefined; files: Map<string, string>; forced: string | undefined },
      { version: string; title: string; entry: string | RegExp | undefined },
    ]
  >([
    [
      'no previous output: the default version, a first entry',
      { before: undefined, files: generated(v0), forced: undefined },
      {
        version: '0.1.0',
        title: '@t/client 0.1.0 (first version)',
        entry: '## 0.1.0\n\nGenerated from `base.yaml`.\n\nFirst version: 2 operations (`getThing`, `tuneThing`).\n',
      },
    ],
    [
      'no previous output, --package-version: that version',
      { before: undefined, files: generated(v0), forced: '3.0.0' },
      {
        version: '3.0.0',
        title: '@t/client 3.0.0 (first version)',
        entry: '## 3.0.0\n\nGenerated from `base.yaml`.\n\nFirst version: 2 operations (`getThing`, `tuneThing`).\n',
      },
    ],
    [
      'the same API and files: version kept, old entries kept under a fresh header',
      {
        before: { files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README, 'CHANGELOG.md': OLD_LOG } },
        files: generated(v0),
        forced: undefined,
      },
      {
        version: '0.3.0',
        title: '@t/client 0.3.0 (no change)',
        entry: '## 0.3.0\n\nGenerated from `base.yaml`.\n\n- fix: an older entry\n',
      },
    ],
    [
      'only another file changed: a fix',
      {
        before: { files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README } },
        files: generated(v0, 'better readme\n'),
        forced: undefined,
      },
      {
        version: '0.3.1',
        title: '@t/client 0.3.0 -> 0.3.1 (fix)',
        entry:
          '## 0.3.1\n\nGenerated from `base.yaml`; previous version 0.3.0.\n\n- fix: generated code changed without an API change (1 file: README.md)\n',
      },
    ],
    // The previous output is what slbkit recorded, not the disk: the run overwrites the hand edit
    // with the recorded bytes, so nothing a consumer gets changes (write.ts reports the overwrite).
    [
      'a generated file edited by hand since, the new one as recorded: no change',
      {
        before: {
          files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README },
          editedSince: { 'README.md': 'edited by hand\n' },
        },
        files: generated(v0),
        forced: undefined,
      },
      { version: '0.3.0', title: '@t/client 0.3.0 (no change)', entry: undefined },
    ],
    // The version is the one field read from the disk: set by hand since (npm version), it is the
    // previous version, and package.json is otherwise the recorded one.
    [
      "package.json's version set by hand since, nothing else changed: that version kept, no release",
      {
        before: {
          files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README },
          editedSince: { 'package.json': manifest('0.3.5') },
        },
        files: generated(v0),
        forced: undefined,
      },
      { version: '0.3.5', title: '@t/client 0.3.5 (no change)', entry: undefined },
    ],
    [
      "package.json's version set by hand since, and another file changed: bumped from that version",
      {
        before: {
          files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README },
          editedSince: { 'package.json': manifest('0.3.5') },
        },
        files: generated(v0, 'better readme\n'),
        forced: undefined,
      },
      {
        version: '0.3.6',
        title: '@t/client 0.3.5 -> 0.3.6 (fix)',
        entry:
          '## 0.3.6\n\nGenerated from `base.yaml`; previous version 0.3.5.\n\n- fix: generated code changed without an API change (1 file: README.md)\n',
      },
    ],
    [
      'a file the previous output had and the new one has not (stale): a fix',
      {
        before: { files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README, 'old.js': 'export {};\n' } },
        files: generated(v0),
        forced: undefined,
      },
      {
        version: '0.3.1',
        title: '@t/client 0.3.0 -> 0.3.1 (fix)',
        entry:
          '## 0.3.1\n\nGenerated from `base.yaml`; previous version 0.3.0.\n\n- fix: generated code changed without an API change (1 file: old.js)\n',
      },
    ],
    // A summary edited to look like the new API would hide the removal of Label; one whose bytes
    // are not the recorded ones is not read, and a change of the files is then breaking.
    [
      'a summary edited by hand since, the API changed: not compared, so breaking',
      {
        before: {
          files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README },
          editedSince: { 'slbkit-api.json': v1 },
        },
        files: generated(v1, 'readme without Label, generated by slbkit\n'),
        forced: undefined,
      },
      {
        version: '0.4.0',
        title: '@t/client 0.3.0 -> 0.4.0 (breaking)',
        entry:
          /^## 0\.4\.0\n\nGenerated from `base\.yaml`; previous version 0\.3\.0\.\n\n- \*\*breaking\*\*: API not compared: the previous output has no slbkit-api\.json of format 1 as slbkit wrote it \(an output of another slbkit version, or the file was edited since\), so the change is counted as breaking\n$/,
      },
    ],
    [
      '--package-version with nothing changed: that version, said so',
      {
        before: { files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'README.md': README } },
        files: generated(v0),
        forced: '1.0.0',
      },
      {
        version: '1.0.0',
        title: '@t/client 0.3.0 -> 1.0.0 (version set by --package-version)',
        entry:
          '## 1.0.0\n\nGenerated from `base.yaml`; previous version 0.3.0.\n\nVersion set by --package-version; the API and the generated files are unchanged.\n',
      },
    ],
    // Outputs of slbkit before manifests had no summary either (both came with the same merge).
    [
      'an output of an older slbkit (no manifest, no summary), nothing else changed: adopted as it is',
      {
        before: { files: { 'package.json': manifest('0.3.0'), 'README.md': README }, legacy: true },
        files: generated(v0),
        forced: undefined,
      },
      { version: '0.3.0', title: '@t/client 0.3.0 (no change)', entry: undefined },
    ],
    [
      'an output of an older slbkit, files changed: not comparable, so breaking',
      {
        before: { files: { 'package.json': manifest('0.3.0'), 'README.md': README }, legacy: true },
        files: generated(v0, 'new, generated by slbkit\n'),
        forced: undefined,
      },
      {
        version: '0.4.0',
        title: '@t/client 0.3.0 -> 0.4.0 (breaking)',
        entry:
          /^## 0\.4\.0\n\nGenerated from `base\.yaml`; previous version 0\.3\.0\.\n\n- \*\*breaking\*\*: API not compared: the previous output has no slbkit-api\.json of format 1 as slbkit wrote it \(an output of another slbkit version, or the file was edited since\), so the change is counted as breaking\n$/,
      },
    ],
    [
      'a version that is not semver, nothing changed: kept',
      {
        before: { files: { 'package.json': manifest('banana'), 'slbkit-api.json': v0, 'README.md': README } },
        files: generated(v0),
        forced: undefined,
      },
      { version: 'banana', title: '@t/client banana (no change)', entry: undefined },
    ],
  ])('%s', async (_name, { before, files, forced }, want) => {
    const out = previous(before);
    const plan = await planRelease(out, files, { specFile: join(scratch, 'base.yaml'), ...(forced ? { forcedVersion: forced } : {}) });
    expect(plan.version).toBe(want.version);
    expect(plan.title).toBe(want.title);
    const changelog = plan.files.get('CHANGELOG.md');
    if (want.entry === undefined) expect(changelog).toBeUndefined();
    else {
      expect(changelog).toMatch(/^# Changelog of @t\/client\n\nWritten by slbkit/);
      const entry = `${changelog!.split(/^(?=## )/m)[1]!.trimEnd()}\n`;
      if (typeof want.entry === 'string') expect(entry).toBe(want.entry);
      else expect(entry).toMatch(want.entry);
    }
    // package.json is set only when the version differs from the one it was generated with.
    expect(plan.files.has('package.json')).toBe(want.version !== '0.1.0');
  });

  // Issue 9 item 4: a package.json with a "slbkit" key made any folder a previous output, so the
  // plan read a user's project (and the write then replaced it). Now only a manifest, or a legacy
  // output whose every file slbkit wrote, is one; anything else is refused before anything is read.
  it.each<[string, { files: Record<string, string>; want: RegExp }]>([
    [
      'a user project whose package.json has "slbkit", no manifest',
      {
        files: { 'package.json': manifest('0.3.0'), 'slbkit-api.json': v0, 'index.ts': 'export const mine = 1;\n' },
        want: /^\S+ is not empty and is not a previous slbkit output \(no \.slbkit-manifest\.json; a "slbkit" field in package\.json is not enough: index\.ts, slbkit-api\.json are not files slbkit wrote\); refusing to write into it\. Choose another --out or empty it\.$/,
      },
    ],
    [
      'only a package.json with "slbkit" (no "generated by slbkit" in it), no manifest',
      {
        files: { 'package.json': '{"name": "my-app", "version": "0.3.0", "slbkit": {"spec": "base.yaml"}}\n' },
        want: /^\S+ is not empty and is not a previous slbkit output \(no \.slbkit-manifest\.json; a "slbkit" field in package\.json is not enough: package\.json is not a file slbkit wrote\); refusing/,
      },
    ],
  ])('%s: refused, not read as a previous output', async (_name, { files, want }) => {
    const out = previous({ files, legacy: true });
    const rejection = planRelease(out, generated(v1), { specFile: 'base.yaml' });
    await expect(rejection).rejects.toBeInstanceOf(OutputError);
    await expect(rejection).rejects.toThrow(want);
  });

  // A previous output (its manifest says so) whose package.json is gone or has no version: planning
  // it as a first output would restart at 0.1.0 and drop the CHANGELOG's entries.
  it.each<[string, Record<string, string | null>]>([
    ['deleted', { 'package.json': null }],
    ['without a version', { 'package.json': '{"name": "@t/client", "slbkit": {}}\n' }],
    ['not JSON', { 'package.json': '{' }],
  ])(
    'a previous output whose package.json is %s since: refused naming it, not restarted at a first version',
    async (_name, editedSince) => {
      const out = previous({
        files: { 'package.json': manifest('2.3.0'), 'slbkit-api.json': v0, 'README.md': README, 'CHANGELOG.md': OLD_LOG },
        editedSince,
      });
      await expect(planRelease(out, generated(v0), { specFile: 'base.yaml' })).rejects.toThrow(
        new OutputError(
          `${join(out, 'package.json')}: the previous output's package.json is missing or has no "version" (changed since slbkit wrote it), so the next version is unknown; restore it from version control, or empty --out to start again at a first version`,
        ),
      );
    },
  );

  it('--release-notes at a folder that does not exist: an error naming the path, no stack', async () => {
    const plan = await planRelease(previous(undefined), generated(v0), { specFile: 'base.yaml' });
    const file = join(scratch, 'missing', 'notes.md');
    await expect(writeReleaseNotes(file, plan)).rejects.toThrow(
      new OutputError(`cannot write the release notes to ${file} (ENOENT); check the --release-notes path`),
    );
  });

  it('a version that is not semver and a change to bump: an error naming the file and the fix', async () => {
    const out = previous({ files: { 'package.json': manifest('banana'), 'slbkit-api.json': v0, 'README.md': README } });
    await expect(planRelease(out, generated(v1), { specFile: 'base.yaml' })).rejects.toThrow(
      new OutputError(
        `${join(out, 'package.json')}: version "banana" is not a semantic version, so it cannot be bumped; fix it or pass --package-version`,
      ),
    );
  });
});
