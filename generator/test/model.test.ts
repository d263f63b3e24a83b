// Over 400 lines: one table per model builder (parameters, bodies, responses, servers, security, names): the rows are the spec of model/, kept together so a reader sees every case of one builder in one place.
/**
 * model/: spec fragment -> model. Each row wraps a fragment into a minimal valid OpenAPI 3.1
 * document, runs the real load check and `buildApiModel`, and compares the model parts it names
 * exactly.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { checkOpenApiDocument } from '../src/load/openapi-document.js';
import type { Json, JsonObject } from '../src/load/refs.js';
import type { ApiModel, OperationModel } from '../src/model/api-model.js';
import { buildApiModel } from '../src/model/build.js';
import { lowerCamel, upperCamel } from '../src/model/names.js';
import { typesDocument } from '../src/model/types-document.js';
import { type XmlShapeModel, xmlShape } from '../src/model/xml-shape.js';

const API_VERSION = '2020-01-01';

/** A fragment (`paths`, and `components`/`servers` when needed) as a whole valid document. */
function documentOf(fragment: JsonObject): JsonObject {
  const document: unknown = { openapi: '3.1.0', info: { title: 'Test API', version: API_VERSION }, ...fragment };
  checkOpenApiDocument(document);
  return document;
}

function modelOf(fragment: JsonObject): ApiModel {
  return buildApiModel({ file: 'specs/x.yaml', document: documentOf(fragment) });
}

/** The named fields of `object`, absent ones as undefined, so `toEqual` compares just those. */
function pick<T extends object>(object: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]]));
}

// Fragment builders: a row reads as the parameters and responses it is about.
const OK: JsonObject = { '200': { description: 'ok' } };
const str: JsonObject = { type: 'string' };
const one = (value: string): JsonObject => ({ type: 'string', enum: [value] });
const query = (name: string, schema: Json = str, extra: JsonObject = {}): JsonObject => ({ name, in: 'query', schema, ...extra });
const required = (name: string, schema: Json = str, extra: JsonObject = {}): JsonObject =>
  query(name, schema, { required: true, ...extra });
const ACTION = required('Action', one('DoThing'));
/** `/` with GET (and optionally POST), parameters at the path item as in the bundled spec. */
const rpc = (parameters: Json[], methods: JsonObject = { get: { operationId: 'DoThing', responses: OK } }): JsonObject => ({
  paths: { '/': { parameters, ...methods } },
});

// ------------------------------------------------------------------ operations

