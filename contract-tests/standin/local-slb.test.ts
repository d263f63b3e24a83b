// The local SLB (issue 22, item 5) over real HTTP on 127.0.0.1, driven by Alibaba's official
// runtime (@alicloud/openapi-core: callApi, V3 ACS3-HMAC-SHA256 and V1): the "Done when"
// sequence with faults on and the runtime's retries recovering, SLB's errors, the actions answered
// from the spec, and the admin endpoints. One stand-in for the file, reset between rows; the same
// sequence with slbkit's generated client is local-slb.e2e.ts (generating 93 actions takes too
// long for npm test).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  attachedIds,
  type Call,
  DONE_WHEN_OUTCOMES,
  doneWhenSequence,
  officialClient,
  REGION,
  successValidators,
} from './local-slb-for-tests.js';
import { IMPORTED_SPEC, type StandIn, startStandIn } from './server.js';

const PROTECTED = 'lb-protected';
let standIn: StandIn;
let validators: Awaited<ReturnType<typeof successValidators>>;
beforeAll(async () => {
  [standIn, validators] = await Promise.all([
    startStandIn({
      spec: IMPORTED_SPEC,
      loadBalancers: { [PROTECTED]: { regionId: 'cn-shanghai', servers: [], attributes: { DeleteProtection: 'on' } } },
    }),
    successValidators(),
  ]);
});
afterAll(() => standIn?.close());
beforeEach(() => {
  standIn.reset();
  standIn.setFaultRates({});
  standIn.requests.length = 0;
});

