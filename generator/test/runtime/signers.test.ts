/**
 * Each Signer of runtime/signers/ on fixed inputs, against values it cannot produce by agreeing
 * with itself: Alibaba's published worked examples (the V1 DescribeRegions and V3 RunInstances
 * examples of signature.test.ts, whose arithmetic pop-core also checks there) and RFC 7617's
 * basic-authentication example. Then what each signer `owns`: the names it writes, which the
 * generator must refuse as inputs, and nothing else it writes.
 */
import { describe, expect, it } from 'vitest';
import { placeAuth } from '../../runtime/auth.js';
import type { Credentials } from '../../runtime/credentials.js';
import type { OperationDescriptor } from '../../runtime/operation.js';
import {
  type OutgoingRequest,
  queryText,
  sortedQuery,
  type WireRequest,
  wireRequest,
  withLastPair,
  withQuery,
} from '../../runtime/request.js';
import { signV1 } from '../../runtime/signature-v1.js';
import { alibabaV1 } from '../../runtime/signers/alibaba-v1.js';
import { alibabaRpcV3, alibabaV3 } from '../../runtime/signers/alibaba-v3.js';
import { callSigners, signRequest } from '../../runtime/signers/call-signers.js';
import type { Signer, Stamp } from '../../runtime/signers/signer.js';
import { specSecurity } from '../../runtime/signers/spec-security.js';
import { checkSpecNames } from '../../src/model/names.js';
import { checkClientHeaders, SIGNER_OWNED } from '../../src/model/parameters.js';

/** An unsigned request as request.ts builds it (query sorted by name). */
function built(fields: Partial<OutgoingRequest> & { params?: Record<string, string> }): OutgoingRequest {
  const { params = {}, ...rest } = fields;
  return {
    method: 'GET',
    origin: 'https://slb.aliyuncs.com',
    host: 'slb.aliyuncs.com',
    path: '/',
    query: sortedQuery(params),
    headers: {},
    action: 'X',
    version: '',
    ...rest,
  };
}