describe('buildApiModel: the first operation', () => {
  const rows: [string, { given: JsonObject; want: Partial<OperationModel> }][] = [
    [
      'RPC: path "/" and a required Action with an enum of one value',
      {
        given: rpc([ACTION]),
        want: {
          style: 'rpc',
          action: 'DoThing',
          version: API_VERSION,
          methodName: 'doThing',
          typeName: 'DoThing',
          fixed: [{ name: 'Action', in: 'query', value: 'DoThing' }],
          inputs: [],
        },
      },
    ],
    ['RPC: Action given by const', { given: rpc([required('Action', { const: 'DoThing' })]), want: { style: 'rpc', action: 'DoThing' } }],
    [
      'RPC: a fixed Version overrides info.version',
      {
        given: rpc([ACTION, required('Version', one('2014-05-15'))]),
        want: {
          version: '2014-05-15',
          fixed: [
            { name: 'Action', in: 'query', value: 'DoThing' },
            { name: 'Version', in: 'query', value: '2014-05-15' },
          ],
        },
      },
    ],
    [
      'not RPC: Action optional (so not fixed, and an input)',
      {
        given: rpc([query('Action', one('DoThing'))]),
        want: {
          style: 'http',
          action: undefined,
          version: undefined,
          fixed: [],
          inputs: [{ name: 'Action', in: 'query', required: false, wireEncoding: 'plain', examples: [], schema: one('DoThing') }],
        },
      },
    ],
    [
      'not RPC: Action with two values',
      { given: rpc([required('Action', { type: 'string', enum: ['A', 'B'] })]), want: { style: 'http', action: undefined } },
    ],
    [
      'not RPC: Action in a header',
      {
        given: rpc([{ ...ACTION, in: 'header' }]),
        want: { style: 'http', action: undefined, fixed: [{ name: 'Action', in: 'header', value: 'DoThing' }] },
      },
    ],
    [
      'not RPC: a path other than "/"',
      {
        given: { paths: { '/rpc': { parameters: [ACTION], get: { operationId: 'DoThing', responses: OK } } } },
        want: { style: 'http', action: undefined },
      },
    ],
    [
      'RPC: GET and POST of one Action are one operation',
      {
        given: rpc([ACTION], { get: { operationId: 'DoThing', responses: OK }, post: { operationId: 'DoThingByPost', responses: OK } }),
        want: {
          operationId: 'DoThing',
          sourceOperationIds: ['DoThing', 'DoThingByPost'],
          httpMethods: ['GET', 'POST'],
          methodName: 'doThing',
        },
      },
    ],
    [
      'RPC: POST listed first is the default method',
      {
        given: rpc([ACTION], { post: { operationId: 'DoThing', responses: OK }, get: { operationId: 'DoThingByGet', responses: OK } }),
        want: { httpMethods: ['POST', 'GET'], operationId: 'DoThing', sourceOperationIds: ['DoThing', 'DoThingByGet'] },
      },
    ],
    [
      'RPC: signer-owned common parameters are not inputs, nor fixed',
      {
        given: rpc([
          ACTION,
          query('Format', { type: 'string', enum: ['JSON', 'XML'] }),
          required('AccessKeyId'),
          required('Signature'),
          required('SignatureMethod', one('HMAC-SHA1')),
          required('SignatureVersion', one('1.0')),
          required('SignatureNonce'),
          required('Timestamp'),
          query('SecurityToken'),
          required('LoadBalancerId'),
        ]),
        want: {
          signerOwned: [
            'Format',
            'AccessKeyId',
            'Signature',
            'SignatureMethod',
            'SignatureVersion',
            'SignatureNonce',
            'Timestamp',
            'SecurityToken',
          ],
          fixed: [{ name: 'Action', in: 'query', value: 'DoThing' }],
          inputs: [{ name: 'LoadBalancerId', in: 'query', required: true, wireEncoding: 'plain', examples: [], schema: str }],
        },
      },
    ],
    [
      'not RPC: the same names are ordinary inputs',
      {
        given: { paths: { '/x': { get: { operationId: 'x', parameters: [query('Signature')], responses: OK } } } },
        want: {
          signerOwned: [],
          inputs: [{ name: 'Signature', in: 'query', required: false, wireEncoding: 'plain', examples: [], schema: str }],
        },
      },
    ],
    [
      'RPC: RegionId defaults to the client option',
      {
        given: rpc([ACTION, required('RegionId', str, { description: '  The region.\n' })]),
        want: {
          inputs: [
            {
              name: 'RegionId',
              in: 'query',
              required: true,
              wireEncoding: 'plain',
              examples: [],
              schema: str,
              description: 'The region.',
              clientDefault: 'regionId',
            },
          ],
        },
      },
    ],
    [
      'not RPC: RegionId is just a parameter',
      {
        given: { paths: { '/x': { get: { operationId: 'x', parameters: [required('RegionId')], responses: OK } } } },
        want: { inputs: [{ name: 'RegionId', in: 'query', required: true, wireEncoding: 'plain', examples: [], schema: str }] },
      },
    ],
    [
      'a content parameter is JSON on the wire, typed by its media schema ($ref kept)',
      {
        given: {
          ...rpc([
            ACTION,
            {
              name: 'Servers',
              in: 'query',
              required: true,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Servers' } } },
            },
          ]),
          components: { schemas: { Servers: { type: 'array', items: str } } },
        },
        want: {
          inputs: [
            {
              name: 'Servers',
              in: 'query',
              required: true,
              wireEncoding: 'json',
              examples: [],
              schema: { $ref: '#/components/schemas/Servers' },
            },
          ],
        },
      },
    ],
    [
      'a parameter reached through components/parameters',
      {
        given: {
          ...rpc([{ $ref: '#/components/parameters/Action' }, { $ref: '#/components/parameters/Id' }]),
          components: { parameters: { Action: ACTION, Id: required('Id') } },
        },
        want: {
          action: 'DoThing',
          inputs: [{ name: 'Id', in: 'query', required: true, wireEncoding: 'plain', examples: [], schema: str }],
        },
      },
    ],
    [
      "an operation parameter overrides the path item's one of the same name and in, in place",
      {
        given: {
          paths: {
            '/x': {
              parameters: [query('a', str, { description: 'path level' }), query('b')],
              get: {
                operationId: 'x',
                parameters: [required('a', { type: 'integer' }, { description: 'operation level' }), { ...query('a'), in: 'header' }],
                responses: OK,
              },
            },
          },
        },
        want: {
          inputs: [
            {
              name: 'a',
              in: 'query',
              required: true,
              wireEncoding: 'plain',
              examples: [],
              schema: { type: 'integer' },
              description: 'operation level',
            },
            { name: 'b', in: 'query', required: false, wireEncoding: 'plain', examples: [], schema: str },
            { name: 'a', in: 'header', required: false, wireEncoding: 'plain', examples: [], schema: str },
          ],
        },
      },
    ],
    [
      // A JSON object lists integer-like keys first, ascending, whatever the YAML order.
      'success is the lowest 2xx; errors are 4xx, 5xx (ascending) then default; 3xx is neither',
      {
        given: {
          paths: {
            '/x': {
              get: {
                operationId: 'x',
                responses: {
                  default: { description: 'd' },
                  '204': { description: 'a' },
                  '201': { description: 'b' },
                  '302': { description: 'c' },
                  '404': { description: 'e' },
                },
              },
            },
          },
        },
        want: {
          success: { status: 201, code: '201', mediaTypes: [], examples: [], schemas: {} },
          errors: [
            { status: 404, code: '404', mediaTypes: [], examples: [], schemas: {} },
            { status: 0, code: 'default', mediaTypes: [], examples: [], schemas: {} },
          ],
        },
      },
    ],
    [
      'examples: `example`, named `examples`, and `$ref`ed ones, per media type',
      {
        given: {
          paths: {
            '/x': {
              get: {
                operationId: 'x',
                responses: {
                  '200': {
                    description: 'ok',
                    content: {
                      'application/json': {
                        schema: str,
                        example: 'inline',
                        examples: {
                          named: { value: 'n' },
                          shared: { $ref: '#/components/examples/Shared' },
                          noValue: { externalValue: 'https://e/x' },
                        },
                      },
                      'application/xml': { examples: { xml: { value: '<a/>' } } },
                    },
                  },
                  '400': { $ref: '#/components/responses/Bad' },
                },
              },
            },
          },
          components: {
            examples: { Shared: { value: { shared: true } } },
            responses: { Bad: { description: 'bad', content: { 'application/json': { examples: { bad: { value: { Code: 'X' } } } } } } },
          },
        },
        want: {
          success: {
            status: 200,
            code: '200',
            mediaTypes: ['application/json', 'application/xml'],
            examples: [
              { name: 'example', mediaType: 'application/json', value: 'inline' },
              { name: 'named', mediaType: 'application/json', value: 'n' },
              { name: 'shared', mediaType: 'application/json', value: { shared: true } },
              { name: 'xml', mediaType: 'application/xml', value: '<a/>' },
            ],
            schemas: { 'application/json': str },
          },
          errors: [
            {
              status: 400,
              code: '400',
              mediaTypes: ['application/json'],
              examples: [{ name: 'bad', mediaType: 'application/json', value: { Code: 'X' } }],
              schemas: {},
            },
          ],
          successSchema: str,
        },
      },
    ],
    [
      'the success body schema and its XML shape',
      {
        given: {
          paths: {
            '/x': {
              get: {
                operationId: 'getX',
                responses: {
                  '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/R' } } } },
                },
              },
            },
          },
          components: { schemas: { R: { type: 'object', properties: { N: { type: 'integer' } } } } },
        },
        want: {
          successSchema: { $ref: '#/components/schemas/R' },
          xmlShape: { root: 'getXResponse', arrays: [], numbers: ['N'], booleans: [], objects: [] },
        },
      },
    ],
    [
      'no JSON success body: no schema, no XML shape',
      { given: { paths: { '/x': { get: { operationId: 'x', responses: OK } } } }, want: { successSchema: undefined, xmlShape: undefined } },
    ],
    [
      'http style: path parameters (always required), headers, a JSON body',
      {
        given: {
          paths: {
            '/things/{id}': {
              put: {
                operationId: 'put_thing',
                summary: 'Put a thing',
                description: '  Replaces it.\n',
                parameters: [
                  { name: 'id', in: 'path', schema: { type: 'integer' } },
                  { name: 'X-Trace', in: 'header', schema: str },
                ],
                requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
                responses: OK,
              },
            },
          },
          components: { schemas: { Thing: { type: 'object' } } },
        },
        want: {
          operationId: 'put_thing',
          methodName: 'putThing',
          typeName: 'PutThing',
          style: 'http',
          httpMethods: ['PUT'],
          path: '/things/{id}',
          summary: 'Put a thing',
          description: 'Replaces it.',
          inputs: [
            { name: 'id', in: 'path', required: true, wireEncoding: 'plain', examples: [], schema: { type: 'integer' } },
            { name: 'X-Trace', in: 'header', required: false, wireEncoding: 'plain', examples: [], schema: str },
          ],
          requestBody: {
            required: true,
            schema: { $ref: '#/components/schemas/Thing' },
            media: [{ mediaType: 'application/json', kind: 'json', schema: { $ref: '#/components/schemas/Thing' } }],
          },
        },
      },
    ],
    [
      'a +json request body, optional, through components/requestBodies',
      {
        given: {
          paths: { '/x': { post: { operationId: 'x', requestBody: { $ref: '#/components/requestBodies/B' }, responses: OK } } },
          components: { requestBodies: { B: { content: { 'application/merge-patch+json': { schema: { type: 'object' } } } } } },
        },
        want: {
          requestBody: {
            required: false,
            schema: { type: 'object' },
            media: [{ mediaType: 'application/merge-patch+json', kind: 'json', schema: { type: 'object' } }],
          },
        },
      },
    ],
    // The wire-encoding table (generator/runtime/wire.ts), decided from schema, style, explode, content.
    ...(
      [
        ['RPC: an array of scalars, explode by default (form)', { type: 'array', items: str }, {}, true, 'repeatList'],
        ['RPC: an array of objects (tags)', { type: 'array', items: { type: 'object', properties: { Key: str } } }, {}, true, 'repeatList'],
        ['RPC: an array with explode false', { type: 'array', items: str }, { explode: false }, true, 'commaList'],
        ['RPC: an object', { type: 'object', properties: { A: str } }, {}, true, 'flatObject'],
        ['RPC: an integer', { type: 'integer' }, {}, true, 'plain'],
        ['RPC: a boolean', { type: 'boolean' }, {}, true, 'plain'],
        [
          'RPC: content application/json stays JSON',
          undefined,
          { content: { 'application/json': { schema: { type: 'array', items: str } } } },
          true,
          'json',
        ],
        ['http: an array, explode by default', { type: 'array', items: str }, {}, false, 'formExplode'],
        ['http: an array with explode false', { type: 'array', items: str }, { explode: false }, false, 'commaList'],
        ['http: an object with style deepObject', { type: 'object', properties: { A: str } }, { style: 'deepObject' }, false, 'deepObject'],
        ['http: a $ref to an array', { $ref: '#/components/schemas/L' }, {}, false, 'formExplode'],
      ] as const
    ).map(([name, schema, extra, isRpc, wireEncoding]): [string, { given: JsonObject; want: Partial<OperationModel> }] => {
      const parameter = { name: 'P', in: 'query', ...(schema ? { schema } : {}), ...extra } as JsonObject;
      const given = isRpc
        ? rpc([ACTION, parameter])
        : { paths: { '/x': { get: { operationId: 'x', parameters: [parameter], responses: OK } } } };
      return [
        `wire encoding, ${name}: ${wireEncoding}`,
        {
          given: { ...given, components: { schemas: { L: { type: 'array', items: str } } } },
          want: { inputs: [expect.objectContaining({ name: 'P', wireEncoding })] },
        },
      ];
    }),
    [
      'idempotency: a ClientToken parameter is the token',
      {
        given: rpc([ACTION, query('ClientToken')]),
        want: {
          idempotency: { kind: 'token', parameter: 'ClientToken' },
          inputs: [
            { name: 'ClientToken', in: 'query', required: false, wireEncoding: 'plain', examples: [], schema: str, idempotencyToken: true },
          ],
        },
      },
    ],
    [
      'idempotency: x-slbkit-idempotency-token names another parameter',
      {
        given: rpc([ACTION, query('Token', str, { 'x-slbkit-idempotency-token': true })]),
        want: { idempotency: { kind: 'token', parameter: 'Token' } },
      },
    ],
    [
      'idempotency: x-slbkit-idempotent on the operation',
      {
        given: rpc([ACTION], { get: { operationId: 'DoThing', 'x-slbkit-idempotent': true, responses: OK } }),
        want: { idempotency: { kind: 'safe' } },
      },
    ],
    [
      // Alibaba's metadata marks Describe* actions read-only; sent by POST they would not be retried.
      'idempotency: x-slbkit-read-only: true is safe to repeat',
      {
        given: rpc([ACTION], { get: { operationId: 'DescribeThings', 'x-slbkit-read-only': true, responses: OK } }),
        want: { idempotency: { kind: 'safe' } },
      },
    ],
    [
      // The Describe* name is a guess for the contract suite's safety, not enough to repeat a call.
      'idempotency: a Describe* name without the marker, sent once',
      { given: rpc([ACTION], { get: { operationId: 'DescribeThings', responses: OK } }), want: { idempotency: undefined } },
    ],
    ['idempotency: neither, sent once', { given: rpc([ACTION]), want: { idempotency: undefined } }],
    [
      'a path item reached by $ref',
      {
        given: {
          paths: { '/x': { $ref: '#/components/pathItems/X' } },
          components: { pathItems: { X: { get: { operationId: 'getX', responses: OK } } } },
        },
        want: { operationId: 'getX', path: '/x' },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const operation = modelOf(given).operations[0]!;
    expect(pick(operation, Object.keys(want))).toEqual(want);
  });
});

