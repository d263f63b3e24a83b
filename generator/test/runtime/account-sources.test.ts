/**
 * Issue 12 from the source (generator/runtime and the model), row by row: the endpoint of a
 * regionId, the aliyun CLI profile reader, the provider path of the credential chain, the
 * redacted view middleware gets, and the spec's servers read into the model. The same behaviour
 * through the generated package and the stand-in is in contract-tests/standin/real-account.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cliProfileCredentials } from '../../runtime/aliyun-config.js';
import { callCredentials } from '../../runtime/credential-providers.js';
import type { Credentials } from '../../runtime/credentials.js';
import { chooseEndpoint } from '../../runtime/endpoint.js';
import { CredentialsError } from '../../runtime/errors.js';
import { attemptView } from '../../runtime/middleware.js';
import { loadSpec } from '../../src/load/openapi-document.js';
import type { Json } from '../../src/load/refs.js';
import { buildApiModel } from '../../src/model/build.js';
import { regionEndpoints } from '../../src/model/servers.js';

const REGIONAL = { url: 'https://slb.{regionId}.aliyuncs.com', central: ['cn-hangzhou', 'us-east-1'] };

describe('chooseEndpoint: endpoint option, else the region rule, else the default', () => {
  const rows: [string, { given: [string | undefined, string | undefined, typeof REGIONAL | undefined]; want: string | RegExp }][] = [
    ['nothing: the default', { given: [undefined, undefined, REGIONAL], want: 'https://default' }],
    ['a central region', { given: [undefined, 'cn-hangzhou', REGIONAL], want: 'https://default' }],
    ['a regional one', { given: [undefined, 'eu-central-1', REGIONAL], want: 'https://slb.eu-central-1.aliyuncs.com' }],
    ['a spec without the rule', { given: [undefined, 'eu-central-1', undefined], want: 'https://default' }],
    ['the endpoint option wins, even over a bad region', { given: ['https://mine', 'not a region', REGIONAL], want: 'https://mine' }],
    // A region ID becomes part of a host name: anything else could send the signed request elsewhere.
    ['a dot', { given: [undefined, 'evil.example', REGIONAL], want: /option regionId must be a region ID/ }],
    ['a slash', { given: [undefined, 'x/..', REGIONAL], want: /option regionId must be a region ID/ }],
    ['an at sign', { given: [undefined, 'user@evil', REGIONAL], want: /option regionId must be a region ID/ }],
    ['upper case', { given: [undefined, 'EU-CENTRAL-1', REGIONAL], want: /option regionId must be a region ID/ }],
    ['a trailing dash', { given: [undefined, 'eu-', REGIONAL], want: /option regionId must be a region ID/ }],
  ];
  it.each(rows)('%s', (_name, { given: [endpoint, regionId, regional], want }) => {
    const run = () => chooseEndpoint('https://default', regional, endpoint, regionId);
    if (typeof want === 'string') expect(run()).toBe(want);
    else expect(run).toThrow(want);
  });
});

describe('cliProfileCredentials: ~/.aliyun/config.json', () => {
  const fail = (why: string) => new CredentialsError('A', `config.json ${why}`);
  const config = (profiles: unknown[], current = 'default') => JSON.stringify({ current, profiles });
  const ak = { name: 'default', mode: 'AK', access_key_id: 'id', access_key_secret: 'secret' };
  const sts = { name: 'temp', mode: 'StsToken', access_key_id: 'sid', access_key_secret: 'ssecret', sts_token: 'tok' };
  const rows: [string, { given: [string | undefined, string | undefined]; want: Credentials | undefined | RegExp }][] = [
    ['no file', { given: [undefined, undefined], want: undefined }],
    ['the current AK profile', { given: [config([ak, sts]), undefined], want: { accessKeyId: 'id', accessKeySecret: 'secret' } }],
    [
      'ALIBABA_CLOUD_PROFILE names the StsToken one',
      { given: [config([ak, sts]), 'temp'], want: { accessKeyId: 'sid', accessKeySecret: 'ssecret', securityToken: 'tok' } },
    ],
    [
      'a current StsToken profile',
      { given: [config([ak, sts], 'temp'), undefined], want: { accessKeyId: 'sid', accessKeySecret: 'ssecret', securityToken: 'tok' } },
    ],
    // The name may be a section of ~/.alibabacloud/credentials: the chain goes on.
    ['a named profile that is not here', { given: [config([ak]), 'other'], want: undefined }],
    ['a current profile that is not here', { given: [config([ak], 'gone'), undefined], want: /has no profile "gone"/ }],
    [
      'not JSON (the text is not quoted: it may hold a secret)',
      { given: ['{"current": "default", "profiles": [secret', undefined], want: /^config\.json is not JSON$/ },
    ],
    ['JSON but no profiles', { given: ['[]', undefined], want: /has no profile "undefined"/ }],
    [
      'mode RamRoleArn: use @alicloud/credentials',
      {
        given: [config([{ ...ak, mode: 'RamRoleArn' }]), undefined],
        want: /profile "default" has mode RamRoleArn, which slbkit does not read: pass a Credential of @alicloud\/credentials/,
      },
    ],
    [
      'mode EcsRamRole',
      { given: [config([{ name: 'default', mode: 'EcsRamRole', ram_role_name: 'r' }]), undefined], want: /has mode EcsRamRole/ },
    ],
    [
      'AK without its secret',
      { given: [config([{ ...ak, access_key_secret: '' }]), undefined], want: /\(mode AK\) lacks access_key_id, access_key_secret$/ },
    ],
    [
      'StsToken without its token',
      {
        given: [config([{ ...sts, sts_token: undefined }]), 'temp'],
        want: /\(mode StsToken\) lacks access_key_id, access_key_secret or sts_token/,
      },
    ],
    ['a key that is not a string', { given: [config([{ ...ak, access_key_id: 42 }]), undefined], want: /lacks/ }],
  ];
  it.each(rows)('%s', (_name, { given: [text, named], want }) => {
    const run = () => cliProfileCredentials(text, named, fail);
    if (want instanceof RegExp) {
      expect(run).toThrow(want);
      expect(() => run()).not.toThrow(/secret"|ssecret|tok\b/);
    } else {
      expect(run()).toEqual(want);
    }
  });
});

describe('callCredentials: a provider is asked, and its answer checked', () => {
  const rows: [string, { given: Parameters<typeof callCredentials>[0]; want: Credentials | RegExp }][] = [
    ['keys: as given', { given: { accessKeyId: 'a', accessKeySecret: 'b' }, want: { accessKeyId: 'a', accessKeySecret: 'b' } }],
    [
      'a provider with a token',
      {
        given: { getCredential: async () => ({ accessKeyId: 'a', accessKeySecret: 'b', securityToken: 't' }) },
        want: { accessKeyId: 'a', accessKeySecret: 'b', securityToken: 't' },
      },
    ],
    // @alicloud/credentials' CredentialModel has more fields (type, bearerToken, ...): only ours are kept.
    [
      'extra fields are dropped',
      {
        given: { getCredential: async () => ({ accessKeyId: 'a', accessKeySecret: 'b', type: 'access_key' }) as never },
        want: { accessKeyId: 'a', accessKeySecret: 'b' },
      },
    ],
    [
      'an empty token is no token',
      {
        given: { getCredential: async () => ({ accessKeyId: 'a', accessKeySecret: 'b', securityToken: '' }) },
        want: { accessKeyId: 'a', accessKeySecret: 'b' },
      },
    ],
    [
      'no secret',
      {
        given: { getCredential: async () => ({ accessKeyId: 'a' }) },
        want: /A: the credentials provider gave no accessKeyId and accessKeySecret; nothing was sent/,
      },
    ],
    ['an answer that is not an object', { given: { getCredential: async () => null as never }, want: /gave no accessKeyId/ }],
    [
      'a throw: name and code only',
      {
        given: { getCredential: async () => Promise.reject(Object.assign(new TypeError('leaked-secret-xyz'), { code: 'E1' })) },
        want: /^A: the credentials provider threw TypeError \(E1\); nothing was sent. Its message is left out \(it may quote a secret\): call getCredential\(\) to read it$/,
      },
    ],
  ];
  it.each(rows)('%s', async (_name, { given, want }) => {
    const outcome = await callCredentials(given, 'A').catch((error: unknown) => error);
    if (want instanceof RegExp) {
      expect(outcome).toBeInstanceOf(CredentialsError);
      expect((outcome as Error).message).toMatch(want);
      expect(JSON.stringify(outcome) + String((outcome as Error).stack)).not.toContain('leaked-secret-xyz');
    } else {
      expect(outcome).toEqual(want);
    }
  });
});

describe("callCredentials: the call's signal ends the wait for a provider", () => {
  const never = { getCredential: () => new Promise<never>(() => {}) };
  const rows: [string, { given: (controller: AbortController) => void; want: string }][] = [
    [
      'aborted while waiting',
      { given: (controller) => setTimeout(() => controller.abort(new Error('stop: waited')), 20), want: 'stop: waited' },
    ],
    ['aborted before', { given: (controller) => controller.abort(new Error('stop: before')), want: 'stop: before' }],
  ];
  it.each(rows)('%s: rejects with the abort reason itself', async (_name, { given, want }) => {
    const controller = new AbortController();
    given(controller);
    const outcome = await callCredentials(never, 'A', controller.signal).catch((error: unknown) => error);
    expect(outcome).toBe(controller.signal.reason);
    expect((outcome as Error).message).toBe(want);
  });

  it('a provider that answers first: the listener is removed', async () => {
    const controller = new AbortController();
    const added: string[] = [];
    const removed: string[] = [];
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => (
      added.push(type), add(type, listener, options)
    )) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: EventListener) => (
      removed.push(type), remove(type, listener)
    )) as typeof signal.removeEventListener;
    await expect(
      callCredentials({ getCredential: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }) }, 'A', signal),
    ).resolves.toEqual({ accessKeyId: 'a', accessKeySecret: 'b' });
    expect([added, removed]).toEqual([['abort'], ['abort']]);
  });
});

describe('attemptView: what middleware sees of a signed request', () => {
  const SECRET = 'view-secret+/=';
  const TOKEN = 'view-token+/=';
  const rows: [
    string,
    { given: { path: string; headers: Record<string, string> }; want: { url: string; headers: Record<string, string> } },
  ][] = [
    [
      'V1: Signature and SecurityToken parameters',
      {
        given: {
          path: `/?AccessKeyId=ak&SecurityToken=${encodeURIComponent(TOKEN)}&Timestamp=t&Signature=abc%3D`,
          headers: { accept: 'application/json' },
        },
        want: {
          url: 'https://slb.aliyuncs.com/?AccessKeyId=ak&SecurityToken=[redacted]&Timestamp=t&Signature=[redacted]',
          headers: { accept: 'application/json' },
        },
      },
    ],
    [
      'V3: the Authorization signature and x-acs-security-token',
      {
        given: {
          path: '/?Format=JSON',
          headers: {
            authorization: 'ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=0123abcd',
            'x-acs-security-token': TOKEN,
            'x-acs-date': 'd',
          },
        },
        want: {
          url: 'https://slb.aliyuncs.com/?Format=JSON',
          headers: {
            authorization: 'ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=[redacted]',
            'x-acs-security-token': '[redacted]',
            'x-acs-date': 'd',
          },
        },
      },
    ],
    [
      'the secret or the token anywhere else, in any encoded form',
      {
        given: { path: `/?Echo=${encodeURIComponent(SECRET)}`, headers: { 'x-echo': `${SECRET} ${TOKEN}` } },
        want: { url: 'https://slb.aliyuncs.com/?Echo=[redacted]', headers: { 'x-echo': '[redacted] [redacted]' } },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const view = attemptView('RemoveBackendServers', 2, { method: 'GET', origin: 'https://slb.aliyuncs.com', ...given }, [SECRET, TOKEN]);
    expect(view).toEqual({ operation: 'RemoveBackendServers', attempt: 2, method: 'GET', ...want });
  });
});

describe('regionEndpoints: the spec servers -> the model', () => {
  const rows: [string, { given: Json[]; want: ReturnType<typeof regionEndpoints> | RegExp }][] = [
    ['no server with {regionId}: no rule', { given: [{ url: 'https://a.example' }], want: {} }],
    [
      'the regional server, and the central list of the first',
      {
        given: [
          { url: 'https://a.example', 'x-slbkit-region-ids': ['cn-hangzhou', 7] },
          { url: 'https://a.{regionId}.example/', variables: { regionId: { default: 'x' } } },
        ],
        want: { regionEndpoints: { url: 'https://a.{regionId}.example', central: ['cn-hangzhou'] } },
      },
    ],
    [
      'another variable takes its default',
      {
        given: [{ url: 'https://{product}.{regionId}.example', variables: { product: { default: 'slb' }, regionId: { default: 'x' } } }],
        want: { regionEndpoints: { url: 'https://slb.{regionId}.example', central: [] } },
      },
    ],
    [
      'a variable without a default',
      {
        given: [{ url: 'https://{product}.{regionId}.example', variables: { product: {}, regionId: { default: 'x' } } }],
        want: /server variable "product" has no string default/,
      },
    ],
    [
      'a variable not defined',
      {
        given: [{ url: 'https://{product}.{regionId}.example', variables: { regionId: { default: 'x' } } }],
        want: /uses a variable it does not define/,
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    if (want instanceof RegExp) expect(() => regionEndpoints(given)).toThrow(want);
    else expect(regionEndpoints(given)).toEqual(want);
  });

  it('the bundled spec: slb.{regionId}.aliyuncs.com, with the regions Alibaba SDK endpoint map sends to slb.aliyuncs.com', async () => {
    const model = buildApiModel(await loadSpec('spec/slb-2014-05-15.yaml'));
    expect(model.defaultEndpoint).toBe('https://slb.aliyuncs.com');
    expect(model.regionEndpoints?.url).toBe('https://slb.{regionId}.aliyuncs.com');
    expect(model.regionEndpoints?.central).toEqual(
      expect.arrayContaining([
        'cn-hangzhou',
        'cn-beijing',
        'cn-shanghai',
        'cn-shenzhen',
        'cn-qingdao',
        'cn-hongkong',
        'ap-southeast-1',
        'us-east-1',
        'us-west-1',
      ]),
    );
    expect(model.regionEndpoints?.central).not.toContain('eu-central-1');
  });
});
