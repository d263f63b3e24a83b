/**
 * model/contract-facts.ts through the model's one pass (buildApiModel, as loadModel runs it):
 * spec fragment -> what the contract kit reads of each operation. Each row wraps a fragment into
 * a minimal valid OpenAPI 3.1 document, runs the real load check, and compares the fields it names.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, SpecError } from '../src/api.js';
import { checkOpenApiDocument } from '../src/load/openapi-document.js';
import type { Json, JsonObject } from '../src/load/refs.js';
import type { OperationModel } from '../src/model/api-model.js';
import { buildApiModel } from '../src/model/build.js';

function operationOf(fragment: JsonObject): OperationModel {
  const document: unknown = { openapi: '3.1.0', info: { title: 'Test API', version: '1' }, ...fragment };
  checkOpenApiDocument(document);
  const doc = document as JsonObject;
  return buildApiModel({ file: 'x.yaml', document: doc }).operations[0]!;
}

const OK: JsonObject = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } };
const ACTION: JsonObject = { name: 'Action', in: 'query', required: true, schema: { type: 'string', enum: ['DescribeThings'] } };
const http = (method: string, op: JsonObject, extra: JsonObject = {}): JsonObject => ({
  paths: { '/things': { [method]: { operationId: 'op', responses: OK, ...op } } },
  ...extra,
});
const rpc = (action: string, op: JsonObject = {}): JsonObject => ({
  paths: { [`/?Action=${action}`]: { get: { operationId: action, responses: OK, ...op } } },
});
const schemes: JsonObject = {
  components: {
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'Bearer' },
      basicAuth: { type: 'http', scheme: 'basic' },
      keyAuth: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://x.invalid/token', scopes: {} } } },
    },
  },
};

describe('readOnly: what a real-target run may call as documented', () => {
  it.each([
    ['GET is a safe method (RFC 9110 section 9.2.1)', { given: http('get', {}), want: true }],
    ['HEAD too', { given: http('head', {}), want: true }],
    ['POST is not', { given: http('post', {}), want: false }],
    ['DELETE is not', { given: http('delete', {}), want: false }],
    ['x-slbkit-read-only: false overrides GET', { given: http('get', { 'x-slbkit-read-only': false }), want: false }],
    ['x-slbkit-read-only: true overrides POST', { given: http('post', { 'x-slbkit-read-only': true }), want: true }],
    ['an RPC action named Describe*', { given: rpc('DescribeThings'), want: true }],
    ['an RPC action named List*', { given: rpc('ListTagResources'), want: true }],
    ['an RPC action by GET that changes things', { given: rpc('RemoveThings'), want: false }],
    ['"Getaway" is not Get* (the next letter is not upper case)', { given: rpc('Getaway'), want: false }],
  ] as [string, { given: JsonObject; want: boolean }][])('%s', (_name, { given, want }) => {
    expect(operationOf(given).readOnly).toBe(want);
  });

  it('refuses an x-slbkit-read-only that is not a boolean, at its pointer', () => {
    const error = (() => {
      try {
        operationOf(http('get', { 'x-slbkit-read-only': 'yes' }));
      } catch (e) {
        return e;
      }
    })() as SpecError;
    expect(error).toBeInstanceOf(SpecError);
    expect(error.describe()).toBe('#/paths/~1things/get/x-slbkit-read-only: x-slbkit-read-only must be true or false');
  });
});

describe('security: the alternatives the spec asks for', () => {
  it.each([
    ['none', { given: http('get', {}), want: [] }],
    [
      'the document-level requirement',
      {
        given: http('get', {}, { ...schemes, security: [{ basicAuth: [] }] }),
        want: [[{ name: 'basicAuth', type: 'http', scheme: 'basic' }]],
      },
    ],
    [
      'the operation overrides it; the scheme name is lower-cased',
      {
        given: http('get', { security: [{ bearerAuth: [] }] }, { ...schemes, security: [{ basicAuth: [] }] }),
        want: [[{ name: 'bearerAuth', type: 'http', scheme: 'bearer' }]],
      },
    ],
    ['an empty list: no security', { given: http('get', { security: [] }, { ...schemes, security: [{ basicAuth: [] }] }), want: [] }],
    [
      'two alternatives, one of two schemes together',
      {
        given: http('get', { security: [{ keyAuth: [], oauth: ['read'] }, {}] }, schemes),
        want: [
          [
            { name: 'keyAuth', type: 'apiKey', in: 'header', parameterName: 'X-Api-Key' },
            { name: 'oauth', type: 'oauth2' },
          ],
          [],
        ],
      },
    ],
  ] as [string, { given: JsonObject; want: unknown }][])('%s', (_name, { given, want }) => {
    expect(operationOf(given).security).toEqual(want);
  });

  it('refuses a scheme that is not defined, naming it', () => {
    expect(() => operationOf(http('get', { security: [{ nope: [] }] }))).toThrow(/security scheme "nope" is not defined/);
  });
});

describe('examples, wire parameters, response schemas', () => {
  const doc: JsonObject = {
    paths: {
      '/': {
        parameters: [ACTION, { name: 'AccessKeyId', in: 'query', schema: { type: 'string' } }],
        get: {
          operationId: 'DescribeThings',
          parameters: [
            {
              name: 'Ids',
              in: 'query',
              required: true,
              content: {
                'application/json': { schema: { type: 'array', items: { type: 'string' } }, examples: { two: { value: ['a', 'b'] } } },
              },
            },
            { name: 'Page', in: 'query', schema: { type: 'integer' }, example: 2 },
            { name: 'Size', in: 'query', schema: { type: 'integer' }, examples: { small: { $ref: '#/components/examples/small' } } },
          ],
          'x-slbkit-request-examples': { page: { value: '/?Action=DescribeThings&Ids=["a"]' } },
          responses: {
            ...OK,
            '400': { description: 'bad', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
            default: { description: 'other' },
          },
        },
      },
    },
    components: { examples: { small: { value: 10 } }, schemas: { Problem: { type: 'object' } } },
  };
  const op = operationOf(doc);

  it('every parameter as it travels, fixed and signer-owned ones too, with its named examples', () => {
    expect(op.wireParameters.map((p) => [p.name, p.wireEncoding, p.examples.map((e) => [e.name, e.value])])).toEqual([
      ['Action', 'plain', []],
      ['AccessKeyId', 'plain', []],
      ['Ids', 'json', [['two', ['a', 'b']]]],
      ['Page', 'plain', [['example', 2]]],
      ['Size', 'plain', [['small', 10]]],
    ]);
    // The client's inputs are still only what a caller passes.
    expect(op.inputs.map((p) => p.name)).toEqual(['Ids', 'Page', 'Size']);
  });

  it("each response's body schema by media type ($ref kept), and none for a response without content", () => {
    expect([op.success, ...op.errors].map((r) => [r.status, r.schemas])).toEqual([
      [200, { 'application/json': { type: 'object' } }],
      [400, { 'application/problem+json': { $ref: '#/components/schemas/Problem' } }],
      [0, {}],
    ]);
  });

  it('the verbatim request texts', () => {
    expect(op.requestTexts).toEqual([{ name: 'page', mediaType: 'text/plain', value: '/?Action=DescribeThings&Ids=["a"]' }]);
  });

  it('request body examples', () => {
    const withBody = operationOf(
      http('post', {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object' }, examples: { one: { value: { a: 1 } } } } },
        },
      }),
    );
    expect(withBody.bodyExamples).toEqual([{ name: 'one', mediaType: 'application/json', value: { a: 1 } }]);
  });
});

describe('loadModel (generator/src/api.ts)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'slbkit-api-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads a spec file into the model with the contract facts', async () => {
    const file = join(scratch, 'ok.yaml');
    writeFileSync(file, JSON.stringify({ openapi: '3.1.0', info: { title: 'T', version: '1' }, ...http('get', {}) } as Json));
    const model = await loadModel(file);
    expect(model.operations.map((o) => [o.operationId, o.readOnly])).toEqual([['op', true]]);
  });

  // One pass (build.ts computes the facts while it builds the operation): every operation has
  // them, including those the old second walk could not match back to a model by operationId.
  it.each([
    [
      'an operation without an operationId (named from method and path) has its wire parameters',
      {
        paths: {
          '/things': { get: { responses: OK, parameters: [{ name: 'q', in: 'query', schema: { type: 'string' }, example: 'x' }] } },
        },
      },
      (op: OperationModel) => [op.methodName, op.readOnly, op.wireParameters.map((p) => [p.name, p.examples.map((e) => e.value)])],
      ['getThings', true, [['q', ['x']]]],
    ],
    [
      'an input carries its named examples too (inputs and wire parameters are one parameter model)',
      http('get', { parameters: [{ name: 'q', in: 'query', schema: { type: 'string' }, examples: { one: { value: 'a' } } }] }),
      (op: OperationModel) => op.inputs.map((p) => [p.name, p.examples]),
      [['q', [{ name: 'one', mediaType: 'parameters', value: 'a' }]]],
    ],
  ] as [string, JsonObject, (op: OperationModel) => unknown, unknown][])('%s', async (name, fragment, read, want) => {
    const file = join(scratch, `${name.length}.yaml`);
    writeFileSync(file, JSON.stringify({ openapi: '3.1.0', info: { title: 'T', version: '1' }, ...fragment } as Json));
    expect(read((await loadModel(file)).operations[0]!)).toEqual(want);
  });

  it('a broken spec is a SpecError with the file, never a raw stack', async () => {
    const file = join(scratch, 'broken.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo: [');
    await expect(loadModel(file)).rejects.toBeInstanceOf(SpecError);
  });
});
