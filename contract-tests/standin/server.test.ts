// Over 400 lines: the stand-in's behaviour over HTTP as tables (signatures, parameters, state, faults), sharing one started server.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_LOAD_BALANCER_ID,
  DEFAULT_REGION_ID,
  type FaultPlan,
  type LoadBalancer,
  type StandIn,
  startStandIn,
} from './server.js';
import { gatewayTimestamp, send, type TestCall } from './sign-for-tests.js';

const REGION = DEFAULT_REGION_ID;
const STS = { id: 'STS.standin-test', secret: 'sts-secret', securityToken: 'sts-token-1' };
const MINUTE = 60_000;

const attached = (...ids: string[]): LoadBalancer => ({
  regionId: REGION,
  servers: ids.map((ServerId) => ({ ServerId, Type: 'ecs', Weight: 100 })),
});
const serverIds = (body: Record<string, unknown> | undefined): string[] =>
  (body?.BackendServers as { BackendServer: Array<{ ServerId: string }> } | undefined)?.BackendServer.map((s) => s.ServerId) ?? [];

// Tests that change state use their own load balancer, so rows never depend on each other.
const loadBalancers: Record<string, LoadBalancer> = {
  'lb-errors': attached('vm-1', 'vm-2'),
  'lb-other-region': { ...attached('vm-1'), regionId: 'cn-beijing' },
  'lb-visible': attached('vm-231', 'vm-232', 'vm-233', 'vm-234'),
  'lb-idempotent': attached('vm-1', 'vm-2'),
  'lb-objects': attached('i-x', 'i-y', 'i-z'),
  'lb-nonce': attached('vm-1', 'vm-2', 'vm-3'),
  'lb-records': attached('vm-1', 'vm-2'),
};
const successRows: Array<[string, TestCall]> = [
  ['V1 GET', { scheme: 'v1', method: 'GET' }],
  ['V1 POST', { scheme: 'v1', method: 'POST' }],
  ['V3 GET', { scheme: 'v3', method: 'GET' }],
  ['V3 POST', { scheme: 'v3', method: 'POST' }],
  ['V1 with an STS token', { scheme: 'v1', accessKeyId: STS.id, secret: STS.secret, securityToken: STS.securityToken }],
  ['V3 with an STS token', { scheme: 'v3', accessKeyId: STS.id, secret: STS.secret, securityToken: STS.securityToken }],
];
successRows.forEach(([name]) => (loadBalancers[`lb-${name}`] = attached('vm-1', 'vm-2', 'vm-3')));

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn({
    accessKeys: {
      [DEFAULT_ACCESS_KEY.id]: { secret: DEFAULT_ACCESS_KEY.secret },
      [STS.id]: { secret: STS.secret, securityToken: STS.securityToken },
    },
    loadBalancers,
  });
});
afterAll(() => standIn?.close());

const removal = (loadBalancerId: string, backendServers: string) => ({
  RegionId: REGION,
  LoadBalancerId: loadBalancerId,
  BackendServers: backendServers,
});
const valid = removal('lb-errors', '["vm-absent"]');
const withoutParam = (name: string): Record<string, string> => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== name));
const stsV1 = { accessKeyId: STS.id, secret: STS.secret };
const missingMessage = (name: string) => `The input parameter "${name}" that is mandatory for processing this request is not supplied.`;