const admin = async (method: string, path: string, body?: string) => {
  const response = await fetch(`${standIn.url}/_standin/${path}`, { method, ...(body === undefined ? {} : { body }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
/** The error code a call was refused with, or 'ok'. */
const outcome = (call: Call, action: string, params: Record<string, unknown>) =>
  call(action, params).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? String(error),
  );

// Shares and seed chosen so that each kind (throttle, 503, reset) hits the sequence; every fault
// is drawn before the action runs, so a retry never repeats work.
const FAULTS = { throttle: 0.2, unavailable: 0.1, reset: 0.1, seed: 4 };

describe('the Done-when sequence: create -> add 20 -> add 21 (refused) -> remove 5 -> describe', () => {
  it.each([['v3'], ['v1']] as const)('official runtime, %s, faults on, its retries recover', async (scheme) => {
    standIn.setFaultRates(FAULTS);
    const steps = await doneWhenSequence(officialClient(standIn.port, scheme, 8), (list) => JSON.stringify(list));

    expect(steps.map((s) => [s.step, s.code ?? 'ok'])).toEqual(DONE_WHEN_OUTCOMES);
    const [, added, , removed, attribute, listed] = steps.map((s) => s.body);
    expect(attachedIds(added)).toHaveLength(20);
    expect(attachedIds(removed)).toHaveLength(15);
    expect(attachedIds(attribute)).toEqual(attachedIds(removed));
    expect(listed).toMatchObject({ TotalCount: 1, LoadBalancers: { LoadBalancer: [{ LoadBalancerName: 'team-test' }] } });
    // Answers have the imported spec's shapes (AddBackendServers' Weight a string, Remove's an integer).
    for (const { step, body } of steps.filter((s) => s.body))
      expect([step, validators.validate(step.split(' ')[0]!, body)]).toEqual([step, undefined]);
    // The faults did happen, and were recovered from.
    expect(new Set(standIn.requests.map((r) => r.fault).filter(Boolean))).toEqual(new Set(['throttle', 'unavailable', 'reset']));
    const state = await admin('GET', 'state');
    expect(Object.keys(state.body.loadBalancers as object)).toEqual([PROTECTED, String(steps[0]!.body!.LoadBalancerId)]);
  });

  it('without retries, the same faults reach the caller: the sequence is really exposed to them', async () => {
    standIn.setFaultRates(FAULTS);
    await expect(doneWhenSequence(officialClient(standIn.port, 'v3', 0), (list) => JSON.stringify(list))).rejects.toThrow();
  });
});

describe('stateful actions beyond the sequence', () => {
  // Each row: calls in order on a fresh state (official runtime, V3), then what the last answer
  // shows; every answer is judged by the action's success schema.
  const servers = (...ids: string[]) => JSON.stringify(ids.map((ServerId) => ({ ServerId })));
  const rows: Array<[string, Array<[string, Record<string, unknown>]>, (last: Record<string, unknown>) => unknown, unknown]> = [
    [
      'the same ClientToken creates once',
      [
        ['CreateLoadBalancer', { RegionId: REGION, ClientToken: 't-1' }],
        ['CreateLoadBalancer', { RegionId: REGION, ClientToken: 't-1' }],
        ['DescribeLoadBalancers', { RegionId: REGION }],
      ],
      (last) => last.TotalCount,
      1,
    ],
    [
      'a server listed twice in one call is attached once',
      [
        ['CreateLoadBalancer', { RegionId: REGION }],
        ['AddBackendServers', { LoadBalancerId: 'lb-standin0000000000001', BackendServers: servers('i-1', 'i-1', 'i-2') }],
      ],
      attachedIds,
      ['i-1', 'i-2'],
    ],
    [
      'SetBackendServers changes a weight; DescribeHealthStatus reports weight 0 unavailable',
      [
        ['CreateLoadBalancer', { RegionId: REGION }],
        ['AddBackendServers', { LoadBalancerId: 'lb-standin0000000000001', BackendServers: servers('i-1', 'i-2') }],
        ['SetBackendServers', { LoadBalancerId: 'lb-standin0000000000001', BackendServers: '[{"ServerId":"i-2","Weight":"0"}]' }],
        ['DescribeHealthStatus', { LoadBalancerId: 'lb-standin0000000000001' }],
      ],
      (last) =>
        (last.BackendServers as { BackendServer: Array<{ ServerHealthStatus: string }> }).BackendServer.map((s) => s.ServerHealthStatus),
      ['normal', 'unavailable'],
    ],
    [
      'DescribeLoadBalancers filters by ServerId and name, and pages',
      [
        ['CreateLoadBalancer', { RegionId: REGION, LoadBalancerName: 'a' }],
        ['CreateLoadBalancer', { RegionId: REGION, LoadBalancerName: 'b' }],
        ['CreateLoadBalancer', { RegionId: REGION, LoadBalancerName: 'b' }],
        ['AddBackendServers', { LoadBalancerId: 'lb-standin0000000000003', BackendServers: servers('i-9') }],
        ['DescribeLoadBalancers', { RegionId: REGION, LoadBalancerName: 'b', ServerId: 'i-9', PageSize: 1 }],
      ],
      (last) => [
        last.TotalCount,
        (last.LoadBalancers as { LoadBalancer: Array<{ LoadBalancerId: string }> }).LoadBalancer.map((l) => l.LoadBalancerId),
      ],
      [1, ['lb-standin0000000000003']],
    ],
    [
      'a deleted load balancer is gone, and ids are not reused',
      [
        ['CreateLoadBalancer', { RegionId: REGION }],
        ['DeleteLoadBalancer', { LoadBalancerId: 'lb-standin0000000000001' }],
        ['CreateLoadBalancer', { RegionId: REGION }],
        ['DescribeLoadBalancers', { RegionId: REGION }],
      ],
      (last) => (last.LoadBalancers as { LoadBalancer: Array<{ LoadBalancerId: string }> }).LoadBalancer.map((l) => l.LoadBalancerId),
      ['lb-standin0000000000002'],
    ],
  ];
  it.each(rows)('%s', async (_name, calls, read, want) => {
    const call = officialClient(standIn.port, 'v3');
    let last: Record<string, unknown> = {};
    for (const [action, params] of calls) {
      last = await call(action, params);
      expect([action, validators.validate(action, last)]).toEqual([action, undefined]);
    }
    expect(read(last)).toEqual(want);
  });
});

describe('errors as SLB answers them', () => {
  const rows: Array<[string, string, Record<string, unknown>, string]> = [
    ['an unknown load balancer', 'DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-nope' }, 'InvalidLoadBalancerId.NotFound'],
    ['deleting an unknown one', 'DeleteLoadBalancer', { LoadBalancerId: 'lb-nope' }, 'InvalidLoadBalancerId.NotFound'],
    [
      'adding to an unknown one',
      'AddBackendServers',
      { LoadBalancerId: 'lb-nope', BackendServers: '[]' },
      'InvalidLoadBalancerId.NotFound',
    ],
    [
      'one in another region',
      'DescribeLoadBalancerAttribute',
      { LoadBalancerId: PROTECTED, RegionId: 'cn-beijing' },
      'InvalidLoadBalancerId.NotFound',
    ],
    ['deleting a protected one', 'DeleteLoadBalancer', { LoadBalancerId: PROTECTED }, 'OperationDenied.DeleteProtectionIsOn'],
    ['a required parameter missing', 'CreateLoadBalancer', {}, 'MissingParameter'],
    ['BackendServers not JSON', 'AddBackendServers', { LoadBalancerId: PROTECTED, BackendServers: '[{' }, 'InvalidParameter'],
    [
      'a weight over 100',
      'AddBackendServers',
      { LoadBalancerId: PROTECTED, BackendServers: '[{"ServerId":"i-1","Weight":"101"}]' },
      'InvalidParameter',
    ],
    ['Bandwidth outside 1-5000 and not -1', 'CreateLoadBalancer', { RegionId: REGION, Bandwidth: 0 }, 'InvalidParameter'],
    ['a required parameter of a spec-answered action', 'SetLoadBalancerName', { RegionId: REGION }, 'MissingParameter'],
  ];
  it.each(rows)('%s: %s -> %s', async (_name, action, params, code) => {
    expect(await outcome(officialClient(standIn.port, 'v3'), action, params)).toBe(code);
  });

  it.each([
    ['throttle', 'Throttling.User', 400],
    ['unavailable', 'ServiceUnavailable', 503],
    ['internalError', 'InternalError', 500],
  ] as const)('fault rate %s answers %s with %i', async (kind, code, status) => {
    standIn.setFaultRates({ [kind]: 1 });
    expect(await outcome(officialClient(standIn.port, 'v1'), 'DescribeRegions', {})).toBe(code);
    expect(standIn.requests.map((r) => [r.fault, r.status, r.code])).toEqual([[kind, status, code]]);
  });

  it('a fault limited to some actions leaves the others alone', async () => {
    standIn.setFaultRates({ throttle: 1, actions: ['DescribeZones'] });
    const call = officialClient(standIn.port, 'v3');
    expect([await outcome(call, 'DescribeRegions', {}), await outcome(call, 'DescribeZones', { RegionId: REGION })]).toEqual([
      'ok',
      'Throttling.User',
    ]);
  });
});

describe('latency', () => {
  it('holds the answer, and close() during the wait still settles (the client sees the connection end)', async () => {
    const slb = await startStandIn({ spec: IMPORTED_SPEC, faultRates: { latencyMs: 60_000 } });
    try {
      const pending = fetch(`${slb.url}/?Action=DescribeRegions`).then(
        (response) => response.status,
        () => 'connection ended',
      );
      while (slb.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(slb.requests[0]!.status).toBeUndefined(); // received, not answered
      await slb.close();
      expect(await pending).toBe('connection ended');
    } finally {
      await slb.close();
    }
  });
});

describe('actions without state answer from the spec, after their parameters are judged', () => {
  it.each([
    ['DescribeRegions', {}],
    ['DescribeZones', { RegionId: REGION }],
    ['DescribeLoadBalancerListeners', { RegionId: REGION }],
    ['SetLoadBalancerName', { RegionId: REGION, LoadBalancerId: PROTECTED, LoadBalancerName: 'x' }],
  ])('%s', async (action, params) => {
    const body = await officialClient(standIn.port, 'v1')(action, params);
    expect(validators.validate(action, body)).toBeUndefined();
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });
});

describe('admin endpoints (loopback only, never routed to an action)', () => {
  it('state, reset: a created load balancer shows up, and is gone after a reset', async () => {
    const created = await officialClient(standIn.port, 'v3')('CreateLoadBalancer', { RegionId: REGION });
    expect(Object.keys((await admin('GET', 'state')).body.loadBalancers as object)).toContain(created.LoadBalancerId);
    const reset = await admin('POST', 'reset');
    expect([reset.status, Object.keys(reset.body.loadBalancers as object)]).toEqual([200, [PROTECTED]]);
    expect(standIn.requests).toHaveLength(1); // admin requests are not recorded
  });

  it.each([
    ['PUT', 'faults', '{"throttle":0.5,"seed":3}', 200, { throttle: 0.5, seed: 3 }],
    ['PUT', 'faults', '{"throttle":2}', 400, { Message: 'body#/throttle: must be a number from 0 to 1 (a share of requests), got 2' }],
    ['PUT', 'faults', '{"throtle":0.1}', 400, { Message: expect.stringContaining('body#/throtle: unknown key; use one of throttle,') }],
    ['PUT', 'faults', '{"throttle":0.6,"reset":0.6}', 400, { Message: expect.stringContaining('add up to 1.2, more than 1') }],
    ['PUT', 'faults', 'nope', 400, { Code: 'InvalidParameter' }],
    ['GET', 'faults', undefined, 200, {}],
    ['GET', 'nothing', undefined, 404, { Code: 'NotFound' }],
    ['DELETE', 'state', undefined, 404, { Code: 'NotFound' }],
  ])('%s /_standin/%s %s -> %i', async (method, path, body, status, want) => {
    const answer = await admin(method, path, body);
    expect(answer).toEqual({ status, body: status === 200 ? want : expect.objectContaining(want) });
  });
});
