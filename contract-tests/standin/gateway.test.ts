import { describe, expect, it } from 'vitest';
import {
  type AccessKey,
  authenticate,
  type GatewayContext,
  type GatewayRequest,
  MAX_CLOCK_SKEW_MS,
  NonceMemory,
  readGatewayRequest,
} from './gateway.js';
import { ACTION, API_VERSION, DEFAULT_ACCESS_KEY } from './server.js';
import { buildRequest, gatewayTimestamp, type TestCall } from './sign-for-tests.js';

// authenticate is a function of the request, the keys and the gateway's clock and nonce memory:
// these rows call it directly, with requests signed by this folder's own test signer, and no
// server. The HTTP path through the same function is server.test.ts's.

const NOW = Date.parse('2026-12-07T12:00:00Z');
const STS = { id: 'sts-key', secret: 'sts-secret', token: 'sts-token' };
const KEYS: Record<string, AccessKey> = {
  [DEFAULT_ACCESS_KEY.id]: { secret: DEFAULT_ACCESS_KEY.secret },
  [STS.id]: { secret: STS.secret, securityToken: STS.token },
};
const PARAMS = { RegionId: 'cn-east-hangzhou-01', LoadBalancerId: 'lb-1', BackendServers: '["vm-1"]' };
const ORIGIN = 'http://127.0.0.1:8080';

/** A signed call as the gateway reads it (V3 signs the host header, which fetch would send). */
function requestOf(call: TestCall): GatewayRequest {
  const built = buildRequest(ORIGIN, { timestamp: gatewayTimestamp(NOW), params: PARAMS, ...call });
  const headers = Object.fromEntries(Object.entries(built.headers).map(([name, value]) => [name.toLowerCase(), value]));
  if (call.scheme === 'v3') headers.host = built.url.host;
  return readGatewayRequest(built.method, built.url, headers, Buffer.from(built.body ?? ''));
}

const context = (): GatewayContext => ({ now: () => NOW, nonces: new Set(), versions: { [ACTION]: API_VERSION } });

type Want = { accessKeyId: string } | { code: string; message?: RegExp };

