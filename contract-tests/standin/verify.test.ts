import { describe, expect, it } from 'vitest';
import { percentEncode } from './pop-encoding.js';
import { stringToSignV1, verifyV1 } from './verify-v1.js';
import {
  canonicalRequestV3,
  parseAuthorizationV3,
  type RequestV3,
  stringToSignV3,
  unsignedRequiredHeaders,
  verifyV3,
} from './verify-v3.js';

describe('percentEncode (POP encoding)', () => {
  it.each([
    ['space', { given: 'a b', want: 'a%20b' }],
    ['asterisk', { given: '*', want: '%2A' }],
    ['tilde stays', { given: '~', want: '~' }],
    ['unreserved stay', { given: 'Az09-_.', want: 'Az09-_.' }],
    ['sub-delims', { given: "!'()+=&", want: '%21%27%28%29%2B%3D%26' }],
    ['slash and colon', { given: '/:', want: '%2F%3A' }],
    ['UTF-8 bytes', { given: 'é', want: '%C3%A9' }],
    ['JSON', { given: '["vm-233"]', want: '%5B%22vm-233%22%5D' }],
  ])('%s', (_name, { given, want }) => {
    expect(percentEncode(given)).toBe(want);
  });
});

// The signature V1 example from Alibaba's "Request signatures" page for RPC APIs.
const v1Documented = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'XML',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
  Version: '2014-05-26',
  Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=',
};

describe('signature V1', () => {
  it('builds the documented string to sign', () => {
    expect(stringToSignV1('GET', v1Documented)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
  });

  it.each([
    ['the documented request', { method: 'GET', params: v1Documented, secret: 'testsecret', want: true }],
    ['a tampered parameter', { method: 'GET', params: { ...v1Documented, Format: 'JSON' }, secret: 'testsecret', want: false }],
    ['an added parameter', { method: 'GET', params: { ...v1Documented, RegionId: 'cn-hangzhou' }, secret: 'testsecret', want: false }],
    [
      'a tampered signature',
      { method: 'GET', params: { ...v1Documented, Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qZ=' }, secret: 'testsecret', want: false },
    ],
    ['no signature', { method: 'GET', params: { ...v1Documented, Signature: undefined }, secret: 'testsecret', want: false }],
    ['another method', { method: 'POST', params: v1Documented, secret: 'testsecret', want: false }],
    ['another secret', { method: 'GET', params: v1Documented, secret: 'testsecret2', want: false }],
  ])('%s', (_name, { method, params, secret, want }) => {
    const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;
    expect(verifyV1(method, defined, secret).ok).toBe(want);
  });
});

// The signature V3 example from Alibaba's "Request syntax and signature method V3" page:
// RunInstances on ECS with an empty body and the parameters in the query string.
const emptyBodyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const signedHeaders = 'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version';
const v3Documented: RequestV3 = {
  method: 'POST',
  path: '/',
  query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': emptyBodyHash,
  },
  body: '',
};
const v3Authorization =
  `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${signedHeaders},` +
  'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';

describe('signature V3', () => {
  it('builds the documented canonical request and string to sign', () => {
    const canonical = canonicalRequestV3(v3Documented, signedHeaders.split(';'));
    expect(canonical).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${emptyBodyHash}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        signedHeaders,
        emptyBodyHash,
      ].join('\n'),
    );
    expect(stringToSignV3(canonical)).toBe('ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
  });

  const withHeader = (name: string, value: string): RequestV3 => ({
    ...v3Documented,
    headers: { ...v3Documented.headers, [name]: value },
  });
  it.each([
    ['the documented request', { request: v3Documented, authorization: v3Authorization, secret: 'YourAccessKeySecret', want: true }],
    ['another secret', { request: v3Documented, authorization: v3Authorization, secret: 'OtherSecret', want: false }],
    [
      'a tampered signature',
      { request: v3Documented, authorization: v3Authorization.replace(/c0$/, 'c1'), secret: 'YourAccessKeySecret', want: false },
    ],
    [
      'a tampered query value',
      {
        request: { ...v3Documented, query: { ...v3Documented.query, RegionId: 'cn-beijing' } },
        authorization: v3Authorization,
        secret: 'YourAccessKeySecret',
        want: false,
      },
    ],
    [
      'a tampered signed header',
      { request: withHeader('x-acs-signature-nonce', 'abc'), authorization: v3Authorization, secret: 'YourAccessKeySecret', want: false },
    ],
    [
      'an unsigned header added',
      { request: withHeader('user-agent', 'x'), authorization: v3Authorization, secret: 'YourAccessKeySecret', want: true },
    ],
    [
      'a body added',
      { request: { ...v3Documented, body: 'a=b' }, authorization: v3Authorization, secret: 'YourAccessKeySecret', want: false },
    ],
    [
      'another method',
      { request: { ...v3Documented, method: 'GET' }, authorization: v3Authorization, secret: 'YourAccessKeySecret', want: false },
    ],
  ])('%s', (_name, { request, authorization, secret, want }) => {
    const parsed = parseAuthorizationV3(authorization);
    expect(parsed).toBeDefined();
    expect(verifyV3(request, parsed!, secret).ok).toBe(want);
  });

  it.each([
    [
      'the documented header',
      {
        given: v3Authorization,
        want: {
          accessKeyId: 'YourAccessKeyId',
          signedHeaders: signedHeaders.split(';'),
          signature: '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
        },
      },
    ],
    ['another algorithm', { given: v3Authorization.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3'), want: undefined }],
    ['no Signature', { given: `ACS3-HMAC-SHA256 Credential=a,SignedHeaders=${signedHeaders}`, want: undefined }],
    ['a part without =', { given: `${v3Authorization},junk`, want: undefined }],
  ])('parses Authorization: %s', (_name, { given, want }) => {
    expect(parseAuthorizationV3(given)).toEqual(want);
  });

  it.each([
    ['all signed', { signed: signedHeaders.split(';'), want: [] }],
    [
      'host and x-acs-date left out',
      { signed: ['x-acs-action', 'x-acs-content-sha256', 'x-acs-signature-nonce', 'x-acs-version'], want: ['host', 'x-acs-date'] },
    ],
  ])('finds unsigned required headers: %s', (_name, { signed, want }) => {
    expect(unsignedRequiredHeaders({ ...v3Documented.headers, 'user-agent': 'x' }, signed)).toEqual(want);
  });
});
