import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LOAD_BALANCER_ID,
  DEFAULT_REGION_ID,
  defaultLoadBalancers,
  type FaultPlan,
  type StandIn,
  startStandIn,
} from '../../../contract-tests/standin/server.js';
import type * as Bundled from '../../../generated/src/index.js';
import type { ClientOptions } from '../../runtime/context.js';
import { ApiError, ThrottlingError, TimeoutError, TransportError } from '../../runtime/errors.js';
import { BUNDLED_SPEC, importSourcePackage } from '../source-package.js';

// The bundled spec's client, running the runtime's source (source-package.ts), against the
// stand-in endpoint (real HTTP on 127.0.0.1, V1 and V3 signatures verified by the stand-in's own
// code), with its fault switches: what a real API does on a bad day. Every error raised here is
// kept and checked for secrets at the end.

const SECRET = 'fault-test-secret-3f9a';
// `+`, `/` and `=` travel percent-encoded in a V1 query and raw in the V3 x-acs-security-token
// header: the leak check below looks for every form.
const TOKEN = 'fault-test-sts+token/77c1=';
const keys = {
  'fault-key': { secret: SECRET },
  'fault-sts-key': { secret: SECRET, securityToken: TOKEN },
};
const raised: unknown[] = [];
/** Every Signature the client sent (V1 parameter or V3 Authorization header), over all tests. */
const signatures = new Set<string>();
let standIn: StandIn;
let createClient: typeof Bundled.createClient;

beforeAll(async () => {
  // The bundled spec's client running the runtime's source (source-package.ts), not generated/dist.
  ({ createClient } = await importSourcePackage<typeof Bundled>(BUNDLED_SPEC));
  standIn = await startStandIn({ accessKeys: keys });
});
afterAll(() => standIn.close());
afterEach(() => {
  for (const r of standIn.requests) {
    if (r.params.Signature) signatures.add(r.params.Signature);
    const v3 = /Signature=([0-9a-f]{64})/.exec(r.headers.authorization ?? '');
    if (v3) signatures.add(v3[1]!);
  }
});
beforeEach(() => {
  standIn.faults.clear();
  standIn.requests.length = 0;
  standIn.state.loadBalancers = defaultLoadBalancers();
});

function client(options: ClientOptions = {}) {
  return createClient({
    endpoint: standIn.url,
    regionId: DEFAULT_REGION_ID,
    // Temporary credentials: every request below carries the token, and every error is searched for it.
    credentials: { accessKeyId: 'fault-sts-key', accessKeySecret: SECRET, securityToken: TOKEN },
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    timeoutMs: 2000,
    ...options,
  });
}

const input = { LoadBalancerId: DEFAULT_LOAD_BALANCER_ID, BackendServers: ['vm-233'] };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  raised.push(error);
  return error;
}

describe('signing, accepted by the stand-in', () => {
  it.each([
    ['V1 by GET', { signatureVersion: 'v1', method: 'GET' }],
    ['V1 by POST', { signatureVersion: 'v1', method: 'POST' }],
    ['V3 by GET', { signatureVersion: 'v3', method: 'GET' }],
    ['V3 by POST', { signatureVersion: 'v3', method: 'POST' }],
  ] as const)('%s, and the removal is visible afterwards', async (_name, options) => {
    const result = await client(options).removeBackendServers(input);
    expect(result.BackendServers.BackendServer.map((s) => s.ServerId)).not.toContain('vm-233');
    expect(standIn.state.loadBalancers[DEFAULT_LOAD_BALANCER_ID]!.servers.map((s) => s.ServerId)).toEqual(['vm-231', 'vm-232', 'vm-234']);
  });

  it.each(['v1', 'v3'] as const)('an STS token is sent and checked (%s)', async (signatureVersion) => {
    const sts = client({ signatureVersion, credentials: { accessKeyId: 'fault-sts-key', accessKeySecret: SECRET, securityToken: TOKEN } });
    await expect(sts.removeBackendServers(input)).resolves.toMatchObject({ LoadBalancerId: DEFAULT_LOAD_BALANCER_ID });
    const wrong = client({
      signatureVersion,
      credentials: { accessKeyId: 'fault-sts-key', accessKeySecret: SECRET, securityToken: `${TOKEN}-other` },
    });
    expect(await failure(wrong.removeBackendServers(input))).toBeInstanceOf(ApiError);
  });

  it('SignatureDoesNotMatch quotes the string to sign, token included; the client cuts the token out', async () => {
    // V1: its string to sign is the query, token included (V3's holds only hashes of it).
    const badSecret = client({
      signatureVersion: 'v1',
      credentials: { accessKeyId: 'fault-sts-key', accessKeySecret: 'not-the-secret', securityToken: TOKEN },
    });
    const error = (await failure(badSecret.removeBackendServers(input))) as ApiError;
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.serverMessage).toContain('[redacted]');
    expect(error.serverMessage).not.toContain(encodeURIComponent(TOKEN));
  });

  it('removing a server that is not attached is ignored (idempotent)', async () => {
    await client().removeBackendServers(input);
    await expect(client().removeBackendServers(input)).resolves.toMatchObject({ LoadBalancerId: DEFAULT_LOAD_BALANCER_ID });
  });

  it('a wrong secret gives SignatureDoesNotMatch, not retried', async () => {
    const error = await failure(
      client({ credentials: { accessKeyId: 'fault-key', accessKeySecret: 'wrong-secret-123' } }).removeBackendServers(input),
    );
    expect(error).toMatchObject({ name: 'ApiError', code: 'SignatureDoesNotMatch', status: 400 });
    expect(standIn.requests).toHaveLength(1);
  });

  it('an unknown load balancer gives InvalidLoadBalancerId.NotFound with the request ID', async () => {
    const error = (await failure(client().removeBackendServers({ ...input, LoadBalancerId: 'lb-none' }))) as ApiError;
    expect(error).toMatchObject({ code: 'InvalidLoadBalancerId.NotFound', status: 404, action: 'RemoveBackendServers' });
    expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(error.message).toContain(error.requestId);
  });
});