type ErrorRow = [string, { given: TestCall; want: { status: number; code: string; message?: string | RegExp } }];
const errorRows: ErrorRow[] = [
  [
    'V1 unknown Action',
    { given: { scheme: 'v1', action: 'DescribeLoadBalancers', params: valid }, want: { status: 404, code: 'InvalidAction.NotFound' } },
  ],
  [
    'V1 missing Action',
    { given: { scheme: 'v1', omit: ['Action'], params: valid }, want: { status: 404, code: 'InvalidAction.NotFound' } },
  ],
  [
    'V1 path other than /',
    {
      given: { scheme: 'v1', params: valid, tamper: (r) => void (r.url.pathname = '/slb') },
      want: { status: 404, code: 'InvalidAction.NotFound' },
    },
  ],
  ['V1 another Version', { given: { scheme: 'v1', version: '2014-05-26', params: valid }, want: { status: 400, code: 'InvalidVersion' } }],
  [
    'V1 unknown AccessKeyId',
    { given: { scheme: 'v1', accessKeyId: 'nobody', params: valid }, want: { status: 404, code: 'InvalidAccessKeyId.NotFound' } },
  ],
  [
    'V1 wrong secret',
    {
      given: { scheme: 'v1', secret: 'wrong', params: valid },
      want: { status: 400, code: 'SignatureDoesNotMatch', message: /server string to sign is:POST&%2F&AccessKeyId%3D/ },
    },
  ],
  [
    'V1 parameter changed after signing',
    {
      given: { scheme: 'v1', method: 'GET', params: valid, tamper: (r) => r.url.searchParams.set('RegionId', 'cn-beijing') },
      want: { status: 400, code: 'SignatureDoesNotMatch' },
    },
  ],
  [
    'V1 signed as GET, sent as POST',
    {
      given: {
        scheme: 'v1',
        method: 'GET',
        params: valid,
        tamper: (r) => {
          r.method = 'POST';
        },
      },
      want: { status: 400, code: 'SignatureDoesNotMatch' },
    },
  ],
  [
    'V1 missing Signature',
    {
      given: { scheme: 'v1', params: valid, tamper: (r) => void (r.body = r.body?.replace(/&Signature=[^&]*/, '')) },
      want: { status: 400, code: 'MissingParameter', message: missingMessage('Signature') },
    },
  ],
  [
    'V1 missing SignatureNonce',
    {
      given: { scheme: 'v1', omit: ['SignatureNonce'], params: valid },
      want: { status: 400, code: 'MissingParameter', message: missingMessage('SignatureNonce') },
    },
  ],
  [
    'V1 missing Timestamp',
    {
      given: { scheme: 'v1', omit: ['Timestamp'], params: valid },
      want: { status: 400, code: 'MissingParameter', message: missingMessage('Timestamp') },
    },
  ],
  [
    'V1 SignatureMethod HMAC-SHA256',
    { given: { scheme: 'v1', params: { ...valid, SignatureMethod: 'HMAC-SHA256' } }, want: { status: 400, code: 'InvalidParameter' } },
  ],
  [
    'V1 Timestamp 16 minutes old',
    {
      given: { scheme: 'v1', timestamp: gatewayTimestamp(Date.now() - 16 * MINUTE), params: valid },
      want: { status: 400, code: 'InvalidTimeStamp.Expired' },
    },
  ],
  [
    'V1 Timestamp 16 minutes ahead',
    {
      given: { scheme: 'v1', timestamp: gatewayTimestamp(Date.now() + 16 * MINUTE), params: valid },
      want: { status: 400, code: 'InvalidTimeStamp.Expired' },
    },
  ],
  [
    'V1 Timestamp not ISO 8601',
    { given: { scheme: 'v1', timestamp: '2024/01/01 10:00:00', params: valid }, want: { status: 400, code: 'InvalidTimeStamp.Format' } },
  ],
  [
    'V1 Timestamp with milliseconds',
    { given: { scheme: 'v1', timestamp: new Date().toISOString(), params: valid }, want: { status: 400, code: 'InvalidTimeStamp.Format' } },
  ],
  [
    'V1 Timestamp on a day that does not exist',
    { given: { scheme: 'v1', timestamp: '2024-02-30T10:00:00Z', params: valid }, want: { status: 400, code: 'InvalidTimeStamp.Format' } },
  ],
  [
    'V1 STS key with a wrong token',
    {
      given: { scheme: 'v1', ...stsV1, securityToken: 'stolen', params: valid },
      want: { status: 400, code: 'InvalidSecurityToken.MismatchWithAccessKey' },
    },
  ],
  [
    'V1 STS key without its token',
    { given: { scheme: 'v1', ...stsV1, params: valid }, want: { status: 400, code: 'InvalidSecurityToken.MismatchWithAccessKey' } },
  ],
  [
    'V1 plain key with a token',
    {
      given: { scheme: 'v1', securityToken: 'unexpected', params: valid },
      want: { status: 400, code: 'InvalidSecurityToken.MismatchWithAccessKey' },
    },
  ],
  [
    'missing LoadBalancerId',
    {
      given: { scheme: 'v1', params: withoutParam('LoadBalancerId') },
      want: { status: 400, code: 'MissingParameter', message: missingMessage('LoadBalancerId') },
    },
  ],
  [
    'missing BackendServers',
    {
      given: { scheme: 'v1', params: withoutParam('BackendServers') },
      want: { status: 400, code: 'MissingParameter', message: missingMessage('BackendServers') },
    },
  ],
  [
    'missing RegionId',
    {
      given: { scheme: 'v3', params: withoutParam('RegionId') },
      want: { status: 400, code: 'MissingParameter', message: missingMessage('RegionId') },
    },
  ],
  [
    'BackendServers not JSON',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: 'vm-1,vm-2' } },
      want: { status: 400, code: 'InvalidParameter', message: /"BackendServers".*not JSON/ },
    },
  ],
  [
    'BackendServers not an array',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: '{"ServerId":"vm-1"}' } },
      want: { status: 400, code: 'InvalidParameter', message: /not a JSON array/ },
    },
  ],
  [
    'BackendServers empty',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: '[]' } },
      want: { status: 400, code: 'InvalidParameter', message: /lists 0 servers/ },
    },
  ],
  [
    'BackendServers with 21 servers',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: JSON.stringify(Array.from({ length: 21 }, (_, i) => `vm-${i}`)) } },
      want: { status: 400, code: 'InvalidParameter', message: /lists 21 servers/ },
    },
  ],
  [
    'Weight 101',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: '[{"ServerId":"vm-1","Weight":101}]' } },
      want: { status: 400, code: 'InvalidParameter', message: /Weight/ },
    },
  ],
  [
    'Weight -1',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: '[{"ServerId":"vm-1","Weight":-1}]' } },
      want: { status: 400, code: 'InvalidParameter', message: /Weight/ },
    },
  ],
  [
    'Weight 1.5',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: '[{"ServerId":"vm-1","Weight":1.5}]' } },
      want: { status: 400, code: 'InvalidParameter', message: /Weight/ },
    },
  ],
  [
    'server object without ServerId',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: '[{"Weight":100}]' } },
      want: { status: 400, code: 'InvalidParameter', message: /ServerId/ },
    },
  ],
  [
    'Type other than ecs or eni',
    {
      given: { scheme: 'v1', params: { ...valid, BackendServers: '[{"ServerId":"vm-1","Type":"vm"}]' } },
      want: { status: 400, code: 'InvalidParameter', message: /Type/ },
    },
  ],
  [
    'unknown load balancer',
    {
      given: { scheme: 'v1', params: removal('lb-nowhere', '["vm-1"]') },
      want: { status: 404, code: 'InvalidLoadBalancerId.NotFound', message: 'The specified load balancer does not exist.' },
    },
  ],
  [
    'load balancer in another region',
    {
      given: { scheme: 'v3', params: removal('lb-other-region', '["vm-1"]') },
      want: { status: 404, code: 'InvalidLoadBalancerId.NotFound' },
    },
  ],
  [
    'V3 unknown x-acs-action',
    { given: { scheme: 'v3', action: 'DescribeLoadBalancers', params: valid }, want: { status: 404, code: 'InvalidAction.NotFound' } },
  ],
  [
    'V3 another x-acs-version',
    { given: { scheme: 'v3', version: '2014-05-26', params: valid }, want: { status: 400, code: 'InvalidVersion' } },
  ],
  [
    'V3 unknown Credential',
    { given: { scheme: 'v3', accessKeyId: 'nobody', params: valid }, want: { status: 404, code: 'InvalidAccessKeyId.NotFound' } },
  ],
  [
    'V3 wrong secret',
    {
      given: { scheme: 'v3', secret: 'wrong', params: valid },
      want: { status: 400, code: 'SignatureDoesNotMatch', message: /server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/ },
    },
  ],
  [
    'V3 body changed after signing',
    {
      given: { scheme: 'v3', params: valid, tamper: (r) => void (r.body = r.body?.replace('vm-absent', 'vm-1')) },
      want: { status: 400, code: 'SignatureDoesNotMatch' },
    },
  ],
  [
    'V3 query changed after signing',
    {
      given: { scheme: 'v3', method: 'GET', params: valid, tamper: (r) => r.url.searchParams.set('LoadBalancerId', 'lb-visible') },
      want: { status: 400, code: 'SignatureDoesNotMatch' },
    },
  ],
  [
    'V3 x-acs-content-sha256 not the body hash',
    {
      given: { scheme: 'v3', params: valid, tamper: (r) => void (r.headers['x-acs-content-sha256'] = '0'.repeat(64)) },
      want: { status: 400, code: 'SignatureDoesNotMatch' },
    },
  ],
  [
    'V3 malformed Authorization',
    {
      given: { scheme: 'v3', params: valid, tamper: (r) => void (r.headers.authorization = 'ACS3-HMAC-SHA256 Credential=x') },
      want: { status: 400, code: 'IncompleteSignature' },
    },
  ],
  [
    'V3 x-acs-date not signed',
    {
      given: { scheme: 'v3', leaveUnsigned: ['x-acs-date'], params: valid },
      want: { status: 400, code: 'IncompleteSignature', message: /x-acs-date/ },
    },
  ],
  [
    'V3 missing x-acs-signature-nonce',
    {
      given: { scheme: 'v3', omit: ['x-acs-signature-nonce'], params: valid },
      want: { status: 400, code: 'MissingParameter', message: missingMessage('x-acs-signature-nonce') },
    },
  ],
  [
    'V3 x-acs-date 16 minutes old',
    {
      given: { scheme: 'v3', timestamp: gatewayTimestamp(Date.now() - 16 * MINUTE), params: valid },
      want: { status: 400, code: 'InvalidTimeStamp.Expired' },
    },
  ],
  [
    'V3 x-acs-date malformed',
    {
      given: { scheme: 'v3', timestamp: 'Thu, 26 Oct 2023 10:22:32 GMT', params: valid },
      want: { status: 400, code: 'InvalidTimeStamp.Format' },
    },
  ],
  [
    'V3 STS key with a wrong token',
    {
      given: { scheme: 'v3', ...stsV1, securityToken: 'stolen', params: valid },
      want: { status: 400, code: 'InvalidSecurityToken.MismatchWithAccessKey' },
    },
  ],
];

