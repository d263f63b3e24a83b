import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiModel, loadModel } from '../../generator/src/api.js';
import { caseParameters, deriveCases, withValidExamples } from '../support/derive-cases.js';
import { authHeaders } from '../support/kit.js';
import { modelAjv } from '../support/model-ajv.js';
import { type Mock, startMock } from './server.js';
import { loadWireModel, type WireModel } from './wire-model.js';

// Issue 19, item 4: the false failures the contract suite showed against slbkit's own mock of
// public corpus specs (npm run corpus), one row per kind, on a small spec of our own that has
// each shape of the public one it stands for (named in the row). The whole corpus runs in
// `npm run corpus` (bench/corpus.ts); these rows keep each fix from coming undone in npm test.
// Each row fails on the code before the fix (checked by putting the old file back).

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-corpus-green-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const json = (schema: object, example?: unknown) => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});
const ok = { description: 'ok', content: json({ type: 'object', properties: { ok: { type: 'boolean' } } }, { ok: true }) };
const card = {
  title: 'Card',
  type: 'object',
  required: ['object', 'number', 'cvc'],
  properties: { object: { type: 'string', const: 'card' }, number: { type: 'string' }, cvc: { type: 'string' } },
};
const bank = {
  title: 'Bank',
  type: 'object',
  required: ['object', 'number', 'bank_name'],
  properties: { object: { type: 'string', const: 'bank_account' }, number: { type: 'string' }, bank_name: { type: 'string' } },
};

/** JSON is YAML: the spec the rows read, with the shapes of the public specs named beside each path. */
const spec = join(scratch, 'corpus-shapes.yaml');
writeFileSync(
  spec,
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Corpus shapes', version: '1' },
    servers: [{ url: 'https://shapes.example.invalid' }],
    components: {
      securitySchemes: { OAuth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://x.invalid/t', scopes: {} } } } },
    },
    paths: {
      // Tic Tac Toe: a 400 documented as text/html only, under a string schema with a maxLength.
      '/board/{row}': {
        get: {
          operationId: 'getSquare',
          parameters: [{ name: 'row', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 3 } }],
          responses: {
            '200': ok,
            '400': { description: 'bad', content: { 'text/html': { schema: { type: 'string', maxLength: 40 } } } },
          },
        },
      },
      // circl-lu hashlookup: a 400 documented with no body.
      '/children/{count}': {
        get: {
          operationId: 'getChildren',
          parameters: [{ name: 'count', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': ok, '400': { description: 'bad count' } },
        },
      },
      // Train Travel: a oneOf body whose example is the second branch; OAuth2 security.
      '/payment': {
        post: {
          operationId: 'pay',
          security: [{ OAuth2: [] }],
          requestBody: {
            required: true,
            content: json({ oneOf: [card, bank] }, { object: 'bank_account', number: '0000', bank_name: 'Starling' }),
          },
          responses: { '200': ok },
        },
      },
      // refugerestrooms and mercure: a required query string and a query list; mercure's
      // Last-Event-ID in the query and in a header; a form body.
      '/search': {
        get: {
          operationId: 'search',
          parameters: [
            { name: 'query', in: 'query', required: true, schema: { type: 'string' }, example: 'x' },
            { name: 'topic', in: 'query', schema: { type: 'array', items: { type: 'string' } }, example: ['a'] },
            { name: 'Last-Event-ID', in: 'query', schema: { type: 'string' }, example: 'e1' },
            { name: 'Last-Event-ID', in: 'header', schema: { type: 'string' }, example: 'e1' },
          ],
          responses: { '200': ok },
        },
        post: {
          operationId: 'publish',
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', required: ['data'], properties: { data: { type: 'string' } } },
              },
            },
          },
          responses: { '200': ok },
        },
      },
      // box-2025: an error body whose `code` is an enum of the API's own codes.
      '/box/{n}': {
        get: {
          operationId: 'getBox',
          parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: {
            '200': ok,
            '400': {
              description: 'bad',
              content: json({
                type: 'object',
                required: ['code', 'message'],
                properties: { code: { type: 'string', enum: ['not_found', 'bad_request'] }, message: { type: 'string' } },
              }),
            },
          },
        },
      },
      // spotify: an error envelope {error: {status, message}}; an image body whose schema is not JSON Schema.
      '/playlists/{id}': {
        put: {
          operationId: 'putImage',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: { content: { 'image/jpeg': { schema: { type: 'string', required: true } } } },
          responses: {
            '200': ok,
            '400': {
              description: 'bad',
              content: json({
                type: 'object',
                required: ['error'],
                properties: {
                  error: {
                    type: 'object',
                    required: ['status', 'message'],
                    properties: { status: { type: 'integer' }, message: { type: 'string' } },
                  },
                },
              }),
            },
          },
        },
      },
      // box-2025: a parameter example that breaks its own schema (example: 123 under type: string).
      '/docgen/{template_id}': {
        get: {
          operationId: 'getTemplate',
          parameters: [
            { name: 'template_id', in: 'path', required: true, schema: { type: 'string' }, example: 123 },
            { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 1000 }, example: 5000 },
            // twilio-api-v2010: a Sid with a pattern and the length it implies.
            {
              name: 'Sid',
              in: 'query',
              schema: { type: 'string', pattern: '^AC[0-9a-f]{32}$', minLength: 34, maxLength: 34 },
              example: `AC${'0'.repeat(32)}`,
            },
          ],
          responses: { '200': ok },
        },
      },
      // adobe-com-aem: a 200 documented as text/plain with an object schema.
      '/saml': {
        get: {
          operationId: 'getSaml',
          responses: {
            '200': {
              description: 'ok',
              content: { 'text/plain': { schema: { type: 'object', properties: { pid: { type: 'string' } } }, example: { pid: 'x' } } },
            },
          },
        },
      },
      // twilio-api-v2010: a path parameter beside literal text in its segment.
      '/accounts/{Sid}.json': {
        get: {
          operationId: 'getAccount',
          parameters: [{ name: 'Sid', in: 'path', required: true, schema: { type: 'string', minLength: 3 } }],
          responses: { '200': ok },
        },
      },
      // twilio-lookups: a documented boolean response header with no example.
      '/cors': {
        get: {
          operationId: 'getCors',
          responses: { '200': { ...ok, headers: { 'Access-Control-Allow-Credentials': { schema: { type: 'boolean' } } } } },
        },
      },
    },
  }),
);

