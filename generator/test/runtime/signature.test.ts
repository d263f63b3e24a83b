/**
 * The request signers shipped in the generated client's runtime, pinned to
 * Alibaba Cloud's published worked examples (so they cannot pass by agreeing
 * only with themselves) and, for V1, to @alicloud/pop-core as an oracle.
 * Every key here is a public documentation placeholder, never a real secret.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import RPCClient from '@alicloud/pop-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalizedQuery, percentEncode, type RpcMethod, signV1, stringToSignV1 } from '../../runtime/signature-v1.js';
import {
  authorizationV3,
  canonicalQueryV3,
  canonicalRequestV3,
  hashedPayload,
  protocolHeadersV3,
  signatureV3,
  signedHeaderNames,
  signV3,
  stringToSignV3,
  type V3Request,
} from '../../runtime/signature-v3.js';

// ---------------------------------------------------------------- V1 (HMAC-SHA1)

/** Alibaba Cloud RPC "Request signatures" example: DescribeRegions, AccessKeyId testid, secret testsecret. */
const V1_DOC_PARAMS: Readonly<Record<string, string>> = {
  // Listed in the order of the docs' unsigned URL, not sorted: sorting is part of what is tested.
  Timestamp: '2016-02-23T12:46:24Z',
  Format: 'XML',
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  Version: '2014-05-26',
  SignatureVersion: '1.0',
};
const V1_DOC_STRING_TO_SIGN =
  'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML' +
  '%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' +
  '%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26';
const V1_DOC_SIGNATURE = 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=';

describe('signature V1: documented DescribeRegions example', () => {
  it.each<[string, () => string, string]>([
    ['string to sign', () => stringToSignV1('GET', V1_DOC_PARAMS), V1_DOC_STRING_TO_SIGN],
    ['signature', () => signV1('GET', V1_DOC_PARAMS, 'testsecret'), V1_DOC_SIGNATURE],
    ['signature ignores a Signature param', () => signV1('GET', { ...V1_DOC_PARAMS, Signature: 'stale' }, 'testsecret'), V1_DOC_SIGNATURE],
  ])('%s', (_step, given, want) => {
    expect(given()).toBe(want);
  });
});

describe('percentEncode (RFC 3986, POP flavour)', () => {
  it.each<[string, string]>([
    ['AZaz09-_.~', 'AZaz09-_.~'],
    ['a b', 'a%20b'],
    ['*', '%2A'],
    ['~', '~'],
    ['+', '%2B'],
    ["!'()", '%21%27%28%29'],
    ['/', '%2F'],
    ['=', '%3D'],
    ['&', '%26'],
    ['%', '%25'],
    ['2016-02-23T12:46:24Z', '2016-02-23T12%3A46%3A24Z'],
    ['中文', '%E4%B8%AD%E6%96%87'],
    ['😀', '%F0%9F%98%80'],
    ['', ''],
  ])('%j -> %j', (given, want) => {
    expect(percentEncode(given)).toBe(want);
  });

  it('rejects a lone surrogate, which has no UTF-8 form', () => {
    expect(() => percentEncode('\uD800')).toThrow(/lone surrogate/);
  });
});

describe('canonicalizedQuery', () => {
  it.each<[string, Record<string, string>, string]>([
    ['sorts by code unit: upper case before lower case', { b: '1', a: '2', B: '3' }, 'B=3&a=2&b=1'],
    ['sorts raw names, then encodes them', { 'a b': '1', a: '2', 'a*': '3' }, 'a=2&a%20b=1&a%2A=3'],
    ['leaves Signature out', { Signature: 'x', Action: 'Y' }, 'Action=Y'],
    ['keeps empty values as name=', { Empty: '' }, 'Empty='],
  ])('%s', (_name, given, want) => {
    expect(canonicalizedQuery(given)).toBe(want);
  });
});

// -------------------------------------------------- V1 against @alicloud/pop-core

/**
 * pop-core 1.8.0 exports no pure signer: RPCClient#request builds the
 * parameters (with its own Timestamp and SignatureNonce), signs and sends.
 * So a local server stands in for Alibaba Cloud and records what pop-core's
 * own code put on the wire; we re-sign those parameters and compare.
 */
interface Wire {
  /** The raw query (GET) or form body (POST), exactly as pop-core wrote it. */
  raw: string;
  params: Record<string, string>;
}