describe('stand-in errors', () => {
  it.each(errorRows)('%s', async (_name, { given, want }) => {
    const response = await send(standIn.url, given);
    expect(response.status).toBe(want.status);
    expect(response.contentType).toBe('application/json;charset=utf-8');
    expect(Object.keys(response.json ?? {}).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(response.json).toMatchObject({
      Code: want.code,
      HostId: 'slb.aliyuncs.com',
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
    });
    if (want.message !== undefined) expect(response.json?.Message).toMatch(want.message);
    expect(standIn.state.loadBalancers['lb-errors']?.servers.map((s) => s.ServerId)).toEqual(['vm-1', 'vm-2']);
  });

  it.each([
    ['V1', 'v1'],
    ['V3', 'v3'],
  ] as const)('%s: a reused SignatureNonce is refused', async (_name, scheme) => {
    const nonce = `nonce-${scheme}-reused`;
    const first = await send(standIn.url, { scheme, nonce, params: removal('lb-nonce', '["vm-absent"]') });
    const second = await send(standIn.url, { scheme, nonce, params: removal('lb-nonce', '["vm-absent"]') });
    expect([first.status, second.status]).toEqual([200, 400]);
    expect(second.json?.Code).toBe('SignatureNonceUsed');
  });

  it('does not burn a nonce on a request whose signature failed', async () => {
    const nonce = 'nonce-after-forgery';
    const forged = await send(standIn.url, { scheme: 'v1', nonce, secret: 'wrong', params: valid });
    const genuine = await send(standIn.url, { scheme: 'v1', nonce, params: valid });
    expect([forged.status, genuine.status]).toEqual([400, 200]);
  });
});

describe('stand-in RemoveBackendServers', () => {
  it.each(successRows)('%s: removes and answers with the servers still attached', async (name, call) => {
    const response = await send(standIn.url, { ...call, params: removal(`lb-${name}`, '["vm-2"]') });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      LoadBalancerId: `lb-${name}`,
      BackendServers: {
        BackendServer: [
          { ServerId: 'vm-1', Type: 'ecs', Weight: 100 },
          { ServerId: 'vm-3', Type: 'ecs', Weight: 100 },
        ],
      },
    });
  });

  it('a removal is visible in state and in later calls', async () => {
    const first = await send(standIn.url, { scheme: 'v1', params: removal('lb-visible', '["vm-233"]') });
    expect(serverIds(first.json)).toEqual(['vm-231', 'vm-232', 'vm-234']);
    expect(standIn.state.loadBalancers['lb-visible']?.servers.map((s) => s.ServerId)).toEqual(['vm-231', 'vm-232', 'vm-234']);
    const second = await send(standIn.url, { scheme: 'v3', params: removal('lb-visible', '["vm-234"]') });
    expect(serverIds(second.json)).toEqual(['vm-231', 'vm-232']);
  });

  it('removing servers that are not attached is ignored', async () => {
    const body = removal('lb-idempotent', '["vm-1","vm-never-attached"]');
    const first = await send(standIn.url, { scheme: 'v1', params: body });
    const again = await send(standIn.url, { scheme: 'v1', params: body });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(serverIds(first.json)).toEqual(['vm-2']);
    expect(serverIds(again.json)).toEqual(['vm-2']);
  });

  it('accepts server objects with ServerId, Type and Weight', async () => {
    const servers = [{ ServerId: 'i-x', Type: 'ecs', Weight: 100 }, { ServerId: 'i-y', Type: 'eni', Weight: '0' }, { ServerId: 'i-gone' }];
    const response = await send(standIn.url, { scheme: 'v3', params: removal('lb-objects', JSON.stringify(servers)) });
    expect(response.status).toBe(200);
    expect(serverIds(response.json)).toEqual(['i-z']);
  });

  it('starts with the documented load balancer by default', async () => {
    const fresh = await startStandIn();
    try {
      expect(fresh.state.loadBalancers[DEFAULT_LOAD_BALANCER_ID]?.servers.map((s) => s.ServerId)).toEqual([
        'vm-231',
        'vm-232',
        'vm-233',
        'vm-234',
      ]);
      const response = await send(fresh.url, {
        scheme: 'v1',
        method: 'GET',
        params: removal(DEFAULT_LOAD_BALANCER_ID, '["vm-233","vm-234"]'),
      });
      expect(serverIds(response.json)).toEqual(['vm-231', 'vm-232']);
    } finally {
      await fresh.close();
    }
  });

  it('records every request without ever seeing a secret, and prints nothing', async () => {
    const printed = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level));
    try {
      const before = standIn.requests.length;
      await send(standIn.url, { scheme: 'v1', method: 'GET', params: removal('lb-records', '["vm-1"]') });
      await send(standIn.url, { scheme: 'v3', method: 'POST', secret: 'wrong', params: removal('lb-records', '["vm-2"]') });
      const [v1, v3] = standIn.requests.slice(before);
      expect(v1).toMatchObject({
        method: 'GET',
        path: '/',
        status: 200,
        params: { Action: 'RemoveBackendServers', LoadBalancerId: 'lb-records', BackendServers: '["vm-1"]' },
      });
      expect(v3).toMatchObject({
        method: 'POST',
        path: '/',
        status: 400,
        code: 'SignatureDoesNotMatch',
        headers: { 'x-acs-action': 'RemoveBackendServers' },
        params: { BackendServers: '["vm-2"]' },
      });
      expect(JSON.stringify(standIn.requests)).not.toContain(DEFAULT_ACCESS_KEY.secret);
      for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of printed) spy.mockRestore();
    }
  });
});

