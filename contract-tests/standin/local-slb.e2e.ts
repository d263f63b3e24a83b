// The "Done when" sequence of issue 22 against the local SLB with slbkit's own client, generated
// from the imported spec as a user would (generateFromFile, then the package's dist/ imported),
// signing V3 and V1, with faults on and the client's retries (maxRetries) recovering. Not in
// npm test: generating 93 actions takes about 40 s (vitest.standin.config.ts).
//
// slbkit's client retries throttling on any action, but a 503 or a reset connection only on an
// action with an idempotency token (docs/client.md, Retries): here CreateLoadBalancer, whose
// ClientToken it fills. So throttling is on for every call, and 503s and resets for
// CreateLoadBalancer; the same faults on AddBackendServers end the call with "not retried"
// (the last row), as they should.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateFromFile } from '../../generator/src/api.js';
import { attachedIds, type Call, DONE_WHEN_OUTCOMES, doneWhenSequence, REGION, successValidators } from './local-slb-for-tests.js';
import { DEFAULT_ACCESS_KEY, type FaultRates, IMPORTED_SPEC, type StandIn, startStandIn } from './server.js';

type Client = Record<string, (input: Record<string, unknown>) => Promise<Record<string, unknown>>>;
let createClient: (options: Record<string, unknown>) => Client;
let standIn: StandIn;
let validators: Awaited<ReturnType<typeof successValidators>>;
const root = mkdtempSync(join(tmpdir(), 'slbkit-local-slb-client-'));

beforeAll(async () => {
  const files = await generateFromFile(IMPORTED_SPEC, { name: '@example/slb', version: '1.0.0' });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  ({ createClient } = (await import(pathToFileURL(join(root, 'dist/index.js')).href)) as { createClient: typeof createClient });
  [standIn, validators] = await Promise.all([startStandIn({ spec: IMPORTED_SPEC }), successValidators()]);
});
afterAll(async () => {
  await standIn?.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  standIn.reset();
  standIn.setFaultRates({});
  standIn.requests.length = 0;
});

const methodOf = (action: string) => action.charAt(0).toLowerCase() + action.slice(1);
/** slbkit's client as a Call; the faults in force are chosen per action before each call. */
function slbkitClient(signatureVersion: 'v1' | 'v3', faultsFor: (action: string) => FaultRates): Call {
  const client = createClient({
    endpoint: standIn.url,
    regionId: REGION,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY.id, accessKeySecret: DEFAULT_ACCESS_KEY.secret },
    signatureVersion,
    maxRetries: 6,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    // The client's own validators judge every answer against the imported spec too.
    validateResponses: true,
  });
  return (action, params) => {
    standIn.setFaultRates(faultsFor(action));
    return client[methodOf(action)]!(params);
  };
}

// The faults restart from their seed at each call (setFaultRates). Seed 12 with these shares:
// CreateLoadBalancer gets a 503, a throttle and a reset before it passes (4 attempts), every other
// call two throttles (3 attempts); maxRetries 6 leaves room.
const FAULTS = (action: string): FaultRates =>
  action === 'CreateLoadBalancer' ? { throttle: 0.25, unavailable: 0.25, reset: 0.25, seed: 12 } : { throttle: 0.5, seed: 12 };

describe('the Done-when sequence with slbkit generated client', () => {
  it.each([['v3'], ['v1']] as const)('%s, faults on, the client retries recovering', async (scheme) => {
    const steps = await doneWhenSequence(slbkitClient(scheme, FAULTS), (list) => list);
    expect(steps.map((s) => [s.step, s.code ?? 'ok'])).toEqual(DONE_WHEN_OUTCOMES);
    const [, added, , removed, attribute, listed] = steps.map((s) => s.body);
    expect([attachedIds(added).length, attachedIds(removed).length, attachedIds(attribute)]).toEqual([20, 15, attachedIds(removed)]);
    expect(listed).toMatchObject({ TotalCount: 1 });
    for (const { step, body } of steps.filter((s) => s.body))
      expect([step, validators.validate(step.split(' ')[0]!, body)]).toEqual([step, undefined]);
    const faults = standIn.requests.map((r) => r.fault).filter(Boolean);
    expect(new Set(faults)).toEqual(new Set(['throttle', 'unavailable', 'reset']));
  });

  it('a 503 on AddBackendServers (no idempotency token) is not retried, and the local SLB shows it', async () => {
    const call = slbkitClient('v3', (action) => (action === 'AddBackendServers' ? { unavailable: 1 } : {}));
    const created = await call('CreateLoadBalancer', { RegionId: REGION });
    const error = await call('AddBackendServers', { LoadBalancerId: created.LoadBalancerId, BackendServers: [{ ServerId: 'i-1' }] }).catch(
      (e) => e,
    );
    expect([error.code, String(error.message)]).toEqual(['ServiceUnavailable', expect.stringContaining('not retried')]);
    expect(standIn.requests.filter((r) => r.fault === 'unavailable')).toHaveLength(1);
  });
});
