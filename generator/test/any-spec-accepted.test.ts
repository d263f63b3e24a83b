/**
 * Issue 19, item 2: what openapi-typescript reads, slbkit generates. Each row is a small spec
 * that main refused (or generated wrongly: callbacks untyped, a merge key read as a plain key),
 * read by the real loader and model builder, and where the answer is in generated code, the real
 * emitter (openapi-typescript for schema.ts, ajv for validators.js, the client printer). The wire
 * these specs produce is tested in any-spec-wire.test.ts; what stays refused, and why, at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionDeclarationStructure } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { clientStatements } from '../src/emit/client.js';
import { emitSchemaTypes } from '../src/emit/schema-types.js';
import { emitValidators } from '../src/emit/validators.js';
import { SpecError } from '../src/errors.js';
import { loadSpec } from '../src/load/openapi-document.js';
import type { ApiModel } from '../src/model/api-model.js';
import { buildApiModel } from '../src/model/build.js';

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-any-spec-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
async function model(yaml: string): Promise<ApiModel> {
  const file = join(scratch, `spec-${files++}.yaml`);
  writeFileSync(file, yaml);
  return buildApiModel(await loadSpec(file));
}

const HEAD = 'openapi: 3.1.0\ninfo: {title: T, version: "1"}\n';
const SERVER = 'servers: [{url: "https://api.example.com"}]\n';
const OK = '{"200": {description: ok, content: {application/json: {schema: {type: object}}}}}';
/** One GET operation at `path` with these parameters (YAML flow text). */
const get = (parameters: string, path = '/things') =>
  `${HEAD}${SERVER}paths:\n  "${path}": {get: {operationId: listThings, parameters: [${parameters}], responses: ${OK}}}\n`;

const createClientType = (m: ApiModel) =>
  (clientStatements(m).find((s) => (s as FunctionDeclarationStructure).name === 'createClient') as FunctionDeclarationStructure)
    .parameters?.[0]?.type;