// Alibaba RPC "Request signatures": DescribeRegions, AccessKeyId testid, secret testsecret.
const V1_KEYS: Credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const V1_STAMP: Stamp = { date: '2016-02-23T12:46:24Z', nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' };
const V1_REQUEST = built({ params: { Action: 'DescribeRegions', Version: '2014-05-26', Format: 'XML' } });
const V1_CANONICAL =
  'AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' +
  '&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26';
const V1_DOC_SIGNATURE = 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=';

// Alibaba "V3 request structure and signature": RunInstances on ecs.cn-shanghai.aliyuncs.com.
const V3_KEYS: Credentials = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' };
const V3_STAMP: Stamp = { date: '2023-10-26T10:22:32Z', nonce: '3156853299f313e23d1673dc12e1703d' };
const V3_REQUEST = built({
  method: 'POST',
  host: 'ecs.cn-shanghai.aliyuncs.com',
  origin: 'https://ecs.cn-shanghai.aliyuncs.com',
  params: { RegionId: 'cn-shanghai', ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd' },
  action: 'RunInstances',
  version: '2014-05-26',
});
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const V3_DOC_AUTHORIZATION =
  'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,' +
  'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';
const V3_DOC_HEADERS = {
  host: 'ecs.cn-shanghai.aliyuncs.com',
  'x-acs-action': 'RunInstances',
  'x-acs-version': '2014-05-26',
  'x-acs-date': '2023-10-26T10:22:32Z',
  'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
  'x-acs-content-sha256': EMPTY_BODY_SHA256,
  authorization: V3_DOC_AUTHORIZATION,
};

// RFC 7617 section 2: user "Aladdin", password "open sesame".
const BASIC = placeAuth('Op', [['basic']], { basic: { type: 'basic' } }, { basic: { username: 'Aladdin', password: 'open sesame' } });
const API_KEY = placeAuth('Op', [['key']], { key: { type: 'apiKey', in: 'query', name: 'api_key' } }, { key: 'k-1' });

interface Row {
  signer: Signer<never>;
  request: OutgoingRequest;
  credentials: unknown;
  stamp: Stamp;
  want: WireRequest;
}

const rows: [string, Row][] = [
  [
    'alibaba-v1, GET: the documented signature, Signature last in the canonical query',
    {
      signer: alibabaV1 as Signer<never>,
      request: V1_REQUEST,
      credentials: V1_KEYS,
      stamp: V1_STAMP,
      want: {
        method: 'GET',
        origin: 'https://slb.aliyuncs.com',
        path: `/?${V1_CANONICAL}&Signature=${encodeURIComponent(V1_DOC_SIGNATURE)}`,
        headers: {},
      },
    },
  ],
  [
    'alibaba-v1, POST: the same parameters as a form body (pop-core lib/rpc.js), signed for POST',
    {
      signer: alibabaV1 as Signer<never>,
      request: { ...V1_REQUEST, method: 'POST' },
      credentials: V1_KEYS,
      stamp: V1_STAMP,
      want: {
        method: 'POST',
        origin: 'https://slb.aliyuncs.com',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `${V1_CANONICAL}&Signature=${encodeURIComponent(signV1('POST', Object.fromEntries(new URLSearchParams(V1_CANONICAL)), 'testsecret'))}`,
      },
    },
  ],
  [
    'alibaba-v1 with an STS token: SecurityToken travels and is signed (in its sorted place)',
    {
      signer: alibabaV1 as Signer<never>,
      request: V1_REQUEST,
      credentials: { ...V1_KEYS, securityToken: 'tok' },
      stamp: V1_STAMP,
      want: {
        method: 'GET',
        origin: 'https://slb.aliyuncs.com',
        path: `/?${V1_CANONICAL.replace('&SignatureMethod', '&SecurityToken=tok&SignatureMethod')}&Signature=${encodeURIComponent(signV1('GET', { ...Object.fromEntries(new URLSearchParams(V1_CANONICAL)), SecurityToken: 'tok' }, 'testsecret'))}`,
        headers: {},
      },
    },
  ],
  [
    'alibaba-v3: the documented header set and Authorization; the query travels as built',
    {
      signer: alibabaV3 as Signer<never>,
      request: V3_REQUEST,
      credentials: V3_KEYS,
      stamp: V3_STAMP,
      want: {
        method: 'POST',
        origin: 'https://ecs.cn-shanghai.aliyuncs.com',
        path: '/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        headers: V3_DOC_HEADERS,
      },
    },
  ],
  [
    // The official runtime's V3 RPC request (@alicloud/openapi-core 1.0.8 doRequest): no Action,
    // Version or Format pair, so the documented example's signature holds for the request
    // request.ts builds for an RPC action (which names them in its query).
    'alibaba-rpc as V3: the Action, Version and Format pairs left out, the documented signature',
    {
      signer: alibabaRpcV3 as Signer<never>,
      request: built({
        ...V3_REQUEST,
        query: sortedQuery({ ...Object.fromEntries(V3_REQUEST.query), Action: 'RunInstances', Version: '2014-05-26', Format: 'JSON' }),
      }),
      credentials: V3_KEYS,
      stamp: V3_STAMP,
      want: {
        method: 'POST',
        origin: 'https://ecs.cn-shanghai.aliyuncs.com',
        path: '/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        headers: V3_DOC_HEADERS,
      },
    },
  ],
  [
    'alibaba-rpc as V3 with Format=XML: the caller asked for XML, no V3 header says it, so the pair stays (and is signed)',
    {
      signer: alibabaRpcV3 as Signer<never>,
      request: built({
        ...V3_REQUEST,
        query: sortedQuery({ ...Object.fromEntries(V3_REQUEST.query), Action: 'RunInstances', Format: 'XML' }),
      }),
      credentials: V3_KEYS,
      stamp: V3_STAMP,
      want: {
        method: 'POST',
        origin: 'https://ecs.cn-shanghai.aliyuncs.com',
        path: '/?Format=XML&ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        headers: {
          ...V3_DOC_HEADERS,
          authorization: expect.stringMatching(
            /^ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;/,
          ) as unknown as string,
        },
      },
    },
  ],
  [
    "alibaba-v3 (a plain HTTP operation) keeps query parameters named Action or Version: they are the spec's own",
    {
      signer: alibabaV3 as Signer<never>,
      request: built({ ...V3_REQUEST, query: sortedQuery({ Action: 'a', Version: 'v' }) }),
      credentials: V3_KEYS,
      stamp: V3_STAMP,
      want: {
        method: 'POST',
        origin: 'https://ecs.cn-shanghai.aliyuncs.com',
        path: '/?Action=a&Version=v',
        headers: { ...V3_DOC_HEADERS, authorization: expect.stringMatching(/^ACS3-HMAC-SHA256 /) as unknown as string },
      },
    },
  ],
  [
    // As the official runtime sends STS keys: x-acs-accesskey-id beside x-acs-security-token, both signed.
    'alibaba-rpc as V3 with an STS token: x-acs-security-token and x-acs-accesskey-id, both signed',
    {
      signer: alibabaRpcV3 as Signer<never>,
      request: V3_REQUEST,
      credentials: { ...V3_KEYS, securityToken: 'tok' },
      stamp: V3_STAMP,
      want: {
        method: 'POST',
        origin: 'https://ecs.cn-shanghai.aliyuncs.com',
        path: '/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        headers: {
          ...V3_DOC_HEADERS,
          'x-acs-security-token': 'tok',
          'x-acs-accesskey-id': 'YourAccessKeyId',
          authorization: expect.stringMatching(
            /^ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/,
          ) as unknown as string,
        },
      },
    },
  ],
  [
    'spec-security, http basic: the RFC 7617 header',
    {
      signer: specSecurity as Signer<never>,
      request: built({ params: { b: '1' } }),
      credentials: BASIC,
      stamp: V1_STAMP,
      want: {
        method: 'GET',
        origin: 'https://slb.aliyuncs.com',
        path: '/?b=1',
        headers: { authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' },
      },
    },
  ],
  [
    // As when the values were placed like the spec's fixed parameters: a hook's header has the last word.
    'spec-security keeps a value the request already has (a middleware hook set authorization)',
    {
      signer: specSecurity as Signer<never>,
      request: built({ headers: { authorization: 'Bearer from-hook' } }),
      credentials: BASIC,
      stamp: V1_STAMP,
      want: { method: 'GET', origin: 'https://slb.aliyuncs.com', path: '/', headers: { authorization: 'Bearer from-hook' } },
    },
  ],
  [
    'spec-security, apiKey in the query: placed in its sorted place',
    {
      signer: specSecurity as Signer<never>,
      request: built({ params: { b: '1', Z: '2' } }),
      credentials: API_KEY,
      stamp: V1_STAMP,
      want: { method: 'GET', origin: 'https://slb.aliyuncs.com', path: '/?Z=2&api_key=k-1&b=1', headers: {} },
    },
  ],
];

describe('each signer on fixed inputs', () => {
  it.each(rows)('%s', (_name, { signer, request, credentials, stamp, want }) => {
    expect(wireRequest(signer.sign(request, credentials as never, stamp))).toEqual(want);
  });

  it('spec-security then alibaba-v3: the key placed in the query is signed (it is in the canonical query V3 signs)', () => {
    const placed = specSecurity.sign(V3_REQUEST, API_KEY, V3_STAMP);
    const signed = alibabaV3.sign(placed, V3_KEYS, V3_STAMP);
    expect(wireRequest(signed).path).toBe('/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai&api_key=k-1');
    // Not the documented signature any more: the extra query parameter is part of what is signed.
    expect(signed.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;/);
    expect(signed.headers.authorization).not.toBe(V3_DOC_AUTHORIZATION);
  });
});

// Which Alibaba signature a call gets (call-signers.ts): the caller's signatureVersion, else the
// spec's default for the action (x-slbkit-signature: v1 names alibaba-rpc-v1), else V3 (DEFAULTS).
describe('the signature version of a call: the option, else the spec, else V3', () => {
  it.each<[string, 'alibaba-rpc' | 'alibaba-rpc-v1' | 'alibaba-v3', 'v1' | 'v3' | undefined, 'v1' | 'v3']>([
    ['an RPC action, no option: V3, the default', 'alibaba-rpc', undefined, 'v3'],
    ['an RPC action, signatureVersion v1', 'alibaba-rpc', 'v1', 'v1'],
    ['an RPC action the spec marks v1, no option: V1', 'alibaba-rpc-v1', undefined, 'v1'],
    ['an RPC action the spec marks v1, signatureVersion v3: the caller wins', 'alibaba-rpc-v1', 'v3', 'v3'],
    ['a plain operation marked v3, signatureVersion v1: V3 whatever the option', 'alibaba-v3', 'v1', 'v3'],
  ])('%s', async (_name, signer, signatureVersion, want) => {
    const operation = { name: 'RunInstances', signers: [signer] } as unknown as OperationDescriptor;
    const call = await callSigners(operation, { credentials: V3_KEYS, signatureVersion }, undefined);
    const signed = signRequest(V3_REQUEST, call, V3_STAMP);
    // V1 by POST (this request's method) sends its Signature in the form body.
    const v1 = new URLSearchParams(typeof signed.body === 'string' ? signed.body : '').has('Signature');
    const sent = signed.headers.authorization?.startsWith('ACS3-HMAC-SHA256 ') ? 'v3' : v1 ? 'v1' : 'none';
    expect(sent).toBe(want);
  });
});

/** The query names and header names a signer's output has that its input had not, or has with another value. */
function written(before: OutgoingRequest, after: OutgoingRequest): string[] {
  const query = (r: OutgoingRequest) => new Map(r.query.map(([name, value]) => [name, value]));
  const [q0, q1] = [query(before), query(after)];
  const names = [...q1].filter(([name, value]) => q0.get(name) !== value).map(([name]) => name);
  // V1 by POST moves the whole query into the form body: its names are the ones written.
  if (after.body !== undefined && after.body !== before.body)
    names.push(
      ...[...new URLSearchParams(String(after.body)).keys()].filter(
        (name) => q0.get(name) !== new URLSearchParams(String(after.body)).get(name),
      ),
    );
  return [...names, ...Object.keys(after.headers).filter((name) => after.headers[name] !== before.headers[name])];
}

describe('what each signer owns', () => {
  it.each(rows)(
    '%s: writes nothing it does not own (content-type aside: the V1 form body)',
    (_name, { signer, request, credentials, stamp }) => {
      const names = written(request, signer.sign(request, credentials as never, stamp)).filter((name) => name !== 'content-type');
      expect(names.filter((name) => !signer.owns.includes(name) && !isApiKeyName(signer, name))).toEqual([]);
    },
  );

  // The model keeps every name a signer writes out of the inputs: V1's as RPC common
  // parameters (model/parameters.ts, never an input), the headers by refusing the spec.
  it.each(alibabaV1.owns)('alibaba-v1 owns %s: the model never takes it as an RPC input', (name) => {
    expect(SIGNER_OWNED).toContain(name);
  });

  // Authorization depends on the operation (issue 19: the spec's value wins where no signer writes
  // it): refused on an RPC action or a V3-signed operation, sent as the spec says elsewhere.
  it.each([
    ['an RPC action', { rpc: true, signed: false }, true],
    ['an operation with x-slbkit-signature: v3', { rpc: false, signed: true }, true],
    ['a plain HTTP operation', { rpc: false, signed: false }, false],
  ] as const)('authorization on %s: refused %s', (_what, operation, refused) => {
    const check = () => checkClientHeaders([{ object: { name: 'Authorization', in: 'header' }, at: '#/p' }], operation);
    if (refused) expect(check).toThrow(/written by the client's transport or signer/);
    else expect(check).not.toThrow();
  });

  it.each([...alibabaV3.owns, ...specSecurity.owns].filter((name) => name !== 'authorization').map((name) => [name]))(
    '%s: a header parameter of that name is refused',
    (name) => {
      const document = {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: {
          '/x': { get: { parameters: [{ name, in: 'header', schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } },
        },
      };
      expect(() => checkSpecNames(document)).toThrow(/written by the client's transport or signer/);
    },
  );
});

/** An apiKey writes the name its scheme gives (the descriptor's `schemes`), not one of `owns`. */
function isApiKeyName(signer: Signer<never>, name: string): boolean {
  return signer === (specSecurity as Signer<never>) && name === 'api_key';
}

describe('the query order signers keep (request.ts): sorted by name in UTF-16 code units, as Alibaba canonicalizes', () => {
  type Pairs = (readonly [string, string])[];
  it.each<[string, { query: Pairs; add: Pairs; want: Pairs }]>([
    [
      'added pairs go to their sorted places',
      {
        query: [
          ['Action', 'A'],
          ['Version', 'v'],
        ],
        add: [
          ['Timestamp', 't'],
          ['AccessKeyId', 'id'],
        ],
        want: [
          ['AccessKeyId', 'id'],
          ['Action', 'A'],
          ['Timestamp', 't'],
          ['Version', 'v'],
        ],
      },
    ],
    [
      'a name already there is replaced, not repeated',
      {
        query: [
          ['Format', 'XML'],
          ['a', '1'],
        ],
        add: [['Format', 'JSON']],
        want: [
          ['Format', 'JSON'],
          ['a', '1'],
        ],
      },
    ],
    [
      'upper case sorts before lower case',
      {
        query: [
          ['B', '1'],
          ['a', '2'],
        ],
        add: [
          ['Z', '3'],
          ['b', '4'],
        ],
        want: [
          ['B', '1'],
          ['Z', '3'],
          ['a', '2'],
          ['b', '4'],
        ],
      },
    ],
    [
      "a repeated name's values keep their order",
      {
        query: [
          ['tag', 'x'],
          ['tag', 'y'],
        ],
        add: [['id', '1']],
        want: [
          ['id', '1'],
          ['tag', 'x'],
          ['tag', 'y'],
        ],
      },
    ],
    [
      'into an empty query',
      {
        query: [],
        add: [
          ['b', '2'],
          ['a', '1'],
        ],
        want: [
          ['a', '1'],
          ['b', '2'],
        ],
      },
    ],
  ])('%s', (_name, { query, add, want }) => {
    expect(withQuery(query, add)).toEqual(want);
  });

  it('sortedQuery writes each value of a repeated name, in the order given', () => {
    expect(sortedQuery({ b: ['2', '1'], a: '0' })).toEqual([
      ['a', '0'],
      ['b', '2'],
      ['b', '1'],
    ]);
  });

  it.each<[string, Pairs]>([
    ['after pairs', [['a', '1 2']]],
    ['after no pairs', []],
  ])('withLastPair writes the same text as writing the longer list from the start: %s', (_name, pairs) => {
    const longer = withLastPair(pairs, 'Signature', 'x+/=');
    expect(queryText(longer)).toBe(queryText([...longer]));
  });
});
