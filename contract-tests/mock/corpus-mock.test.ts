import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mock, startMock } from './server.js';

// Issue 19, item 4: what the mock answered wrongly to requests the spec allows, as the contract
// suite met it on public corpus specs (helpers judge, schema-lenient, corpus-grow: notes named in
// each row), on a small spec of our own with each shape. Every row failed on main (529e7b6) but the
// templated sibling's, which keeps the Sid check.

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-corpus-mock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, example: { ok: true } } } };
const literal = { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, example: { literal: true } } } };

/** An operation whose q is at most 2 characters, its refusal documented in the given shape. */
const errorShaped = (id: string, schema: object, status = '400') => ({
  get: {
    operationId: id,
    parameters: [{ name: 'q', in: 'query', schema: { type: 'string', maxLength: 2 } }],
    responses: { '200': ok, [status]: { description: 'refused', content: { 'application/json': { schema } } } },
  },
});

const spec = join(scratch, 'corpus-mock.yaml');
writeFileSync(
  spec,
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Corpus mock shapes', version: '1' },
    // docker-engine: a relative server; the client resolves it against the endpoint it is given.
    servers: [{ url: '/v1.33' }],
    paths: {
      // heyapi-full, oai-non-oauth-scopes: no responses (optional in 3.1); Prism answered 500 NO_RESPONSE_DEFINED.
      '/simple': { put: { operationId: 'putSimple' } },
      // twilio-api-v2010: a concrete path beside a templated sibling (OpenAPI 3.1 section 4.8.8: concrete first).
      '/numbers/{Sid}.json': {
        get: {
          operationId: 'getNumber',
          parameters: [{ name: 'Sid', in: 'path', required: true, schema: { type: 'string', minLength: 34 } }],
          responses: { '200': ok },
        },
      },
      '/numbers/Local.json': { get: { operationId: 'listLocal', responses: { '200': literal } } },
      // ghes-diff: oneOf [integer, string] in a path (Prism: 422 "must match exactly one schema in oneOf").
      '/workflows/{workflow_id}/runs': {
        get: {
          operationId: 'listRuns',
          parameters: [{ name: 'workflow_id', in: 'path', required: true, schema: { oneOf: [{ type: 'integer' }, { type: 'string' }] } }],
          responses: { '200': ok },
        },
      },
      // heyapi-full 3.1: a query list typed [array, "null"] (Prism: 422 "must be array,null").
      '/collection': {
        get: {
          operationId: 'collection',
          parameters: [{ name: 'csv', in: 'query', required: true, schema: { type: ['array', 'null'], items: { type: 'string' } } }],
          responses: { '200': ok },
        },
      },
      // heyapi-full: path parameter names with dots and capitals (Prism's router: 404).
      '/parameters/{parameter.path.1}/{PARAMETER-PATH-3}': {
        get: {
          operationId: 'weirdNames',
          parameters: [
            { name: 'parameter.path.1', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'PARAMETER-PATH-3', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': ok },
        },
      },
      // discord snowflakes (pattern), secretmanager and youtube (format: byte), otypescript-simple (multipleOf):
      // no example, and Prism's static sample breaks each ("string", 21).
      '/snowflake': {
        get: {
          operationId: 'getSnowflake',
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    // openapi-fetch-common: a required property the schema does not describe.
                    required: ['id', 'data', 'age', 'status'],
                    properties: {
                      id: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
                      data: { type: 'string', format: 'byte' },
                      age: { type: 'integer', minimum: 21, multipleOf: 5 },
                    },
                  },
                },
              },
            },
          },
        },
      },
      // aws-s3 HeadObject: a HEAD whose 200 documents text/xml.
      '/objects/{Key}': {
        head: {
          operationId: 'headObject',
          parameters: [{ name: 'Key', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', content: { 'text/xml': { schema: { type: 'object' } } } } },
        },
      },
      // zapier-nla: an error body {error: string}, nothing meaning "message".
      '/zapier': errorShaped('zapier', {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string' } },
      }),
      // clerk: a required list of error items; asana: an optional one.
      '/clerk': errorShaped('clerk', {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            items: { type: 'object', required: ['message', 'code'], properties: { message: { type: 'string' }, code: { type: 'string' } } },
          },
        },
      }),
      // ghes-diff orgs/update: a 422 that is a oneOf of validation-error shapes.
      '/github': errorShaped(
        'github',
        {
          oneOf: [
            { type: 'object', required: ['resource'], properties: { resource: { type: 'string' } } },
            {
              type: 'object',
              required: ['message', 'documentation_url'],
              properties: { message: { type: 'string' }, documentation_url: { type: 'string' } },
            },
          ],
        },
        '422',
      ),
      // oai-tictactoe put-square: a JSON body that is a string ("X"); the merge of the body reader
      // parsed it twice (JSON.parse("X"): 400 "is not valid JSON"), 9 failures that no row caught.
      '/mark': {
        put: {
          operationId: 'putMark',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'string', enum: ['.', 'X', 'O'] } } } },
          responses: { '200': ok },
        },
      },
      // ghes-diff: a required form body (Prism: 422 "Body parameter is required", the form was read as parameters).
      '/maintenance': {
        post: {
          operationId: 'setMaintenance',
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', required: ['maintenance'], properties: { maintenance: { type: 'string' } } },
              },
            },
          },
          responses: { '200': ok },
        },
      },
    },
  }),
);