const rows: [string, { given: TestCall; want: Want }][] = [
  ['valid V1, GET', { given: { scheme: 'v1', method: 'GET' }, want: { accessKeyId: DEFAULT_ACCESS_KEY.id } }],
  ['valid V1, POST form', { given: { scheme: 'v1', method: 'POST' }, want: { accessKeyId: DEFAULT_ACCESS_KEY.id } }],
  ['valid V3, GET', { given: { scheme: 'v3', method: 'GET' }, want: { accessKeyId: DEFAULT_ACCESS_KEY.id } }],
  ['valid V3, POST form', { given: { scheme: 'v3', method: 'POST' }, want: { accessKeyId: DEFAULT_ACCESS_KEY.id } }],
  [
    'valid V1 with the STS token of its key',
    { given: { scheme: 'v1', accessKeyId: STS.id, secret: STS.secret, securityToken: STS.token }, want: { accessKeyId: STS.id } },
  ],
  // The gateway does not judge the action's values: 21 servers authenticate, the action refuses them.
  [
    'valid V1 whose BackendServers the action will refuse',
    {
      given: { scheme: 'v1', params: { ...PARAMS, BackendServers: JSON.stringify(Array.from({ length: 21 }, (_, i) => `vm-${i}`)) } },
      want: { accessKeyId: DEFAULT_ACCESS_KEY.id },
    },
  ],
  [
    'V1 signed with a wrong secret',
    { given: { scheme: 'v1', secret: 'wrong' }, want: { code: 'SignatureDoesNotMatch', message: /string to sign is:(GET|POST)&/ } },
  ],
  ['V3 signed with a wrong secret', { given: { scheme: 'v3', secret: 'wrong' }, want: { code: 'SignatureDoesNotMatch' } }],
  [
    'V1 changed after signing',
    {
      given: { scheme: 'v1', method: 'GET', tamper: (r) => r.url.searchParams.set('LoadBalancerId', 'lb-other') },
      want: { code: 'SignatureDoesNotMatch' },
    },
  ],
  [
    'V3 body changed after signing',
    { given: { scheme: 'v3', tamper: (r) => void (r.body = 'LoadBalancerId=lb-other') }, want: { code: 'SignatureDoesNotMatch' } },
  ],
  [
    'V1 without AccessKeyId',
    { given: { scheme: 'v1', omit: ['AccessKeyId'] }, want: { code: 'MissingParameter', message: /"AccessKeyId"/ } },
  ],
  ['V1 with an unknown AccessKeyId', { given: { scheme: 'v1', accessKeyId: 'nobody' }, want: { code: 'InvalidAccessKeyId.NotFound' } }],
  // An AccessKeyId spelled like an Object.prototype member is a key like any other: not found.
  [
    'V1 with AccessKeyId "constructor"',
    { given: { scheme: 'v1', accessKeyId: 'constructor' }, want: { code: 'InvalidAccessKeyId.NotFound' } },
  ],
  ['V3 with an unknown AccessKeyId', { given: { scheme: 'v3', accessKeyId: 'nobody' }, want: { code: 'InvalidAccessKeyId.NotFound' } }],
  [
    'V1 without Signature',
    {
      given: { scheme: 'v1', tamper: (r) => void (r.body = r.body?.replace(/&Signature=[^&]*/, '')) },
      want: { code: 'MissingParameter', message: /"Signature"/ },
    },
  ],
  [
    'V1 timestamp 16 minutes old',
    { given: { scheme: 'v1', timestamp: gatewayTimestamp(NOW - 16 * 60_000) }, want: { code: 'InvalidTimeStamp.Expired' } },
  ],
  [
    'V3 date 16 minutes ahead',
    { given: { scheme: 'v3', timestamp: gatewayTimestamp(NOW + 16 * 60_000) }, want: { code: 'InvalidTimeStamp.Expired' } },
  ],
  [
    'V1 timestamp 14 minutes old: inside the window',
    { given: { scheme: 'v1', timestamp: gatewayTimestamp(NOW - 14 * 60_000) }, want: { accessKeyId: DEFAULT_ACCESS_KEY.id } },
  ],
  [
    'V1 timestamp of a day that does not exist',
    { given: { scheme: 'v1', timestamp: '2026-02-30T12:00:00Z' }, want: { code: 'InvalidTimeStamp.Format' } },
  ],
  [
    'V1 without SignatureNonce',
    { given: { scheme: 'v1', omit: ['SignatureNonce'] }, want: { code: 'MissingParameter', message: /"SignatureNonce"/ } },
  ],
  [
    'V1 STS key without its token',
    { given: { scheme: 'v1', accessKeyId: STS.id, secret: STS.secret }, want: { code: 'InvalidSecurityToken.MismatchWithAccessKey' } },
  ],
  [
    'V3 with a header left out of SignedHeaders',
    { given: { scheme: 'v3', leaveUnsigned: ['x-acs-date'] }, want: { code: 'IncompleteSignature', message: /x-acs-date/ } },
  ],
  [
    'V3 with a malformed Authorization',
    { given: { scheme: 'v3', tamper: (r) => void (r.headers.authorization = 'Bearer x') }, want: { code: 'IncompleteSignature' } },
  ],
  [
    'an Action the gateway does not route',
    { given: { scheme: 'v1', action: 'DescribeRegions' }, want: { code: 'InvalidAction.NotFound' } },
  ],
  [
    'an Action named like an Object.prototype member',
    { given: { scheme: 'v3', action: 'toString' }, want: { code: 'InvalidAction.NotFound' } },
  ],
  ['another API version', { given: { scheme: 'v1', version: '2014-05-26' }, want: { code: 'InvalidVersion' } }],
];

describe('gateway: authenticate(request, keys)', () => {
  it.each(rows)('%s', (_name, { given, want }) => {
    const got = authenticate(requestOf(given), KEYS, context());
    if ('accessKeyId' in want) {
      expect(got).toEqual({ ok: true, accessKeyId: want.accessKeyId, action: ACTION });
      return;
    }
    if (got.ok) throw new Error(`authenticated: ${JSON.stringify(got)}`);
    expect(got.error.code).toBe(want.code);
    if (want.message) expect(got.error.message).toMatch(want.message);
    // No secret in what the gateway answers, whichever key signed.
    for (const key of Object.values(KEYS)) expect(got.error.message).not.toContain(key.secret);
  });
});

