import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../generator/src/api.js';
import { PUBLIC_SPEC } from '../support/kits.js';
import { modelAjv } from '../support/model-ajv.js';
import { BUNDLED_ACTION } from '../support/spec-examples.js';
import { type Mock, startMock } from './server.js';

// The mock given specs other than the bundled one, as a new user would (issue 11, item 3): every
// answer to a broken request is in the spec's own error shape (never a 500), request bodies
// reach Prism, unknown formats are accepted with one warning, security schemes are checked for
// presence, and Alibaba's Format parameter picks the documented media type.

const root = new URL('../../', import.meta.url).pathname;
const fixture = (name: string) => join(root, 'generator/test/fixtures/specs', name);
const scratch = mkdtempSync(join(tmpdir(), 'slbkit-any-spec-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A small spec of our own (JSON is YAML): a query parameter with an unknown format, and bearer and apiKey security. */
const securedSpec = join(scratch, 'secured.yaml');
writeFileSync(
  securedSpec,
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Secured', version: '1' },
    servers: [{ url: 'https://secured.example.invalid' }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' }, keyAuth: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri-reference' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
          },
        },
      },
    },
    paths: {
      '/stations': {
        get: {
          operationId: 'listStations',
          security: [{ bearerAuth: [] }, { keyAuth: [] }],
          parameters: [
            {
              name: 'country',
              in: 'query',
              required: true,
              schema: { type: 'string', format: 'iso-country-code', minLength: 2, maxLength: 2 },
            },
          ],
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['stations'],
                    properties: { stations: { type: 'array', items: { type: 'string' } } },
                  },
                  example: { stations: ['Berlin Hbf'] },
                },
              },
            },
            '400': { description: 'bad', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
            '401': { description: 'who', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          },
        },
      },
    },
  }),
);

interface Row {
  spec: string;
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string };
  want: { status: number; contentType?: RegExp; body?: Record<string, unknown>; schemaStatus?: number; text?: RegExp };
}