/** What a client sees, in one word, so the fault rows read as sequences. */
async function observe(url: string, signal?: AbortSignal): Promise<string> {
  try {
    const response = await send(url, { scheme: 'v1', params: removal('lb-faults', '["vm-1"]') }, signal);
    if (response.contentType.startsWith('text/html')) return `${response.status} html`;
    if (response.json === undefined) return `${response.status} truncated`;
    return response.status === 200 ? '200' : `${response.status} ${String(response.json.Code)}`;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
  }
}

describe('stand-in fault switches', () => {
  let faulty: StandIn;
  beforeAll(async () => {
    faulty = await startStandIn({ loadBalancers: { 'lb-faults': attached('vm-1', 'vm-2') } });
  });
  afterAll(() => faulty?.close());

  it.each([
    ['throttle', { plan: { throttle: 2 }, want: ['400 Throttling.User', '400 Throttling.User', '200'] }],
    ['unavailable', { plan: { unavailable: 1 }, want: ['503 ServiceUnavailable', '200'] }],
    ['badGateway', { plan: { badGateway: 1 }, want: ['502 html', '200'] }],
    ['reset', { plan: { reset: 2 }, want: ['network error', 'network error', '200'] }],
    ['truncate', { plan: { truncate: 1 }, want: ['200 truncated', '200'] }],
    ['stall, answered late', { plan: { stall: 1, stallMs: 150 }, want: ['200', '200'] }],
    ['stall, never answered', { plan: { stall: 1 }, want: ['timeout', '200'] }],
    ['echo', { plan: { echo: 1 }, want: ['400 IncompleteSignature', '200'] }],
    ['huge', { plan: { huge: 1 }, want: ['200 truncated', '200'] }],
    // fetch follows the 307 to a port where nothing listens (the client under test must not).
    ['redirect', { plan: { redirect: 1 }, want: ['network error', '200'] }],
    [
      'several kinds, in FAULT_KINDS order',
      { plan: { throttle: 1, unavailable: 1, reset: 1 }, want: ['network error', '503 ServiceUnavailable', '400 Throttling.User', '200'] },
    ],
  ] satisfies Array<[string, { plan: FaultPlan; want: string[] }]>)('%s', async (_name, { plan, want }) => {
    faulty.faults.clear();
    faulty.faults.set(plan);
    const seen: string[] = [];
    for (let i = 0; i < want.length; i += 1) seen.push(await observe(faulty.url, AbortSignal.timeout(1000)));
    expect(seen).toEqual(want);
    expect(Object.values(faulty.faults.pending()).every((count) => count === 0)).toBe(true);
  });

  it('a truncated answer still carried out the removal, and the fault is recorded', async () => {
    faulty.state.loadBalancers['lb-faults'] = attached('vm-1', 'vm-2');
    faulty.faults.set({ truncate: 1 });
    expect(await observe(faulty.url)).toBe('200 truncated');
    expect(faulty.state.loadBalancers['lb-faults']?.servers.map((s) => s.ServerId)).toEqual(['vm-2']);
    expect(faulty.requests.at(-1)).toMatchObject({ fault: 'truncate', status: 200 });
  });

  it('clear() disarms pending faults', async () => {
    faulty.faults.set({ unavailable: 3 });
    faulty.faults.clear();
    expect(await observe(faulty.url)).toBe('200');
  });
});

describe('stand-in close()', () => {
  it('settles while a stalled request is open, and twice', async () => {
    const standInToClose = await startStandIn({ loadBalancers: { 'lb-faults': attached('vm-1') } });
    let pending: Promise<string> | undefined;
    try {
      standInToClose.faults.set({ stall: 1 });
      pending = observe(standInToClose.url);
      await vi.waitFor(() => expect(standInToClose.requests).toHaveLength(1));
    } finally {
      await standInToClose.close();
      await standInToClose.close();
    }
    expect(await pending).toBe('network error');
  });
});

describe('stand-in cli', () => {
  it('prints the URL of a working stand-in and stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const url = chunk.toString('utf8').trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The CLI's default spec is the imported one, whose BackendServers are objects (the metadata's form).
      const response = await send(url, { scheme: 'v3', params: removal(DEFAULT_LOAD_BALANCER_ID, '[{"ServerId":"vm-233"}]') });
      expect(serverIds(response.json)).toEqual(['vm-231', 'vm-232', 'vm-234']);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