describe('gateway: nonces', () => {
  // A nonce is spent by a request whose signature verified, per AccessKey; a forged request
  // carrying someone's nonce must not burn it.
  it.each([
    ['the same request twice: replayed', { first: { scheme: 'v1' }, second: 'same', want: ['ok', 'SignatureNonceUsed'] }],
    ['V3 replayed', { first: { scheme: 'v3' }, second: 'same', want: ['ok', 'SignatureNonceUsed'] }],
    [
      'a forged request, then the real one with its nonce',
      { first: { scheme: 'v1', secret: 'forged' }, second: 'resigned', want: ['SignatureDoesNotMatch', 'ok'] },
    ],
    ['the same nonce under another key', { first: { scheme: 'v1' }, second: 'other key', want: ['ok', 'ok'] }],
  ] as const)('%s', (_name, { first, second, want }) => {
    const nonce = 'nonce-under-test';
    const gateway = context();
    const firstRequest = requestOf({ ...first, nonce });
    const secondRequest =
      second === 'same'
        ? firstRequest
        : second === 'resigned'
          ? requestOf({ ...first, secret: DEFAULT_ACCESS_KEY.secret, nonce })
          : requestOf({ ...first, accessKeyId: STS.id, secret: STS.secret, securityToken: STS.token, nonce });
    const outcome = (request: GatewayRequest) => {
      const got = authenticate(request, KEYS, gateway);
      return got.ok ? 'ok' : got.error.code;
    };
    expect([outcome(firstRequest), outcome(secondRequest)]).toEqual(want);
  });
});

describe('gateway: nonce memory of a long-running server', () => {
  // The server's memory forgets a nonce once its request time is outside the 15-minute window
  // (such a request is refused as expired before its nonce is looked at), so it stays bounded.
  // Each row: `count` nonces used at NOW, then the clock moves by `later` ms and 8,192 more are
  // used (the memory sweeps when it has doubled since its last sweep); `want` is what it still holds and whether the first nonce still counts as used.
  it.each([
    ['inside the window: nothing forgotten', { count: 5000, later: MAX_CLOCK_SKEW_MS, want: { size: 13192, firstUsed: true } }],
    ['past the window: the old nonces dropped', { count: 5000, later: MAX_CLOCK_SKEW_MS + 1000, want: { size: 8192, firstUsed: false } }],
  ])('%s', (_name, { count, later, want }) => {
    let clock = NOW;
    const memory = new NonceMemory(() => clock);
    for (let i = 0; i < count; i++) memory.add(`key\nold-${i}`, NOW);
    clock = NOW + later;
    for (let i = 0; i < 8192; i++) memory.add(`key\nnew-${i}`, clock);
    expect({ size: memory.size, firstUsed: memory.has('key\nold-0') }).toEqual(want);
  });

  it('a forgotten nonce cannot be replayed: its request is refused as expired', () => {
    let clock = NOW;
    const gateway: GatewayContext = { now: () => clock, nonces: new NonceMemory(() => clock), versions: { [ACTION]: API_VERSION } };
    const request = requestOf({ scheme: 'v1', nonce: 'replayed-later' });
    const outcome = () => {
      const got = authenticate(request, KEYS, gateway);
      return got.ok ? 'ok' : got.error.code;
    };
    const first = outcome();
    const replayed = outcome();
    clock = NOW + MAX_CLOCK_SKEW_MS + 1000;
    for (let i = 0; i < 4096; i++) gateway.nonces?.add(`other\n${i}`, clock);
    expect([first, replayed, gateway.nonces?.has(`${DEFAULT_ACCESS_KEY.id}\nreplayed-later`), outcome()]).toEqual([
      'ok',
      'SignatureNonceUsed',
      false,
      'InvalidTimeStamp.Expired',
    ]);
  });
});
