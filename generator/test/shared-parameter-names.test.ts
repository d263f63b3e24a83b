/**
 * Two parameters of one operation with one name in two locations (valid OpenAPI: a parameter is
 * unique by name and location). Corpus rows: apisguru-kubernetes (`path` in path and in query),
 * apisguru-mercure (`Last-Event-ID` in query and in header), apisguru-trello (`token` in path and
 * in query). The client's input has one field per name, so one value goes to both places, where
 * openapi-typescript types them apart; main did so without a word. Now a SLBKIT_SPEC warning names
 * both locations at the second parameter's pointer, with the fix; other shapes stay silent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/api.js';
import { type EmittedValidator, importValidators, withSpecWarnings } from './load-helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-shared-names-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
/** The SLBKIT_SPEC warnings loading `yaml` gives, in order. */
async function warningsOf(yaml: string): Promise<string[]> {
  const file = join(scratch, `spec-${files++}.yaml`);
  writeFileSync(file, yaml);
  return (await withSpecWarnings(() => loadModel(file))).warnings;
}

const HEAD = 'openapi: 3.1.0\ninfo: {title: T, version: "1"}\nservers: [{url: "https://api.example.com"}]\n';
const OK = '{"200": {description: ok}}';
const param = (name: string, where: string, required = where === 'path') =>
  `{name: ${name}, in: ${where}, required: ${required}, schema: {type: string}}`;

const rows: [string, { yaml: string; want: string[] }][] = [
  [
    "one name in path and in query (trello's token, kubernetes' path): one warning at the second",
    {
      yaml: `${HEAD}paths:\n  /tokens/{token}: {delete: {operationId: del, parameters: [${param('token', 'path')}, ${param('token', 'query', true)}], responses: ${OK}}}\n`,
      want: [
        '#/paths/~1tokens~1{token}/delete/parameters/1: parameters named "token" in path and in query: the client\'s input has one "token" field, whose value is sent to each (rename one of them in the spec if they carry different values)',
      ],
    },
  ],
  [
    "one name in query and in header, one on the path item (mercure's Last-Event-ID)",
    {
      yaml: `${HEAD}paths:\n  /events:\n    parameters: [${param('Last-Event-ID', 'query')}]\n    get: {operationId: events, parameters: [${param('Last-Event-ID', 'header')}], responses: ${OK}}\n`,
      want: [
        '#/paths/~1events/get/parameters/0: parameters named "Last-Event-ID" in query and in header: the client\'s input has one "Last-Event-ID" field, whose value is sent to each (rename one of them in the spec if they carry different values)',
      ],
    },
  ],
  [
    "an operation's parameter overriding the path item's (same name, same location): no warning",
    {
      yaml: `${HEAD}paths:\n  /x:\n    parameters: [${param('q', 'query')}]\n    get: {operationId: x, parameters: [${param('q', 'query', true)}], responses: ${OK}}\n`,
      want: [],
    },
  ],
  [
    'distinct names in each location: no warning',
    {
      yaml: `${HEAD}paths:\n  /x/{id}: {get: {operationId: x, parameters: [${param('id', 'path')}, ${param('q', 'query')}, ${param('X-Q', 'header')}], responses: ${OK}}}\n`,
      want: [],
    },
  ],
];

describe('parameters sharing a name across locations are said, once per name', () => {
  it.each(rows)('%s', async (_name, { yaml, want }) => {
    expect(await warningsOf(yaml)).toEqual(want);
  });
});

describe("the input validator of one name in two locations (trello's token)", () => {
  // One input field goes to both places, so its value must satisfy both schemas, and it is
  // required once. On the previous landing `required` named it twice and ajv refused the whole
  // spec ("must NOT have duplicate items"): apisguru-trello did not generate.
  let compiled: Promise<EmittedValidator> | undefined;
  const validator = () => (compiled ??= compile());
  async function compile(): Promise<EmittedValidator> {
    const file = join(scratch, 'trello-token.yaml');
    const inPath = '{name: token, in: path, required: true, schema: {type: string, minLength: 3}}';
    const inQuery = '{name: token, in: query, required: true, schema: {type: string, pattern: "^[a-z]+$"}}';
    writeFileSync(
      file,
      `${HEAD}paths:\n  /tokens/{token}: {delete: {operationId: del, parameters: [${inPath}, ${inQuery}], responses: ${OK}}}\n`,
    );
    return (await importValidators(await loadModel(file), join(scratch, 'trello-package'))).validateDelInput!;
  }
  it.each([
    ['a value both schemas accept', { token: 'abcd' }, ''],
    ['too short for the path parameter', { token: 'ab' }, '/token minLength'],
    ["not the query parameter's pattern", { token: 'ABCD' }, '/token pattern'],
    ['left out: required, named once', {}, ' required'],
  ])('%s', async (_why, input, want) => {
    const validate = await validator();
    const ok = validate(input);
    const got = ok ? '' : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`).join('; ');
    expect(got).toBe(want);
  });
});