const museum = PUBLIC_SPEC;
const basic = { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` };
const event = { name: 'Tea', location: 'Room 1', eventDescription: 'Tea.', dates: ['2023-09-05'], price: 5 };
const health = '/?Action=DescribeHealthStatus&Version=2014-05-15&RegionId=cn-hangzhou&LoadBalancerId=lb-1&AccessKeyId=a&Signature=s';
const bundled = `/?Action=${BUNDLED_ACTION}&Version=2014-05-15&BackendServers=%5B%22vm-1%22%5D&LoadBalancerId=lb-1&RegionId=cn-hangzhou&AccessKeyId=id&Signature=sig&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n-1&Timestamp=2026-01-01T00:00:00Z`;

const rows: [string, Row][] = [
  // The spec documents no InvalidParameter example: the body comes from its `default` error schema {Code, Message, RequestId}.
  [
    'an Alibaba spec without error examples: a port out of range',
    {
      spec: fixture('describe-health-status.yaml'),
      request: { path: `${health}&ListenerPort=70000` },
      want: { status: 400, body: { Code: 'InvalidParameter' }, schemaStatus: 0, text: /\\"ListenerPort\\"/ },
    },
  ],
  [
    'an Alibaba spec without error examples: a valid call',
    { spec: fixture('describe-health-status.yaml'), request: { path: `${health}&ListenerPort=80` }, want: { status: 200 } },
  ],
  [
    'an RPC action without the signature parameters',
    {
      spec: fixture('describe-health-status.yaml'),
      request: { path: health.replace('&AccessKeyId=a&Signature=s', '') },
      want: { status: 400, body: { Code: 'MissingParameter' }, text: /AccessKeyId and Signature/ },
    },
  ],
  [
    'a JSON request body reaches Prism (createSpecialEvent)',
    {
      spec: museum,
      request: {
        method: 'POST',
        path: '/special-events',
        headers: { ...basic, 'content-type': 'application/json' },
        body: JSON.stringify(event),
      },
      want: { status: 201, contentType: /json/ },
    },
  ],
  [
    "a JSON body that breaks its schema: the spec's 400 problem shape",
    {
      spec: museum,
      request: {
        method: 'POST',
        path: '/special-events',
        headers: { ...basic, 'content-type': 'application/json' },
        body: JSON.stringify({ ...event, price: 'free' }),
      },
      want: { status: 400, contentType: /problem\+json/, schemaStatus: 400, text: /\\"body\\"/ },
    },
  ],
  [
    'a required body left out',
    { spec: museum, request: { method: 'POST', path: '/special-events', headers: basic }, want: { status: 400, schemaStatus: 400 } },
  ],
  [
    'a body that is not JSON',
    {
      spec: museum,
      request: { method: 'POST', path: '/special-events', headers: { ...basic, 'content-type': 'application/json' }, body: '{"name":' },
      want: { status: 400, schemaStatus: 400, text: /not valid JSON/ },
    },
  ],
  [
    'http basic security left out: 401',
    { spec: museum, request: { path: '/museum-hours' }, want: { status: 401, text: /Authorization: Basic/ } },
  ],
  [
    'a path parameter that breaks its format',
    {
      spec: museum,
      request: { path: '/special-events/not-a-uuid', headers: basic },
      want: { status: 400, schemaStatus: 400, text: /\\"eventId\\"/ },
    },
  ],
  [
    'bearer or apiKey security: neither',
    {
      spec: securedSpec,
      request: { path: '/stations?country=DE' },
      want: { status: 401, body: { status: 401 }, schemaStatus: 401, text: /Bearer.*or.*X-Api-Key/ },
    },
  ],
  [
    'bearer security present',
    {
      spec: securedSpec,
      request: { path: '/stations?country=DE', headers: { authorization: 'Bearer t' } },
      want: { status: 200, body: { stations: ['Berlin Hbf'] } },
    },
  ],
  [
    'apiKey security present',
    { spec: securedSpec, request: { path: '/stations?country=DE', headers: { 'x-api-key': 'k' } }, want: { status: 200 } },
  ],
  [
    'an unknown format is accepted; its other constraints still apply',
    {
      spec: securedSpec,
      request: { path: '/stations?country=DEU', headers: { 'x-api-key': 'k' } },
      want: { status: 400, body: { status: 400 }, schemaStatus: 400, text: /\\"country\\"/ },
    },
  ],
  [
    'Format=XML: the documented XML body',
    {
      spec: join(root, 'spec/slb-2014-05-15.yaml'),
      request: { path: `${bundled}&Format=XML`, headers: { accept: 'application/json' } },
      want: { status: 200, contentType: /xml/ },
    },
  ],
  [
    'Format=JSON: the documented JSON body',
    {
      spec: join(root, 'spec/slb-2014-05-15.yaml'),
      request: { path: `${bundled}&Format=JSON`, headers: { accept: 'application/xml' } },
      want: { status: 200, contentType: /json/ },
    },
  ],
  [
    "no Format: the parameter's default (XML)",
    { spec: join(root, 'spec/slb-2014-05-15.yaml'), request: { path: bundled }, want: { status: 200, contentType: /xml/ } },
  ],
];

const specs = [...new Set(rows.map(([, row]) => row.spec))];
const mocks = new Map<string, Mock>();
const warnings: string[] = [];
beforeAll(async () => {
  for (const spec of specs) mocks.set(spec, await startMock({ spec, warn: (line) => warnings.push(line) }));
}, 60_000);
afterAll(() => Promise.all([...mocks.values()].map((m) => m.close())));

describe('the mock for any spec', () => {
  it.each(rows)('%s', async (_name, { spec, request, want }) => {
    const answer = await fetch(`${mocks.get(spec)!.url}${request.path}`, {
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await answer.text();
    expect(answer.status, text).toBe(want.status);
    if (want.contentType) expect(answer.headers.get('content-type')).toMatch(want.contentType);
    if (want.text) expect(text).toMatch(want.text);
    if (want.body) expect(JSON.parse(text)).toMatchObject(want.body);
    if (want.schemaStatus !== undefined) {
      // The body validates against the schema the spec documents for that status (ajv over the model).
      const model = await loadModel(spec);
      const op = model.operations.find((o) => o.errors.some((r) => r.status === want.schemaStatus))!;
      const response = op.errors.find((r) => r.status === want.schemaStatus)!;
      const schema = Object.entries(response.schemas).find(([type]) => /json/.test(type))![1];
      const validate = modelAjv(model).compile(schema);
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('warns once, at start, about the format it does not know', () => {
    expect(warnings).toEqual([
      expect.stringMatching(
        /secured\.yaml uses format "iso-country-code" that the mock does not know; values of this format are accepted unchecked/,
      ),
    ]);
  });

  it('--dynamic (startMock({ dynamic: true })): every success body generated from the schema', async () => {
    const dynamic = await startMock({ spec: securedSpec, dynamic: true, warn: () => {} });
    try {
      const answer = await fetch(`${dynamic.url}/stations?country=DE`, {
        headers: { 'x-api-key': 'k' },
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await answer.json()) as { stations: unknown };
      expect(answer.status).toBe(200);
      expect(Array.isArray(body.stations)).toBe(true);
      // Not the documented example: json-schema-faker's strings are random words.
      expect(body).not.toEqual({ stations: ['Berlin Hbf'] });
    } finally {
      await dynamic.close();
    }
  });

  it("Prism's dynamic mode on request (Prefer: dynamic=true): a body generated from the schema, which validates", async () => {
    const answer = await fetch(`${mocks.get(securedSpec)!.url}/stations?country=DE`, {
      headers: { 'x-api-key': 'k', prefer: 'dynamic=true' },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await answer.json()) as { stations: unknown };
    expect(answer.status).toBe(200);
    expect(Array.isArray(body.stations)).toBe(true);
  });
});

describe('npm run mock -- --help', () => {
  it('lists every flag the CLI takes', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'contract-tests/mock/cli.ts'), '--help'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(help.status).toBe(0);
    for (const flag of ['--port', '--spec', '--example', '--dynamic', '--max-body-bytes', '--help'])
      expect(help.stdout).toMatch(new RegExp(`^  ${flag}\\b`, 'm'));
    expect(help.stdout).toMatch(/Prefer: dynamic=true/);
  });
});