// Each fault N times, then a normal answer: with enough retries the call succeeds, each attempt
// freshly signed (the stand-in refuses a reused nonce); with none, the right error.
const faults: [string, FaultPlan, (e: unknown) => void][] = [
  ['throttling', { throttle: 2 }, (e) => expect(e).toBeInstanceOf(ThrottlingError)],
  [
    '503 ServiceUnavailable',
    { unavailable: 2 },
    (e) => expect(e).toMatchObject({ name: 'ApiError', status: 503, code: 'ServiceUnavailable' }),
  ],
  [
    'an HTML 502 from a gateway',
    { badGateway: 2 },
    (e) => expect(e).toMatchObject({ name: 'TransportError', status: 502, bodyStart: expect.stringMatching(/^<html/i) }),
  ],
  ['a connection reset', { reset: 2 }, (e) => expect(e).toMatchObject({ name: 'TransportError', errorCode: 'ECONNRESET' })],
  ['a stalled answer', { stall: 2 }, (e) => expect(e).toBeInstanceOf(TimeoutError)],
];

describe.each(faults)('fault: %s', (_name, plan, check) => {
  it('is retried with a new nonce and timestamp per attempt, and the call succeeds', async () => {
    standIn.faults.set(plan);
    const result = await client({ timeoutMs: 300, maxRetries: 3 }).removeBackendServers(input);
    expect(result.LoadBalancerId).toBe(DEFAULT_LOAD_BALANCER_ID);
    // V3, the default: the nonce travels as x-acs-signature-nonce.
    const nonces = standIn.requests.map((r) => r.headers['x-acs-signature-nonce']);
    expect(nonces).toHaveLength(3);
    expect(new Set(nonces).size).toBe(3);
  });

  it('with maxRetries 0, becomes the right typed error after one attempt', async () => {
    standIn.faults.set(plan);
    const error = await failure(client({ timeoutMs: 300, maxRetries: 0 }).removeBackendServers(input));
    check(error);
    expect(error).toMatchObject({ action: 'RemoveBackendServers' });
    expect(standIn.requests).toHaveLength(1);
  });
});

