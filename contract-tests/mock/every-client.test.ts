import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mock, startMock } from './server.js';

// The mock serves every client (issue 22, item 4): Alibaba's V3 requests as the official SDK
// sends them (@alicloud/openapi-core: POST, every parameter in the query, the action and version
// only in the x-acs-action / x-acs-version headers) are routed to their action; an RPC call that
// names no action of the spec gets Alibaba's 404 InvalidAction.NotFound, never the first action's
// answer; a query value whose schema is a oneOf of numbers (SLB's Bandwidth: 1 to 5120, or -1) is
// read as a number. Every row runs through the real mock over HTTP on 127.0.0.1.

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-every-client-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const regionId = { name: 'RegionId', in: 'query', required: true, schema: { type: 'string', minLength: 1 } };
const badRequest = {
  description: 'A parameter is missing or not valid.',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      examples: {
        invalid: {
          value: {
            Code: 'InvalidParameter',
            Message: 'The specified parameter is not valid.',
            RequestId: 'R-1',
            HostId: 'slb.aliyuncs.com',
          },
        },
      },
    },
  },
};
const ok = (properties: Record<string, object>, example: Record<string, unknown>) => ({
  description: 'OK',
  content: { 'application/json': { schema: { type: 'object', properties }, examples: { documentedSuccess: { value: example } } } },
});
/** Two actions, DescribeLoadBalancers first: the action a request that names none used to get. */
const spec = join(scratch, 'two-actions.yaml');
writeFileSync(
  spec,
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Two SLB actions', version: '2014-05-15' },
    servers: [{ url: 'https://slb.aliyuncs.com' }],
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['Code', 'Message', 'RequestId', 'HostId'],
          properties: { Code: { type: 'string' }, Message: { type: 'string' }, RequestId: { type: 'string' }, HostId: { type: 'string' } },
        },
      },
    },
    paths: Object.fromEntries(
      [
        // RegionId optional here: a request for CreateLoadBalancer without it, routed here, would pass.
        ['DescribeLoadBalancers', [{ ...regionId, required: false }], ok({ TotalCount: { type: 'integer' } }, { TotalCount: 0 })],
        [
          'CreateLoadBalancer',
          [
            regionId,
            // SLB's Bandwidth as the official SDK's metadata has it: 1 to 5120, or -1 (no limit).
            { name: 'Bandwidth', in: 'query', schema: { oneOf: [{ type: 'integer', minimum: 1, maximum: 5120 }, { const: -1 }] } },
          ],
          ok({ LoadBalancerId: { type: 'string' } }, { LoadBalancerId: 'lb-created' }),
        ],
      ].map(([action, parameters, success]) => [
        `/?Action=${action}`,
        Object.fromEntries(
          ['get', 'post'].map((method) => [
            method,
            {
              operationId: method === 'get' ? action : `${action}ByPost`,
              parameters,
              responses: { '200': success, '400': badRequest },
            },
          ]),
        ),
      ]),
    ),
  }),
);

/** The signer's V1 pairs the mock checks for presence (it verifies no secret). */
const V1 =
  'Version=2014-05-15&Format=JSON&AccessKeyId=id&Signature=sig&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n-1&Timestamp=2026-01-01T00:00:00Z';
/** The official SDK's V3 headers (the Authorization's signature is not verified by the mock). */
const v3 = (action: string) => ({
  'x-acs-action': action,
  'x-acs-version': '2014-05-15',
  'x-acs-signature-nonce': 'n-1',
  'x-acs-date': '2026-01-01T00:00:00Z',
  'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  authorization: 'ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-action;x-acs-date,Signature=0123abcd',
});

interface Row {
  name: string;
  method: 'GET' | 'POST';
  target: string;
  headers?: Record<string, string>;
  want: { status: number; code?: string; has?: string; message?: RegExp };
}