const rows: [string, { yaml: string; want: (m: ApiModel) => unknown | Promise<unknown> }][] = [
  [
    'a relative server URL: kept as a path, the endpoint option required in the type',
    {
      yaml: `${HEAD}servers: [{url: /api/v1/}]\npaths:\n  /x: {get: {operationId: x, responses: ${OK}}}\n`,
      want: (m) => expect([m.defaultEndpoint, createClientType(m)]).toEqual(['/api/v1', 'ClientOptions & { endpoint: string }']),
    },
  ],
  [
    'no servers: no guessed endpoint, the option required',
    {
      yaml: `${HEAD}paths:\n  /x: {get: {operationId: x, responses: ${OK}}}\n`,
      want: (m) => expect([m.defaultEndpoint, createClientType(m)]).toEqual(['', 'ClientOptions & { endpoint: string }']),
    },
  ],
  [
    'a scheme-relative server URL (//host/api, from Swagger 2 conversions): https',
    {
      yaml: `${HEAD}servers: [{url: //www.example.org/api}]\npaths:\n  /x: {get: {operationId: x, responses: ${OK}}}\n`,
      want: (m) => expect([m.defaultEndpoint, createClientType(m)]).toEqual(['https://www.example.org/api', 'ClientOptions']),
    },
  ],
  ['an absolute server URL: the option stays optional', { yaml: get(''), want: (m) => expect(createClientType(m)).toBe('ClientOptions') }],
  [
    'a webhooks-only document (no paths): typed, no client methods',
    {
      yaml: `${HEAD}webhooks:\n  newPet:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}}\n      responses: {"200": {description: ok}}\n`,
      want: async (m) => {
        expect(m.operations).toEqual([]);
        expect(await emitSchemaTypes(m)).toMatch(/export interface webhooks \{\n\s+newPet: \{[\s\S]*name: string;/);
      },
    },
  ],
  [
    'callbacks: typed as webhooks named after their operation, no client method',
    {
      yaml: `${HEAD}${SERVER}paths:\n  /subs:\n    post:\n      operationId: subscribe\n      responses: ${OK}\n      callbacks:\n        onEvent:\n          "{$request.query.url}":\n            post:\n              requestBody: {content: {application/json: {schema: {type: object, properties: {eventId: {type: string}}}}}}\n              responses: {"200": {description: ok}}\n`,
      want: async (m) => {
        expect(m.operations.map((o) => o.methodName)).toEqual(['subscribe']);
        expect(await emitSchemaTypes(m)).toMatch(/["']subscribe onEvent \{\$request\.query\.url\}["']: \{[\s\S]*eventId\?: string;/);
      },
    },
  ],
  [
    'a header parameter named Accept (the client writes a default)',
    {
      yaml: get('{name: Accept, in: header, schema: {type: string}}'),
      want: (m) => expect(m.operations[0]!.inputs.map((p) => [p.name, p.in])).toEqual([['Accept', 'header']]),
    },
  ],
  [
    'Content-Type on an operation without a body, Authorization on an unsigned one, Date, User-Agent',
    {
      yaml: get(
        ['Content-Type', 'Authorization', 'Date', 'User-Agent'].map((n) => `{name: ${n}, in: header, schema: {type: string}}`).join(', '),
      ),
      want: (m) => expect(m.operations[0]!.inputs).toHaveLength(4),
    },
  ],
  [
    'AWS path keys: a fragment keeps two PUTs on one path apart and is not sent',
    {
      yaml: `${HEAD}${SERVER}paths:\n  /{B}/{K}: {put: {parameters: [{name: B, in: path, required: true, schema: {type: string}}, {name: K, in: path, required: true, schema: {type: string}}], responses: ${OK}}}\n  /{B}/{K}#x-amz-copy-source: {put: {parameters: [{name: B, in: path, required: true, schema: {type: string}}, {name: K, in: path, required: true, schema: {type: string}}], responses: ${OK}}}\n`,
      want: (m) =>
        expect(m.operations.map((o) => [o.methodName, o.path])).toEqual([
          ['putByBByK', '/{B}/{K}'],
          ['putByBByKXAmzCopySource', '/{B}/{K}'],
        ]),
    },
  ],
  [
    'an AWS query action at a path (/{Account}/{Queue}#Action=SendMessage): a plain operation, its Action a fixed query parameter',
    {
      yaml: `${HEAD}${SERVER}paths:\n  /{A}/{Q}#Action=SendMessage: {get: {operationId: SendMessage, parameters: [{name: A, in: path, required: true, schema: {type: string}}, {name: Q, in: path, required: true, schema: {type: string}}, {name: Action, in: query, required: true, schema: {type: string, enum: [SendMessage]}}], responses: ${OK}}}\n`,
      want: (m) =>
        expect([m.operations[0]!.style, m.operations[0]!.path, m.operations[0]!.fixed]).toEqual([
          'http',
          '/{A}/{Q}',
          [{ name: 'Action', in: 'query', value: 'SendMessage' }],
        ]),
    },
  ],
  [
    'a cookie parameter, an object query parameter in form style (explode true and false), an object path parameter',
    {
      yaml: `${HEAD}${SERVER}paths:\n  /t/{p}: {get: {operationId: x, parameters: [{name: sid, in: cookie, schema: {type: string}}, {name: f, in: query, schema: {type: object}}, {name: g, in: query, explode: false, schema: {type: object}}, {name: p, in: path, required: true, schema: {type: object}}], responses: ${OK}}}\n`,
      want: (m) =>
        expect(m.operations[0]!.inputs.map((p) => [p.name, p.in, p.wireEncoding])).toEqual([
          ['sid', 'cookie', 'plain'],
          ['f', 'query', 'formObject'],
          ['g', 'query', 'commaObject'],
          ['p', 'path', 'commaObject'],
        ]),
    },
  ],
  [
    "YAML merge keys (<<): merged, the mapping's own keys win, the first source wins",
    {
      yaml: `${HEAD}${SERVER}x-a: &a {description: from a, content: {application/json: {schema: {type: string}}}}\nx-b: &b {description: from b, headers: {X-B: {schema: {type: string}}}}\npaths:\n  /x: {get: {operationId: x, responses: {"200": {<<: [*a, *b], description: own}}}}\n`,
      want: (m) =>
        expect(m.operations[0]!.success).toMatchObject({
          status: 200,
          mediaTypes: ['application/json'],
          schemas: { 'application/json': { type: 'string' } },
        }),
    },
  ],
  [
    'patterns with identity escapes (\\:, \\-, \\@, \\/): read as the characters, compiled with the u flag',
    {
      yaml: get(String.raw`{name: q, in: query, schema: {type: string, pattern: '^[a-z0-9_\-\:]+\:\@x\/y$'}}`),
      want: (m) => expect(emitValidators(m).js).toContain(String.raw`new RegExp("^[a-z0-9_\\-:]+:@x\\/y$", "u")`),
    },
  ],
  [
    'schemas ajv strict mode refuses (an allOf member requiring a property its parent declares, a tuple, draft-04 id): compiled, warned about by pointer',
    {
      // The response uses all three: ajv compiles only the components a validator calls (validators.ts calledComponents).
      yaml: `${HEAD}${SERVER}paths:\n  /x: {get: {operationId: x, responses: {"200": {description: ok, content: {application/json: {schema: {properties: {t: {$ref: "#/components/schemas/T"}, tup: {$ref: "#/components/schemas/Tup"}, old: {$ref: "#/components/schemas/Old"}}}}}}}}}\ncomponents:\n  schemas:\n    T: {properties: {a: {type: string}}, allOf: [{required: [a]}]}\n    Tup: {type: array, prefixItems: [{type: string}, {type: integer}]}\n    Old: {id: "http://example.com/old", type: object}\n`,
      want: async (m) => {
        const warnings: string[] = [];
        const listen = (w: Error) => warnings.push(w.message);
        process.on('warning', listen);
        try {
          expect(emitValidators(m).response.js).toMatch(/export const validateXResponse/);
          await new Promise((resolve) => setTimeout(resolve, 10)); // emitWarning is delivered on a later tick
        } finally {
          process.off('warning', listen);
        }
        expect(warnings.join('\n')).toMatch(/#\/components\/schemas\/T: required property "a" is not defined at "#\/allOf\/0"/);
        expect(warnings.join('\n')).toMatch(/#\/components\/schemas\/Tup: "prefixItems" is 2-tuple/);
        expect(warnings.join('\n')).toMatch(/#\/components\/schemas\/Old: unknown keyword: "id"/);
      },
    },
  ],
];

describe('specs main refused, now generated', () => {
  it.each(rows)('%s', async (_name, { yaml, want }) => {
    await want(await model(yaml));
  });
});

/** What stays refused: the request could not be sent as the spec says. Each with its pointer and fix. */
const refused: [string, { yaml: string; want: string }][] = [
  ['neither paths nor webhooks', { yaml: `${HEAD}components: {}\n`, want: '#: the document has neither "paths" nor "webhooks"' }],
  // A Content-Type parameter beside a body is read now: a value given wins (refusals-wire.test.ts).
  [
    'Accept-Encoding (the transport asks for identity to count bytes)',
    {
      yaml: get('{name: Accept-Encoding, in: header, schema: {type: string}}'),
      want: '#/paths/~1things/get/parameters/0/name: header parameter "Accept-Encoding" is written by the client\'s transport or signer: the transport asks for identity',
    },
  ],
  [
    // A fixed query (`/x?uploads`, `/responses?beta=true`) is read now (refusals-accepted.test.ts); a template in it is not.
    'a template in the query of a path key',
    { yaml: get('', '/x?uploads={id}'), want: '#/paths/~1x?uploads={id}: path "/x?uploads={id}" has a query with a template in it' },
  ],
  [
    'a merge key naming a scalar',
    {
      yaml: `${HEAD}${SERVER}paths:\n  /x: {get: {operationId: x, responses: {"200": {"<<": 1}}}}\n`,
      want: '#/paths/~1x/get/responses/200/<<: a YAML merge key',
    },
  ],
  [
    'a catastrophic pattern written with identity escapes: still refused once read',
    {
      yaml: get(String.raw`{name: q, in: query, schema: {type: string, pattern: '^(\:+)+$'}}`),
      want: '#/paths/~1things/get/parameters/0/schema/pattern: the pattern "^(:+)+$" can backtrack catastrophically',
    },
  ],
];

describe('what stays refused, with its pointer', () => {
  it.each(refused)('%s', async (_name, { yaml, want }) => {
    const error = await model(yaml).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).describe()).toContain(want);
  });
});

describe('a YAML merge-key bomb stays bounded', () => {
  it('wide anchors merged many times: refused by the copy budget, not expanded', async () => {
    // 2,000 keys merged into 1,000 mappings: 2 million copies, over LIMITS.nodes (1 million).
    const wide = `{${Array.from({ length: 2000 }, (_, i) => `k${i}: ${i}`).join(', ')}}`;
    const uses = Array.from({ length: 1000 }, (_, i) => `  m${i}: {<<: *w}`).join('\n');
    const error = await model(`${HEAD}${SERVER}x-w: &w ${wide}\nx-many:\n${uses}\npaths: {}\n`).catch((e: unknown) => e);
    expect((error as SpecError).describe()).toMatch(/YAML merge keys copy more than 1,000,000 entries/);
  });
});