describe('buildApiModel: the whole model', () => {
  const rows: [string, { given: JsonObject; want: Partial<ApiModel> }][] = [
    [
      'an RPC action, exactly',
      {
        given: {
          servers: [{ url: 'https://slb.example.com/' }, { url: 'https://other' }],
          ...rpc([ACTION, required('Version', one('2014-05-15')), required('AccessKeyId'), required('Id')], {
            get: { operationId: 'DoThing', summary: 'Do it', responses: { '200': { description: 'ok' }, '500': { description: 'no' } } },
            post: { operationId: 'DoThingByPost', responses: OK },
          }),
        },
        want: {
          title: 'Test API',
          apiVersion: API_VERSION,
          specName: 'x.yaml',
          defaultEndpoint: 'https://slb.example.com',
          componentSchemas: {},
          operations: [
            {
              operationId: 'DoThing',
              sourceOperationIds: ['DoThing', 'DoThingByPost'],
              methodName: 'doThing',
              typeName: 'DoThing',
              specPath: '/',
              style: 'rpc',
              action: 'DoThing',
              version: '2014-05-15',
              httpMethods: ['GET', 'POST'],
              path: '/',
              summary: 'Do it',
              inputs: [{ name: 'Id', in: 'query', required: true, wireEncoding: 'plain', examples: [], schema: str }],
              fixed: [
                { name: 'Action', in: 'query', value: 'DoThing' },
                { name: 'Version', in: 'query', value: '2014-05-15' },
              ],
              signerOwned: ['AccessKeyId'],
              success: { status: 200, code: '200', mediaTypes: [], examples: [], schemas: {} },
              errors: [{ status: 500, code: '500', mediaTypes: [], examples: [], schemas: {} }],
              // The contract facts, from the same pass: every parameter as it travels, signer-owned included.
              wireParameters: [
                { name: 'Action', in: 'query', required: true, wireEncoding: 'plain', schema: one('DoThing'), examples: [] },
                { name: 'Version', in: 'query', required: true, wireEncoding: 'plain', schema: one('2014-05-15'), examples: [] },
                { name: 'AccessKeyId', in: 'query', required: true, wireEncoding: 'plain', schema: str, examples: [] },
                { name: 'Id', in: 'query', required: true, wireEncoding: 'plain', schema: str, examples: [] },
              ],
              bodyExamples: [],
              security: [],
              readOnly: false,
              requestTexts: [],
            },
          ],
        },
      },
    ],
    [
      'path key /?Action=Name, and / with a fixed Action: one RPC action each, to "/", named after the action, GET and POST one method',
      {
        given: {
          paths: {
            '/?Action=DescribeThings': {
              get: {
                operationId: 'DescribeThings',
                parameters: [required('RegionId'), required('Version', str), query('AccessKeyId')],
                responses: OK,
              },
              post: { operationId: 'DescribeThingsByPost', parameters: [required('RegionId')], responses: OK },
            },
            '/': { post: { operationId: 'createThingOp', parameters: [required('Action', one('CreateThing'))], responses: OK } },
            '/?Action=CreateThing': { get: { operationId: 'createThingGet', responses: OK } },
          },
        },
        want: {
          operations: [
            expect.objectContaining({
              action: 'DescribeThings',
              style: 'rpc',
              path: '/',
              methodName: 'describeThings',
              httpMethods: ['GET', 'POST'],
              sourceOperationIds: ['DescribeThings', 'DescribeThingsByPost'],
              version: API_VERSION,
              fixed: [{ name: 'Action', in: 'query', value: 'DescribeThings' }],
              signerOwned: ['AccessKeyId'],
              inputs: [expect.objectContaining({ name: 'RegionId', clientDefault: 'regionId' })],
            }),
            expect.objectContaining({
              action: 'CreateThing',
              methodName: 'createThing',
              typeName: 'CreateThing',
              operationId: 'createThingOp',
              httpMethods: ['POST', 'GET'],
              path: '/',
            }),
          ],
        },
      },
    ],
    [
      // No localhost guess: the client needs the endpoint option (runtime/endpoint.ts).
      'no servers: no default endpoint',
      { given: { paths: { '/x': { get: { operationId: 'x', responses: OK } } } }, want: { defaultEndpoint: '' } },
    ],
    [
      'server URL variables: replaced by their defaults (OpenAPI 3.1 section 4.8.6)',
      {
        given: {
          paths: { '/x': { get: { operationId: 'x', responses: OK } } },
          servers: [
            {
              url: 'https://slb.{region}.aliyuncs.com:{port}/api/',
              variables: { region: { default: 'cn-hangzhou' }, port: { default: '8443' } },
            },
          ],
        },
        want: { defaultEndpoint: 'https://slb.cn-hangzhou.aliyuncs.com:8443/api' },
      },
    ],
    [
      // APIs.guru's AWS query APIs (aws-sts, aws-sqs, aws-elasticloadbalancing): the fragment is never sent, the
      // query carries Action=Name, and AWS signs it (the spec's own security), not Alibaba. They were RPC actions,
      // sent with Alibaba's signature and Accept: application/json (406 from a server documenting text/xml only).
      'path key /#Action=Name (AWS query API): an http operation on "/", its Action (from the key when no parameter names it) and Version fixed',
      {
        given: {
          paths: {
            '/#Action=AssumeRole': {
              get: {
                operationId: 'GET_AssumeRole',
                parameters: [required('RoleArn'), required('Action', one('AssumeRole')), required('Version', one('2011-06-15'))],
                responses: OK,
              },
              post: { operationId: 'POST_AssumeRole', parameters: [required('Version', one('2011-06-15'))], responses: OK },
            },
          },
        },
        want: {
          operations: [
            expect.objectContaining({
              style: 'http',
              path: '/',
              methodName: 'getAssumeRole',
              httpMethods: ['GET'],
              fixed: [
                { name: 'Action', in: 'query', value: 'AssumeRole' },
                { name: 'Version', in: 'query', value: '2011-06-15' },
              ],
              signerOwned: [],
              inputs: [expect.objectContaining({ name: 'RoleArn' })],
            }),
            expect.objectContaining({
              style: 'http',
              methodName: 'postAssumeRole',
              httpMethods: ['POST'],
              fixed: [
                { name: 'Version', in: 'query', value: '2011-06-15' },
                { name: 'Action', in: 'query', value: 'AssumeRole' },
              ],
            }),
          ],
        },
      },
    ],
    [
      // Each would make the client shadow what JavaScript looks up on every object; `then` makes it a thenable.
      'reserved method names get the suffix Operation; others stay',
      {
        given: {
          paths: Object.fromEntries(
            ['then', 'constructor', 'to_string', 'valueOf', 'toJSON', 'thenable'].map((id) => [
              `/${id}`,
              { get: { operationId: id, responses: OK } },
            ]),
          ),
        },
        want: {
          operations: ['thenOperation', 'constructorOperation', 'toStringOperation', 'valueOfOperation', 'toJSONOperation', 'thenable'].map(
            (methodName) => expect.objectContaining({ methodName }),
          ),
        },
      },
    ],
    [
      'component schemas as they are',
      {
        given: { paths: { '/x': { get: { operationId: 'x', responses: OK } } }, components: { schemas: { A: str } } },
        want: { componentSchemas: { A: str } },
      },
    ],
    [
      'two RPC actions stay two operations; http operations keep their order',
      {
        given: {
          paths: {
            '/': {
              get: { operationId: 'A', parameters: [required('Action', one('A'))], responses: OK },
              post: { operationId: 'B', parameters: [required('Action', one('B'))], responses: OK },
            },
            '/z': { get: { operationId: 'z', responses: OK } },
          },
        },
        want: {
          operations: [
            expect.objectContaining({ action: 'A', httpMethods: ['GET'] }),
            expect.objectContaining({ action: 'B', httpMethods: ['POST'] }),
            expect.objectContaining({ operationId: 'z' }),
          ],
        },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(pick(modelOf(given), Object.keys(want))).toEqual(want);
  });
});

describe('buildApiModel: what it refuses, and where', () => {
  const op = (operation: JsonObject, path = '/x'): JsonObject => ({
    paths: { [path]: { get: { operationId: 'x', responses: OK, ...operation } } },
  });
  const rows: [string, { given: JsonObject; want: string }][] = [
    [
      'two operationIds that give one method name',
      {
        given: {
          paths: { '/a': { get: { operationId: 'get_thing', responses: OK } }, '/b': { get: { operationId: 'getThing', responses: OK } } },
        },
        want: '#/paths/~1b/get/operationId: operationId "get_thing" (#/paths/~1a/get/operationId) and operationId "getThing" give the same method name getThing (give one of them another operationId)',
      },
    ],
    [
      'a renamed reserved name that meets an operationId of that name',
      {
        given: {
          paths: { '/a': { get: { operationId: 'then', responses: OK } }, '/b': { get: { operationId: 'thenOperation', responses: OK } } },
        },
        want: '#/paths/~1b/get/operationId: operationId "then" (#/paths/~1a/get/operationId) and operationId "thenOperation" give the same method name thenOperation (give one of them another operationId)',
      },
    ],
    [
      "an operation without an operationId whose method and path give another one's name: both pointers, the operation itself for the unnamed one",
      {
        given: {
          paths: {
            '/a': { get: { operationId: 'get pets by id', responses: OK } },
            '/pets/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: str }], responses: OK } },
          },
        },
        want: '#/paths/~1pets~1{id}/get: operationId "get pets by id" (#/paths/~1a/get/operationId) and GET /pets/{id} give the same method name getPetsById (give one of them another operationId)',
      },
    ],
    // `__proto__` as a key sets a prototype in JavaScript; refused wherever it is a name.
    [
      'a schema named __proto__',
      {
        given: { ...op({}), components: { schemas: { ['__proto__']: str } } },
        want: '#/components/schemas/__proto__: "__proto__" cannot be a name: in JavaScript it sets an object\'s prototype (rename it)',
      },
    ],
    [
      'a property named __proto__',
      {
        given: {
          ...op({}),
          components: { schemas: { A: { type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') as JsonObject } } },
        },
        want: '#/components/schemas/A/properties/__proto__: "__proto__" cannot be a name: in JavaScript it sets an object\'s prototype (rename it)',
      },
    ],
    [
      'a parameter named __proto__',
      {
        given: op({ parameters: [query('__proto__')] }),
        want: '#/paths/~1x/get/parameters/0/name: parameter "__proto__" has the name of a member every JavaScript object has (rename it; the client reads inputs by name)',
      },
    ],
    [
      'a parameter named constructor',
      {
        given: op({ parameters: [query('constructor')] }),
        want: '#/paths/~1x/get/parameters/0/name: parameter "constructor" has the name of a member every JavaScript object has (rename it; the client reads inputs by name)',
      },
    ],
    [
      'a header the signer writes',
      {
        given: op({ parameters: [{ name: 'X-Acs-Date', in: 'header', schema: str }] }),
        want: '#/paths/~1x/get/parameters/0/name: header parameter "X-Acs-Date" is written by the client\'s transport or signer: Alibaba\'s signature V3 writes the x-acs-* headers (remove it from the spec; the client sets it on every request)',
      },
    ],
    [
      'a header the transport owns (Host)',
      {
        given: op({ parameters: [{ name: 'Host', in: 'header', schema: str }] }),
        want: '#/paths/~1x/get/parameters/0/name: header parameter "Host" is written by the client\'s transport or signer: the transport writes it from the endpoint the request is sent (and signed) for (remove it from the spec; the client sets it on every request)',
      },
    ],
    [
      'a header name that is not a token',
      {
        given: op({ parameters: [{ name: 'X-A\r\nX-B', in: 'header', schema: str }] }),
        want: '#/paths/~1x/get/parameters/0/name: header parameter "X-A\\r\\nX-B" is not a valid header name (a header name is letters, digits and !#$%&\'*+-.^_`|~ (RFC 9110 section 5.6.2))',
      },
    ],
    [
      // A relative path is accepted (issue 19: resolved against the endpoint option), a scheme-relative one takes https (rows above); a query is not a server.
      'a relative server URL with a query',
      {
        given: { ...op({}), servers: [{ url: '/v1?x=1' }] },
        want: '#/servers/0/url: server URL "/v1?x=1" is neither an absolute http(s) URL nor a relative path (write the full endpoint (https://api.example.com/v1) or a path (/v1))',
      },
    ],
    [
      'a server URL that is not http(s)',
      {
        given: { ...op({}), servers: [{ url: 'javascript:alert(1)' }] },
        want: '#/servers/0/url: server URL "javascript:alert(1)" is not http or https (the client speaks HTTP(S) only)',
      },
    ],
    [
      'a server URL with a query',
      {
        given: { ...op({}), servers: [{ url: 'https://a.example/?x=1' }] },
        want: '#/servers/0/url: server URL "https://a.example/?x=1" carries a user name, a query or a fragment (give the endpoint only: scheme, host, port and path)',
      },
    ],
    [
      'a server URL variable without a default',
      {
        given: { ...op({}), servers: [{ url: 'https://{region}.example' }] },
        want: '#/servers/0/variables/region: server URL variable "region" has no default (add `variables: { "region": { default: ... } }`)',
      },
    ],
    [
      'a cookie list with explode: true (no wire form)',
      {
        given: op({ parameters: [{ name: 'sid', in: 'cookie', schema: { type: 'array', items: str } }] }),
        want: '#/paths/~1x/get/parameters/0/explode: parameter "sid": a list in a cookie has no exploded form (set explode: false (name=a,b), or use content: application/json)',
      },
    ],
    [
      'a cookie parameter in an RPC action (not signed)',
      {
        given: op({ parameters: [{ name: 'sid', in: 'cookie', schema: str }] }, '/?Action=DoThing'),
        want: '#/paths/~1?Action=DoThing/get/parameters/0/in: cookie parameter "sid" in an RPC action (send it as a query parameter)',
      },
    ],
    [
      'style spaceDelimited',
      {
        given: op({ parameters: [query('f', { type: 'array', items: str }, { style: 'spaceDelimited' })] }),
        want: '#/paths/~1x/get/parameters/0/style: parameter "f" uses style "spaceDelimited" (supported in query: form, deepObject)',
      },
    ],
    [
      'a content parameter that is not JSON',
      {
        given: op({ parameters: [{ name: 'f', in: 'query', content: { 'application/xml': { schema: str } } }] }),
        want: '#/paths/~1x/get/parameters/0/content: parameter "f" uses content "application/xml" (only JSON-encoded parameters (application/json) are supported)',
      },
    ],
    [
      'a content parameter without a schema',
      {
        given: op({ parameters: [{ name: 'f', in: 'query', content: { 'application/json': {} } }] }),
        want: '#/paths/~1x/get/parameters/0/content/application~1json: parameter "f": content has no schema',
      },
    ],
    [
      'a status out of range',
      {
        given: op({ responses: { '200': { description: 'ok' }, '600': { description: 'x' } } }),
        want: '#/paths/~1x/get/responses/600: response code "600" is not an HTTP status (use an HTTP status from 100 to 599 such as 200 or 404, a range such as 4XX, or default)',
      },
    ],
    [
      'a status that only Number() would read',
      {
        given: op({ responses: { '2e2': { description: 'ok' } } }),
        want: '#/paths/~1x/get/responses/2e2: response code "2e2" is not an HTTP status (use an HTTP status from 100 to 599 such as 200 or 404, a range such as 4XX, or default)',
      },
    ],
    [
      'a path key with a template in its query (a fixed one, /?Foo=Bar, is sent with every call)',
      {
        given: op({}, '/?Foo={x}'),
        want: '#/paths/~1?Foo={x}: path "/?Foo={x}" has a query with a template in it (write an RPC action as /?Action=Name (or /#Action=Name), a query parameter as a parameter with in: query)',
      },
    ],
    [
      'a path key and an Action parameter that disagree',
      {
        given: op({ parameters: [required('Action', one('Other'))] }, '/?Action=DoThing'),
        want: '#/paths/~1?Action=DoThing: path "/?Action=DoThing" names action DoThing but its Action parameter is "Other" (make them the same, or drop the Action parameter: the path key names it)',
      },
    ],
    [
      'one action described twice for GET',
      {
        given: {
          paths: {
            '/?Action=A': { get: { operationId: 'a1', responses: OK } },
            '/': { get: { operationId: 'a2', parameters: [required('Action', one('A'))], responses: OK } },
          },
        },
        want: '#/paths/~1/get: action A is described twice for GET (keep one operation per action and method)',
      },
    ],
    [
      'a list of objects as a comma list',
      {
        given: op({ parameters: [query('f', { type: 'array', items: { type: 'object' } }, { explode: false })] }),
        want: '#/paths/~1x/get/parameters/0/schema/items: parameter "f": a list of objects cannot be sent as a comma list (use content: application/json, or (RPC) explode: true for Name.1.Key=value)',
      },
    ],
    [
      'an object in a header with explode: true (simple style, a=1,b=2: not sent)',
      {
        given: op({ parameters: [{ name: 'X-F', in: 'header', explode: true, schema: { type: 'object' } }] }),
        want: '#/paths/~1x/get/parameters/0/schema: parameter "X-F": an object in header with style simple is not supported (set explode: false (Name=Key,value), or use content: application/json)',
      },
    ],
    [
      'x-slbkit-idempotent that is not a boolean',
      {
        given: op({ 'x-slbkit-idempotent': 'yes' }),
        want: '#/paths/~1x/get/x-slbkit-idempotent: x-slbkit-idempotent must be true or false',
      },
    ],
    [
      'a request body without content',
      { given: op({ requestBody: { required: true } }), want: '#/paths/~1x/get/requestBody: a requestBody needs "content"' },
    ],
    [
      // A template naming no declared parameter gets one, and a declared one with no place is no
      // input, both with a warning (refusals-accepted.test.ts); a template that is no name stays refused.
      'a path template that is not a parameter name (used to send a literal "{a b}")',
      {
        given: op({}, '/things/{a b}'),
        want: '#/paths/~1things~1{a b}: path "/things/{a b}" has {a b} but the operation has no path parameter "a b" (add { name: a b, in: path, required: true, schema: { type: string } })',
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    let thrown: unknown;
    try {
      modelOf(given);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as SpecError).describe()).toBe(want);
  });
});

// ------------------------------------------------------------------ names

describe('names: operationId -> method (lowerCamel) and type (upperCamel)', () => {
  const rows: [string, { upper: string; lower: string }][] = [
    ['RemoveBackendServers', { upper: 'RemoveBackendServers', lower: 'removeBackendServers' }],
    ['removeBackendServers', { upper: 'RemoveBackendServers', lower: 'removeBackendServers' }],
    ['get_user-by id', { upper: 'GetUserById', lower: 'getUserById' }],
    ['list__things', { upper: 'ListThings', lower: 'listThings' }],
    ['v2_get', { upper: 'V2Get', lower: 'v2Get' }],
    ['x', { upper: 'X', lower: 'x' }],
    ['getThing2', { upper: 'GetThing2', lower: 'getThing2' }],
    // The public specs' operationIds (OAI tic-tac-toe, petstore-expanded; bump.sh Train Travel).
    ['get-board', { upper: 'GetBoard', lower: 'getBoard' }],
    ['find pet by id', { upper: 'FindPetById', lower: 'findPetById' }],
    ['create-booking-payment', { upper: 'CreateBookingPayment', lower: 'createBookingPayment' }],
    // A word in capitals throughout is written as a word; mixed case is kept.
    ['GET_USERS', { upper: 'GetUsers', lower: 'getUsers' }],
    ['find_pet_by_ID', { upper: 'FindPetById', lower: 'findPetById' }],
    ['getHTTPResponse', { upper: 'GetHTTPResponse', lower: 'getHTTPResponse' }],
    ['HTTPGet', { upper: 'HTTPGet', lower: 'httpGet' }],
    ['URL', { upper: 'Url', lower: 'url' }],
    // A leading digit: prefixed, so the name is an identifier.
    ['2fa-verify', { upper: 'Op2faVerify', lower: 'op2faVerify' }],
    ['42', { upper: 'Op42', lower: 'op42' }],
    // Accents dropped (NFKD): names stay ASCII, which ajv's standalone code requires of its exports.
    ['café au lait', { upper: 'CafeAuLait', lower: 'cafeAuLait' }],
    ['cafe\u0301-list', { upper: 'CafeList', lower: 'cafeList' }],
    ['ärger', { upper: 'Arger', lower: 'arger' }],
    // Anything else that is not an ASCII letter or digit separates words.
    ['get$thing🚀now', { upper: 'GetThingNow', lower: 'getThingNow' }],
    ['list-查询-items', { upper: 'ListItems', lower: 'listItems' }],
    // No ASCII letter or digit: no name (the operation is named by method and path instead).
    ['查询', { upper: '', lower: '' }],
    ['---', { upper: '', lower: '' }],
  ];
  it.each(rows)('%s', (given, want) => {
    expect({ upper: upperCamel(given), lower: lowerCamel(given) }).toEqual(want);
  });
});

describe('names: an operation without an operationId (or with one of no letter or digit) is named by method and path', () => {
  const ok = { responses: OK };
  const id = (name: string): JsonObject => ({ name, in: 'path', required: true, schema: str });
  const rows: [string, { given: JsonObject; want: Partial<OperationModel> }][] = [
    [
      'GET /pets/{id}',
      {
        given: { paths: { '/pets/{id}': { get: { ...ok, parameters: [id('id')] } } } },
        want: {
          methodName: 'getPetsById',
          typeName: 'GetPetsById',
          operationId: 'getPetsById',
          nameFromPath: true,
          specPath: '/pets/{id}',
        },
      },
    ],
    [
      'DELETE /users/{userId}/posts',
      {
        given: { paths: { '/users/{userId}/posts': { delete: { ...ok, parameters: [id('userId')] } } } },
        want: { methodName: 'deleteUsersByUserIdPosts', typeName: 'DeleteUsersByUserIdPosts', nameFromPath: true },
      },
    ],
    ['GET /', { given: { paths: { '/': { get: ok } } }, want: { methodName: 'get', typeName: 'Get', nameFromPath: true } }],
    [
      'GET /v1/pets.json',
      {
        given: { paths: { '/v1/pets.json': { get: ok } } },
        want: { methodName: 'getV1PetsJson', typeName: 'GetV1PetsJson', nameFromPath: true },
      },
    ],
    [
      'an operationId in Chinese',
      {
        given: { paths: { '/pets': { get: { ...ok, operationId: '查询宠物' } } } },
        want: { methodName: 'getPets', typeName: 'GetPets', operationId: '查询宠物', nameFromPath: true },
      },
    ],
    [
      'an operationId of punctuation only',
      {
        given: { paths: { '/pets': { post: { ...ok, operationId: '---' } } } },
        want: { methodName: 'postPets', typeName: 'PostPets', operationId: '---', nameFromPath: true },
      },
    ],
    [
      'an operationId is used when it has a letter',
      {
        given: { paths: { '/pets': { post: { ...ok, operationId: 'add pet' } } } },
        want: { methodName: 'addPet', typeName: 'AddPet', operationId: 'add pet', nameFromPath: undefined },
      },
    ],
    [
      'an RPC action is named after its action, operationId or not',
      {
        given: rpc([ACTION], { get: { responses: OK } }),
        want: { methodName: 'doThing', typeName: 'DoThing', nameFromPath: undefined, specPath: '/' },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(pick(modelOf(given).operations[0]!, Object.keys(want))).toEqual(want);
  });
});

// ------------------------------------------------------------------ xmlShape

describe('xmlShape: where the XML form has lists, numbers and booleans', () => {
  const components: JsonObject = {
    schemas: {
      Item: { type: 'object', xml: { name: 'Item' }, properties: { Weight: { type: 'integer' } } },
      Node: { type: 'object', properties: { Value: { type: 'number' }, Next: { $ref: '#/components/schemas/Node' } } },
    },
  };
  const rows: [string, { given: Json; want: XmlShapeModel }][] = [
    [
      'no xml.name: the fallback root',
      { given: { type: 'object', properties: { A: str } }, want: { root: 'Fallback', arrays: [], numbers: [], booleans: [], objects: [] } },
    ],
    [
      'xml.name is the root; numbers, integers and booleans by element path',
      {
        given: {
          type: 'object',
          xml: { name: 'Root' },
          properties: {
            N: { type: 'number' },
            I: { type: 'integer' },
            B: { type: 'boolean' },
            Inner: { type: 'object', properties: { Deep: { type: 'integer' } } },
          },
        },
        want: { root: 'Root', arrays: [], numbers: ['N', 'I', 'Inner.Deep'], booleans: ['B'], objects: ['Inner'] },
      },
    ],
    [
      'a property renamed by xml.name',
      {
        given: { type: 'object', properties: { count: { type: 'integer', xml: { name: 'Count' } } } },
        want: { root: 'Fallback', arrays: [], numbers: ['Count'], booleans: [], objects: [] },
      },
    ],
    [
      "the bundled spec's shape: an unwrapped list of $ref items inside an object",
      {
        given: {
          type: 'object',
          properties: { Items: { type: 'object', properties: { Item: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } } },
        },
        want: { root: 'Fallback', arrays: ['Items.Item'], numbers: ['Items.Item.Weight'], booleans: [], objects: ['Items', 'Items.Item'] },
      },
    ],
    [
      "unwrapped: a $ref item's xml.name names the repeated element, not the property",
      {
        given: { type: 'object', properties: { Servers: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } },
        want: { root: 'Fallback', arrays: ['Item'], numbers: ['Item.Weight'], booleans: [], objects: ['Item'] },
      },
    ],
    [
      'unwrapped: items.xml.name names the repeated element',
      {
        given: { type: 'object', properties: { animals: { type: 'array', items: { type: 'string', xml: { name: 'animal' } } } } },
        want: { root: 'Fallback', arrays: ['animal'], numbers: [], booleans: [], objects: [] },
      },
    ],
    [
      "unwrapped: the array's own xml.name has no effect",
      {
        given: {
          type: 'object',
          properties: { animals: { type: 'array', xml: { name: 'aliens' }, items: { type: 'integer', xml: { name: 'animal' } } } },
        },
        want: { root: 'Fallback', arrays: ['animal'], numbers: ['animal'], booleans: [], objects: [] },
      },
    ],
    [
      'wrapped, no names: the property names both',
      {
        given: { type: 'object', properties: { animals: { type: 'array', xml: { wrapped: true }, items: str } } },
        want: { root: 'Fallback', arrays: ['animals.animals'], numbers: [], booleans: [], objects: ['animals'] },
      },
    ],
    [
      'wrapped, items named',
      {
        given: {
          type: 'object',
          properties: { animals: { type: 'array', xml: { wrapped: true }, items: { type: 'string', xml: { name: 'animal' } } } },
        },
        want: { root: 'Fallback', arrays: ['animals.animal'], numbers: [], booleans: [], objects: ['animals'] },
      },
    ],
    [
      'wrapped, both named',
      {
        given: {
          type: 'object',
          properties: {
            animals: { type: 'array', xml: { name: 'aliens', wrapped: true }, items: { type: 'string', xml: { name: 'animal' } } },
          },
        },
        want: { root: 'Fallback', arrays: ['aliens.animal'], numbers: [], booleans: [], objects: ['aliens'] },
      },
    ],
    [
      'wrapped, only the wrapper named: the items take its name',
      {
        given: {
          type: 'object',
          properties: { animals: { type: 'array', xml: { name: 'aliens', wrapped: true }, items: { type: 'boolean' } } },
        },
        want: { root: 'Fallback', arrays: ['aliens.aliens'], numbers: [], booleans: ['aliens.aliens'], objects: ['aliens'] },
      },
    ],
    [
      'a recursive schema is walked once',
      {
        given: { $ref: '#/components/schemas/Node' },
        want: { root: 'Fallback', arrays: [], numbers: ['Value'], booleans: [], objects: [] },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(xmlShape(documentOf({ paths: { '/x': { get: { operationId: 'x', responses: OK } } }, components }), given, 'Fallback')).toEqual(
      want,
    );
  });
});

// ------------------------------------------------------------------ typesDocument

describe('typesDocument: content parameters carry their decoded schema; the input is not changed', () => {
  const json = (schema: Json): JsonObject => ({ 'application/json': { schema, examples: { e: { value: [] } } } });
  const LIST = { type: 'array', items: str };
  const rows: [string, { given: JsonObject; pointer: string[]; want: Json }][] = [
    [
      'an operation parameter',
      {
        given: {
          paths: { '/x': { get: { operationId: 'x', parameters: [{ name: 'f', in: 'query', content: json(LIST) }], responses: OK } } },
        },
        pointer: ['paths', '/x', 'get', 'parameters', '0'],
        want: { name: 'f', in: 'query', schema: LIST },
      },
    ],
    [
      'a path-item parameter',
      {
        given: {
          paths: {
            '/x': {
              parameters: [{ name: 'f', in: 'query', required: true, content: json(LIST) }],
              get: { operationId: 'x', responses: OK },
            },
          },
        },
        pointer: ['paths', '/x', 'parameters', '0'],
        want: { name: 'f', in: 'query', required: true, schema: LIST },
      },
    ],
    [
      'a component parameter',
      {
        given: {
          paths: { '/x': { get: { operationId: 'x', parameters: [{ $ref: '#/components/parameters/F' }], responses: OK } } },
          components: {
            parameters: { F: { name: 'f', in: 'query', content: json({ $ref: '#/components/schemas/L' }) } },
            schemas: { L: LIST },
          },
        },
        pointer: ['components', 'parameters', 'F'],
        want: { name: 'f', in: 'query', schema: { $ref: '#/components/schemas/L' } },
      },
    ],
    [
      'a parameter of a path item kept in components (used to stay a string)',
      {
        given: {
          paths: { '/x': { $ref: '#/components/pathItems/X' } },
          components: {
            pathItems: { X: { get: { operationId: 'x', parameters: [{ name: 'f', in: 'query', content: json(LIST) }], responses: OK } } },
          },
        },
        pointer: ['components', 'pathItems', 'X', 'get', 'parameters', '0'],
        want: { name: 'f', in: 'query', schema: LIST },
      },
    ],
    [
      "a default makes a property optional in the input: the input refers to the component's Writable form (read-write.ts)",
      {
        given: {
          paths: {
            '/x': {
              get: {
                operationId: 'x',
                parameters: [{ name: 'f', in: 'query', content: json({ type: 'array', items: { $ref: '#/components/schemas/S' } }) }],
                responses: OK,
              },
            },
          },
          components: {
            schemas: { S: { type: 'object', required: ['Id'], properties: { Id: str, Weight: { type: 'integer', default: 100 } } } },
          },
        },
        pointer: ['paths', '/x', 'get', 'parameters', '0'],
        want: { name: 'f', in: 'query', schema: { type: 'array', items: { $ref: '#/components/schemas/SWritable' } } },
      },
    ],
    [
      'a default makes a property optional in the input: the Writable form has no default',
      {
        given: {
          paths: {
            '/x': {
              get: {
                operationId: 'x',
                parameters: [{ name: 'f', in: 'query', content: json({ type: 'array', items: { $ref: '#/components/schemas/S' } }) }],
                responses: OK,
              },
            },
          },
          components: {
            schemas: { S: { type: 'object', required: ['Id'], properties: { Id: str, Weight: { type: 'integer', default: 100 } } } },
          },
        },
        pointer: ['components', 'schemas', 'SWritable'],
        want: { type: 'object', required: ['Id'], properties: { Id: str, Weight: { type: 'integer' } } },
      },
    ],
    [
      'a default makes a property optional in the input: outputs keep the component as written',
      {
        given: {
          paths: {
            '/x': {
              get: {
                operationId: 'x',
                parameters: [{ name: 'f', in: 'query', content: json({ type: 'array', items: { $ref: '#/components/schemas/S' } }) }],
                responses: OK,
              },
            },
          },
          components: {
            schemas: { S: { type: 'object', required: ['Id'], properties: { Id: str, Weight: { type: 'integer', default: 100 } } } },
          },
        },
        pointer: ['components', 'schemas', 'S'],
        want: { type: 'object', required: ['Id'], properties: { Id: str, Weight: { type: 'integer', default: 100 } } },
      },
    ],
    [
      'a schema parameter as it is',
      {
        given: { paths: { '/x': { get: { operationId: 'x', parameters: [query('q')], responses: OK } } } },
        pointer: ['paths', '/x', 'get', 'parameters', '0'],
        want: { name: 'q', in: 'query', schema: str },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, pointer, want }) => {
    const document = documentOf(JSON.parse(JSON.stringify(given)) as JsonObject);
    const before = structuredClone(document);
    const rewritten = typesDocument(document);
    const at = pointer.reduce<Json | undefined>((node, key) => (node as Record<string, Json> | undefined)?.[key], rewritten);
    expect(JSON.parse(JSON.stringify(at))).toEqual(want);
    expect(document).toEqual(before);
  });
});