const rows: Row[] = [
  // Each of these got 200 with DescribeLoadBalancers's answer before: the mock routed by the Action pair only.
  {
    name: 'V3: the x-acs-action header picks the action',
    method: 'POST',
    target: '/?RegionId=cn-hangzhou',
    headers: v3('CreateLoadBalancer'),
    want: { status: 200, has: 'LoadBalancerId' },
  },
  {
    name: 'V3: a required parameter missing is refused for the header action',
    method: 'POST',
    target: '/?Bandwidth=10',
    headers: v3('CreateLoadBalancer'),
    want: { status: 400, code: 'MissingParameter', message: /"RegionId"/ },
  },
  {
    name: 'V3: a header action with a oneOf-of-numbers value at its special value',
    method: 'POST',
    target: '/?RegionId=cn-hangzhou&Bandwidth=-1',
    headers: v3('CreateLoadBalancer'),
    want: { status: 200, has: 'LoadBalancerId' },
  },
  {
    name: 'V3: an action the spec does not have',
    method: 'POST',
    target: '/?RegionId=cn-hangzhou',
    headers: v3('DescribeRegions'),
    want: { status: 404, code: 'InvalidAction.NotFound' },
  },
  {
    name: 'V1: no action at all, signed',
    method: 'GET',
    target: `/?${V1}&RegionId=cn-hangzhou`,
    want: { status: 404, code: 'InvalidAction.NotFound', message: /names no action/ },
  },
  {
    name: 'V1: an Action pair the spec does not have',
    method: 'GET',
    target: `/?Action=DescribeRegions&${V1}&RegionId=cn-hangzhou`,
    want: { status: 404, code: 'InvalidAction.NotFound' },
  },
  // These got 400 InvalidParameter before: "-1" and "5120" stayed text against a oneOf of numbers.
  {
    name: 'V1: Bandwidth=-1 (the const branch of the oneOf)',
    method: 'GET',
    target: `/?Action=CreateLoadBalancer&${V1}&RegionId=cn-hangzhou&Bandwidth=-1`,
    want: { status: 200, has: 'LoadBalancerId' },
  },
  {
    name: 'V1: Bandwidth=5120 (the range branch, at its maximum), by POST',
    method: 'POST',
    target: `/?Action=CreateLoadBalancer&${V1}&RegionId=cn-hangzhou&Bandwidth=5120`,
    want: { status: 200, has: 'LoadBalancerId' },
  },
  // A control: the coercion must not make every number valid (passes on main too).
  {
    name: 'V1: Bandwidth=0 is in neither branch',
    method: 'GET',
    target: `/?Action=CreateLoadBalancer&${V1}&RegionId=cn-hangzhou&Bandwidth=0`,
    want: { status: 400, code: 'InvalidParameter', message: /"Bandwidth"/ },
  },
];

describe('the mock serves every client', () => {
  let mock: Mock;
  let bundled: Mock;
  const lines: string[] = [];
  beforeAll(async () => {
    [mock, bundled] = await Promise.all([startMock({ spec, log: (line) => lines.push(line) }), startMock()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([mock?.close(), bundled?.close()]);
  });

  it.each(rows)('$name', async ({ method, target, headers, want }) => {
    const answer = await fetch(`${mock.url}${target}`, { method, headers: headers ?? {}, signal: AbortSignal.timeout(10_000) });
    const body = (await answer.json()) as Record<string, unknown>;
    expect({ status: answer.status, code: body.Code }).toEqual({ status: want.status, code: want.code });
    if (want.has) expect(body).toHaveProperty(want.has);
    if (want.message) expect(String(body.Message)).toMatch(want.message);
  });

  it('the log line names the action of a V3 call (from its header)', async () => {
    await fetch(`${mock.url}/?RegionId=cn-hangzhou`, {
      method: 'POST',
      headers: v3('CreateLoadBalancer'),
      signal: AbortSignal.timeout(10_000),
    });
    expect(lines.at(-1)).toMatch(/^POST \/ Action=CreateLoadBalancer -> 200 \(\d+ ms\)$/);
  });

  // The bundled spec (one action on `/`, form (a)): an unknown Action was refused as InvalidParameter "Action" before;
  // Alibaba's gateway (and the stand-in) answer 404 InvalidAction.NotFound.
  it('the bundled spec: an unknown Action is InvalidAction.NotFound', async () => {
    const answer = await fetch(`${bundled.url}/?Action=DescribeRegions&${V1}&RegionId=cn-hangzhou`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect([answer.status, ((await answer.json()) as { Code: string }).Code]).toEqual([404, 'InvalidAction.NotFound']);
  });
});