const rows: [string, { method?: string; path: string; headers?: Record<string, string>; body?: string }, number, RegExp][] = [
  ['an operation with no responses: 200, no body', { method: 'PUT', path: '/simple' }, 200, /^$/],
  ['a concrete path before its templated sibling', { path: '/numbers/Local.json' }, 200, /"literal":true/],
  ['the templated sibling still takes the rest (and checks its Sid)', { path: '/numbers/PN1.json' }, 400, /\\"Sid\\"/],
  ['oneOf [integer, string] in a path: "1" is allowed', { path: '/workflows/1/runs' }, 200, /"ok":true/],
  ['a query list typed [array, "null"]', { path: '/collection?csv=a&csv=b' }, 200, /"ok":true/],
  [
    'a required form body',
    { method: 'POST', path: '/maintenance', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'maintenance=x' },
    200,
    /"ok":true/,
  ],
  [
    'a JSON body that is a string: read once',
    { method: 'PUT', path: '/mark', headers: { 'content-type': 'application/json' }, body: '"X"' },
    200,
    /"ok":true/,
  ],
  [
    'a JSON string body outside its enum: still refused',
    { method: 'PUT', path: '/mark', headers: { 'content-type': 'application/json' }, body: '"Z"' },
    400,
    /\\"body\\"/,
  ],
  [
    'a success body Prism samples against pattern, format: byte, multipleOf: one that validates',
    { path: '/snowflake' },
    200,
    /"id":"(0|[1-9][0-9]*)"/,
  ],
  ['path parameter names with dots and capitals', { path: '/parameters/a/b' }, 200, /"ok":true/],
  [
    'an error body {error: string}: it says the message, naming the parameter',
    { path: '/zapier?q=long' },
    400,
    /^\{"error":"The specified parameter \\"q\\"/,
  ],
  [
    'a required list of errors: one item, its message naming the parameter',
    { path: '/clerk?q=long' },
    400,
    /^\{"errors":\[\{"message":"The specified parameter \\"q\\".*"code":"InvalidParameter"\}\]\}$/,
  ],
  [
    'a oneOf 422: the branch with a message',
    { path: '/github?q=long' },
    422,
    /^\{"message":"The specified parameter \\"q\\".*"documentation_url":"error"\}$/,
  ],
  ['under the relative server path (/v1.33/...), as the client sends it', { path: '/v1.33/workflows/1/runs' }, 200, /"ok":true/],
];

let mock: Mock;
beforeAll(async () => {
  mock = await startMock({ spec, warn: () => {} });
}, 60_000);
afterAll(() => mock?.close());

describe('the mock answers what the spec allows (corpus shapes)', () => {
  it('HEAD: the Content-Type a GET would get, no body (aws-s3 HeadObject: none, 14 failures)', async () => {
    const answer = await fetch(`${mock.url}/objects/a.jpg`, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    expect([answer.status, answer.headers.get('content-type'), await answer.text()]).toEqual([200, 'text/xml', '']);
  });

  it.each(rows)('%s', async (_name, request, status, text) => {
    const answer = await fetch(`${mock.url}${request.path}`, {
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await answer.text();
    expect(answer.status, body).toBe(status);
    expect(body).toMatch(text);
    if (request.path === '/snowflake') {
      const { data, age, status } = JSON.parse(body) as { data: string; age: number; status: unknown };
      expect([/^[A-Za-z0-9+/]*={0,2}$/.test(data) && data.length % 4 === 0, age % 5, age >= 21, status !== undefined]).toEqual([
        true,
        0,
        true,
        true,
      ]);
    }
  });
});