let wire: WireModel;
let model: ApiModel;
let mock: Mock;
beforeAll(async () => {
  [wire, model] = await Promise.all([loadWireModel(spec), loadModel(spec)]);
  mock = await startMock({ spec });
});
afterAll(() => mock?.close());

describe('the mock answers a refusal in the form its status is documented in', () => {
  it.each([
    // Tic Tac Toe: JSON where text/html is documented was 20 false failures.
    { row: 'a 400 documented as text/html', path: '/board/9', type: /^text\/html/, body: /^The specified parameter "row"/, max: 40 },
    // hashlookup: a JSON body where none is documented.
    { row: 'a 400 documented with no body', path: '/children/x', type: /^$/, body: /^$/, max: 0 },
    // spotify: the message inside its error envelope (it was "error", naming no parameter).
    {
      row: 'an error envelope',
      method: 'PUT',
      path: '/playlists/x',
      type: /^application\/json/,
      body: /^\{"error":\{"status":400,"message":"The specified/,
      max: 500,
    },
    // box-2025: Alibaba's Code in an enum of other codes was 176 false failures.
    {
      row: 'an error code the schema enumerates',
      path: '/box/x',
      type: /^application\/json/,
      body: /^\{"code":"bad_request","message":"The specified/,
      max: 500,
    },
  ])('$row', ({ method, path, type, body, max }: { method?: string; path: string; type: RegExp; body: RegExp; max: number }) => {
    const route = wire.route(method ?? 'GET', path, []);
    expect(route && !('noAction' in route)).toBe(true);
    const answer = wire.errorAnswer(
      route as Exclude<typeof route, { noAction: string }>,
      'InvalidParameter',
      'The specified parameter "row" is not valid: must be <= 3, and a reason longer than forty characters.',
    );
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(type);
    expect(answer.body).toMatch(body);
    expect([...answer.body].length).toBeLessThanOrEqual(max);
  });
});

describe('derived cases are only those the spec decides and the wire can express', () => {
  const names = (operationId: string) => {
    const op = model.operations.find((o) => o.operationId === operationId)!;
    return deriveCases(model, caseParameters(model, op)).map((c) => c.name);
  };
  it.each([
    // Train Travel: Card's required cvc was made a fail case of the Bank example, which Bank allows.
    {
      row: 'a oneOf example takes its own branch',
      op: 'pay',
      absent: /^body \/cvc required/,
      present: /^body \/bank_name required: absent -> fail$/,
    },
    // refugerestrooms: query= reads as absent (allowEmptyValue is false by default).
    {
      row: 'no empty value in a query',
      op: 'search',
      absent: /^query text: the empty string/,
      present: /^query required: absent -> fail$/,
    },
    // mercure: topic= is an empty-valued parameter too.
    {
      row: 'no empty item of a query list',
      op: 'search',
      absent: /^topic \/0 text: the empty string/,
      present: /^topic optional: absent -> pass$/,
    },
    // mercure: values are keyed by name, so the query's text case went into the header as well.
    {
      row: 'no text case for a name a header shares',
      op: 'search',
      absent: /^Last-Event-ID text:/,
      present: /^Last-Event-ID optional: absent -> pass$/,
    },
    // twilio-api-v2010: 1,500 pass cases of 34 x's, refused for the pattern.
    {
      row: 'no length pass case that breaks the pattern',
      op: 'getTemplate',
      absent: /^Sid (min|max)Length: 34 -> pass/,
      present: /^Sid minLength: 33 -> fail$/,
    },
    // mercure, uspto, twilio-oauth: the raw sender writes JSON; a form body's cases were 415s and 400s.
    { row: 'no case from a body in no JSON media type', op: 'publish', absent: /^body/, present: undefined },
  ])('$row', ({ op, absent, present }) => {
    const all = names(op);
    expect(all.filter((name) => absent.test(name))).toEqual([]);
    if (present)
      expect(
        all.some((name) => present.test(name)),
        all.join('\n'),
      ).toBe(true);
  });
});

describe('an example that breaks its own schema is reported once, not carried into every case', () => {
  it('its parameter starts from a schema-built value under the same name (box-2025)', () => {
    const op = model.operations.find((o) => o.operationId === 'getTemplate')!;
    const validate = modelAjv(model);
    const isValid = (schema: unknown, value: unknown) => validate.compile(schema as never)(value);
    const parameters = withValidExamples(model, caseParameters(model, op), isValid);
    for (const p of parameters) {
      expect(p.examples.length, p.name).toBeGreaterThan(0);
      for (const [, value] of p.examples) expect(isValid(p.schema, value), `${p.name}: ${JSON.stringify(value)}`).toBe(true);
    }
    // The boundary cases of limit then start from a valid request, so their verdicts are the constraint's.
    const cases = deriveCases(model, parameters).filter((c) => c.parameter === 'limit' && c.verdict === 'pass');
    expect(cases.map((c) => c.name)).toContain('limit maximum: 1000 -> pass');
  });
});

describe('the raw sender and the mock agree with the spec on the wire', () => {
  it('a request for /accounts/{Sid}.json reaches its operation, and its Sid is checked (twilio-api-v2010: Prism answered 422)', () => {
    const route = wire.route('GET', '/accounts/AC1.json', []);
    expect(route && !('noAction' in route) ? route.operation.operationId : route).toBe('getAccount');
    const refused = wire.route('GET', '/accounts/A.json', []);
    expect(refused && !('noAction' in refused) ? refused.validate({ Sid: 'A' }).ok : refused).toBe(false);
  });

  it('an OAuth2 token travels as a bearer token (Train Travel: 68 derived cases were 401)', () => {
    const op = model.operations.find((o) => o.operationId === 'pay')!;
    expect(authHeaders(op.security[0]!, {}, 'mock').headers.authorization).toBe('Bearer contract-token');
  });

  it('an object documented as text/plain is sent as its JSON text, not a 500 (adobe-com-aem)', async () => {
    const response = await fetch(`${mock.url}/saml`, { signal: AbortSignal.timeout(10_000) });
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'text/plain', '{"pid":"x"}']);
  });

  it('a response header Prism has no value for is left out, not sent as "null" (twilio-lookups)', async () => {
    const response = await fetch(`${mock.url}/cors`, { signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('null');
  });
});

describe("the kit's ajv reads what the generator reads (one rule: emit/ajv-compile.ts)", () => {
  // Strict-mode findings in valid 2020-12 (ajv's strictTuples; strictSchema on a draft-04 `id`, as
  // box-2025 has): the generator compiles them with a warning, the kit's ajv refused them.
  it.each([
    {
      row: 'a tuple without minItems',
      name: 'tuple',
      schema: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
      valid: ['a', 1],
      invalid: ['a', 'b'],
    },
    {
      row: 'a draft-04 id',
      name: 'draft04-id',
      schema: { id: 'Thing', type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      valid: { id: 'x' },
      invalid: { id: 1 },
    },
  ])('$row', async ({ name, schema, valid, invalid }) => {
    const file = join(scratch, `strict-${name}.yaml`);
    writeFileSync(
      file,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Strict', version: '1' },
        servers: [{ url: 'https://strict.example.invalid' }],
        components: { schemas: { Thing: schema } },
        paths: {
          '/thing': {
            get: {
              operationId: 'getThing',
              responses: { '200': { description: 'ok', content: json({ $ref: '#/components/schemas/Thing' }) } },
            },
          },
        },
      }),
    );
    const strictModel = await loadModel(file);
    const validate = modelAjv(strictModel).compile({ $ref: '#/components/schemas/Thing' });
    // Still exact: the value the schema allows passes, the one it forbids does not.
    expect([validate(valid), validate(invalid)]).toEqual([true, false]);
  });
});