const ORACLE_SECRET = 'testsecret';
const ORACLE_RUNS = 300;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseForm(raw: string): Record<string, string> {
  return Object.fromEntries(
    raw.split('&').map((pair) => {
      const at = pair.indexOf('=');
      return [decodeURIComponent(pair.slice(0, at)), decodeURIComponent(pair.slice(at + 1))];
    }),
  );
}

let server: Server;
let endpoint: string;
const received: Wire[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const raw = request.method === 'POST' ? body : (request.url ?? '').replace(/^[^?]*\?/, '');
      received.push({ raw, params: parseForm(raw) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"stand-in"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // pop-core keeps its sockets alive; close them or server.close() never returns.
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** One code point that is likely to break an encoder, or any code point at all. */
const trickyChar = fc.oneof(
  fc.constantFrom(' ', '*', '~', '+', '!', "'", '(', ')', '/', '=', '&', '%', '?', '#', ':', '中', '文', 'é', '😀'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const paramName = fc.string({ unit: trickyChar, maxLength: 12 }).filter((name) => name !== 'Signature' && name !== '__proto__');
const paramValue = fc.string({ unit: trickyChar, maxLength: 24 });
const paramSet = fc
  .uniqueArray(fc.tuple(paramName, paramValue), { selector: ([name]) => name, maxLength: 8 })
  .map((entries): Record<string, string> => Object.fromEntries(entries));

describe('signature V1 agrees with @alicloud/pop-core', () => {
  it.each<[RpcMethod]>([['GET'], ['POST']])(
    '%s: same canonical query and same signature for random parameters',
    async (method) => {
      const client = new RPCClient({ endpoint, apiVersion: '2014-05-15', accessKeyId: 'testid', accessKeySecret: ORACLE_SECRET });
      await fc.assert(
        fc.asyncProperty(paramSet, async (params) => {
          received.length = 0;
          // formatParams: false, or pop-core upper-cases each name's first letter.
          await client.request('RemoveBackendServers', params, { method, formatParams: false });
          const wire = received[0];
          if (wire === undefined) throw new Error('pop-core sent nothing');
          const { Signature: popSignature = '', ...signed } = wire.params;
          expect(signed).toMatchObject(params);
          expect(wire.raw).toBe(`${canonicalizedQuery(signed)}&Signature=${percentEncode(popSignature)}`);
          expect(signV1(method, signed, ORACLE_SECRET)).toBe(popSignature);
        }),
        { numRuns: ORACLE_RUNS },
      );
    },
    60_000,
  );
});

// ------------------------------------------------------- V3 (ACS3-HMAC-SHA256)

/**
 * Alibaba Cloud "V3 request structure and signature", fixed-value example:
 * RunInstances on ecs.cn-shanghai.aliyuncs.com, parameters in the query, no body.
 */
const V3_DOC_REQUEST: V3Request = {
  method: 'POST',
  host: 'ecs.cn-shanghai.aliyuncs.com',
  pathname: '/',
  query: { RegionId: 'cn-shanghai', ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd' },
  headers: {},
  body: '',
};
const V3_DOC_CREDENTIALS = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' };
const V3_DOC_STAMP = { date: '2023-10-26T10:22:32Z', nonce: '3156853299f313e23d1673dc12e1703d' };
const V3_DOC_ACTION = 'RunInstances';
const V3_DOC_VERSION = '2014-05-26';

const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const V3_DOC_SIGNED_HEADERS = 'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version';
const V3_DOC_CANONICAL_REQUEST = [
  'POST',
  '/',
  'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
  'host:ecs.cn-shanghai.aliyuncs.com\n' +
    'x-acs-action:RunInstances\n' +
    `x-acs-content-sha256:${EMPTY_BODY_SHA256}\n` +
    'x-acs-date:2023-10-26T10:22:32Z\n' +
    'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n' +
    'x-acs-version:2014-05-26\n',
  V3_DOC_SIGNED_HEADERS,
  EMPTY_BODY_SHA256,
].join('\n');
const V3_DOC_STRING_TO_SIGN = 'ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259';
const V3_DOC_SIGNATURE = '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';
const V3_DOC_AUTHORIZATION = `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${V3_DOC_SIGNED_HEADERS},Signature=${V3_DOC_SIGNATURE}`;

describe('signature V3: documented RunInstances example, step by step', () => {
  const headers = protocolHeadersV3(V3_DOC_REQUEST, V3_DOC_CREDENTIALS, V3_DOC_STAMP, V3_DOC_ACTION, V3_DOC_VERSION);
  const canonicalRequest = canonicalRequestV3({ ...V3_DOC_REQUEST, headers });
  const stringToSign = stringToSignV3(canonicalRequest);

  it.each<[string, () => unknown, unknown]>([
    ['hashed payload (empty body)', () => hashedPayload(V3_DOC_REQUEST.body), EMPTY_BODY_SHA256],
    ['canonical query string', () => canonicalQueryV3(V3_DOC_REQUEST.query), V3_DOC_CANONICAL_REQUEST.split('\n')[2]],
    ['signed headers', () => signedHeaderNames(headers).join(';'), V3_DOC_SIGNED_HEADERS],
    ['canonical request', () => canonicalRequest, V3_DOC_CANONICAL_REQUEST],
    ['string to sign', () => stringToSign, V3_DOC_STRING_TO_SIGN],
    ['signature', () => signatureV3(stringToSign, V3_DOC_CREDENTIALS.accessKeySecret), V3_DOC_SIGNATURE],
    ['authorization', () => authorizationV3('YourAccessKeyId', signedHeaderNames(headers), V3_DOC_SIGNATURE), V3_DOC_AUTHORIZATION],
    [
      'signV3 header set',
      () => signV3(V3_DOC_REQUEST, V3_DOC_CREDENTIALS, V3_DOC_STAMP, V3_DOC_ACTION, V3_DOC_VERSION),
      {
        host: 'ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action': 'RunInstances',
        'x-acs-version': '2014-05-26',
        'x-acs-date': '2023-10-26T10:22:32Z',
        'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
        'x-acs-content-sha256': EMPTY_BODY_SHA256,
        authorization: V3_DOC_AUTHORIZATION,
      },
    ],
  ])('%s', (_step, given, want) => {
    expect(given()).toEqual(want);
  });
});

describe('signature V3: headers beyond the documented example', () => {
  const sign = (request: Partial<V3Request>, securityToken?: string): Record<string, string> =>
    signV3(
      { ...V3_DOC_REQUEST, ...request },
      securityToken === undefined ? V3_DOC_CREDENTIALS : { ...V3_DOC_CREDENTIALS, securityToken },
      V3_DOC_STAMP,
      V3_DOC_ACTION,
      V3_DOC_VERSION,
    );
  const signedHeadersOf = (headers: Record<string, string>): string => /SignedHeaders=([^,]*)/.exec(headers.authorization ?? '')?.[1] ?? '';

  // Last column: whether the Authorization must still be the documented one.
  it.each<[string, Record<string, string>, Record<string, string>, string, boolean]>([
    [
      // As the official runtime sends STS keys (@alicloud/openapi-core 1.0.8 doRequest): the token and its AccessKeyId, both signed.
      'an STS token travels as x-acs-security-token, beside x-acs-accesskey-id, both signed',
      sign({}, 'YourSecurityToken'),
      { 'x-acs-security-token': 'YourSecurityToken', 'x-acs-accesskey-id': 'YourAccessKeyId' },
      'host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version',
      false,
    ],
    [
      'content-type is signed, other caller headers are sent but not signed',
      sign({ headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'slbkit' } }),
      { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'slbkit' },
      `content-type;${V3_DOC_SIGNED_HEADERS}`,
      false,
    ],
    [
      'the body hash becomes x-acs-content-sha256',
      sign({ body: 'a=1' }),
      { 'x-acs-content-sha256': hashedPayload('a=1') },
      V3_DOC_SIGNED_HEADERS,
      false,
    ],
    [
      'protocol headers win over a caller header of the same name',
      sign({ headers: { 'X-Acs-Action': 'Forged', Authorization: 'stale' } }),
      { 'x-acs-action': 'RunInstances' },
      V3_DOC_SIGNED_HEADERS,
      true,
    ],
  ])('%s', (_name, headers, wantHeaders, wantSignedHeaders, sameAsDoc) => {
    expect(headers).toMatchObject(wantHeaders);
    expect(signedHeadersOf(headers)).toBe(wantSignedHeaders);
    expect(headers.authorization === V3_DOC_AUTHORIZATION).toBe(sameAsDoc);
  });
});