describe('bodies that are not what the API sends', () => {
  it('a truncated JSON success becomes a TransportError with the status and the first bytes, not a SyntaxError', async () => {
    standIn.faults.set({ truncate: 1 });
    const error = (await failure(client({ maxRetries: 0 }).removeBackendServers(input))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.status).toBe(200);
    expect(error.bodyStart).toMatch(/^\{"RequestId"/);
  });

  it('a refused connection is a TransportError saying so', async () => {
    const closed = await startStandIn();
    const url = closed.url;
    await closed.close();
    const error = await failure(client({ endpoint: url, maxRetries: 1 }).removeBackendServers(input));
    expect(error).toMatchObject({ name: 'TransportError', errorCode: 'ECONNREFUSED', message: expect.stringContaining('refused') });
  });
});

// Answers that must not be retried nor followed, through the generated package (dist), both
// transports and both signature versions. Each error joins the secrets check at the end.
const hostile: [string, FaultPlan, (e: unknown) => void][] = [
  [
    'an echo of the whole request in every field',
    { echo: 1 },
    (e) =>
      expect(e).toMatchObject({
        name: 'ApiError',
        status: 400,
        code: 'IncompleteSignature',
        serverMessage: expect.stringContaining('[redacted]'),
      }),
  ],
  [
    'a 20 MiB answer (twice the default cap)',
    { huge: 1 },
    (e) =>
      expect(e).toMatchObject({
        name: 'TransportError',
        status: 200,
        message: expect.stringContaining('maxResponseBytes (10485760 bytes)'),
      }),
  ],
  [
    'a 307 to another origin',
    { redirect: 1 },
    (e) =>
      expect(e).toMatchObject({ name: 'TransportError', status: 307, message: expect.stringContaining('redirect to http://127.0.0.1:1;') }),
  ],
];

describe.each(hostile)('hostile answer: %s', (_name, plan, check) => {
  it.each([
    ['node:http, V1', { signatureVersion: 'v1' }],
    ['node:http, V3', { signatureVersion: 'v3' }],
    ['fetch, V1', { signatureVersion: 'v1', fetch: globalThis.fetch }],
    ['fetch, V3', { signatureVersion: 'v3', fetch: globalThis.fetch }],
  ] as const)('%s: the right error after one request, nothing followed', async (_transport, options) => {
    standIn.faults.set(plan);
    const error = await failure(client({ ...options, maxRetries: 3 }).removeBackendServers(input));
    check(error);
    expect(standIn.requests).toHaveLength(1);
  });
});

describe("the caller's AbortSignal", () => {
  it('ends a stalled call at once, retries included', async () => {
    standIn.faults.set({ stall: 10 });
    const started = Date.now();
    const call = client({ timeoutMs: 10_000, maxRetries: 5 }).removeBackendServers(input, { signal: AbortSignal.timeout(200) });
    const error = await failure(call);
    expect((error as Error).name).toMatch(/AbortError|TimeoutError/);
    expect(error).not.toBeInstanceOf(TimeoutError); // the caller's reason, not our per-attempt timeout
    expect(Date.now() - started).toBeLessThan(2000);
    expect(standIn.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await failure(client().removeBackendServers(input, { signal: controller.signal }));
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('the fetch transport (option `fetch`) behaves like the default one', () => {
  const viaFetch = (options: ClientOptions = {}) => client({ fetch: globalThis.fetch, ...options });

  it.each(['v1', 'v3'] as const)('signs and succeeds (%s)', async (signatureVersion) => {
    await expect(viaFetch({ signatureVersion }).removeBackendServers(input)).resolves.toMatchObject({
      LoadBalancerId: DEFAULT_LOAD_BALANCER_ID,
    });
  });

  it('times out a stalled attempt as TimeoutError, and retries it', async () => {
    standIn.faults.set({ stall: 1 });
    expect(await failure(viaFetch({ timeoutMs: 200, maxRetries: 0 }).removeBackendServers(input))).toBeInstanceOf(TimeoutError);
    standIn.faults.set({ stall: 1 });
    await expect(viaFetch({ timeoutMs: 200, maxRetries: 1 }).removeBackendServers(input)).resolves.toMatchObject({
      LoadBalancerId: DEFAULT_LOAD_BALANCER_ID,
    });
  });

  it("ends at once on the caller's signal", async () => {
    standIn.faults.set({ stall: 5 });
    const error = await failure(viaFetch({ timeoutMs: 10_000 }).removeBackendServers(input, { signal: AbortSignal.timeout(150) }));
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as Error).name).toMatch(/AbortError|TimeoutError/);
  });
});

describe('secrets never appear in what the client raises', () => {
  it('no AccessKeySecret, SecurityToken or Signature, in any form, in any message, field, stack, JSON or inspection of the errors above', () => {
    expect(raised.length).toBeGreaterThanOrEqual(24);
    expect(signatures.size).toBeGreaterThanOrEqual(30);
    const forms = (s: string) => [s, encodeURIComponent(s), encodeURIComponent(encodeURIComponent(s))];
    for (const error of raised) {
      const fields = Object.getOwnPropertyNames(error).map((key) => String((error as Record<string, unknown>)[key]));
      const text = [
        String(error),
        (error as Error).stack ?? '',
        ...fields,
        JSON.stringify(error),
        inspect(error, { depth: 5 }),
        String((error as Error).cause),
      ].join('\n');
      for (const secret of [SECRET, TOKEN, ...signatures]) for (const form of forms(secret)) expect(text).not.toContain(form);
    }
  });
});
