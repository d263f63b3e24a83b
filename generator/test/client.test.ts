import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyV1 } from '../../contract-tests/standin/verify-v1.js';
import { type ReplayServer, startReplayServer } from '../../contract-tests/support/replay-server.js';
import { parameterExample, responseExample } from '../../contract-tests/support/spec-examples.js';
import type * as Bundled from '../../generated/src/index.js';
import { RequestValidationError } from '../runtime/errors.js';
import { BUNDLED_SPEC, importSourcePackage } from './source-package.js';

// The client of the bundled spec, running the runtime's source (source-package.ts), against a
// local server that records each request and answers the spec's documented bodies.

const credentials = { accessKeyId: 'test-key-id', accessKeySecret: 'test-key-secret' };
const documented = {
  BackendServers: parameterExample('BackendServers', 'documentedRequest') as string[],
  LoadBalancerId: parameterExample('LoadBalancerId', 'documentedRequest') as string,
};
const regionId = parameterExample('RegionId', 'referenceTable') as string;

let server: ReplayServer;
let client: Bundled.Client;
let createClient: typeof Bundled.createClient;
beforeAll(async () => {
  ({ createClient } = await importSourcePackage<typeof Bundled>(BUNDLED_SPEC));
  server = await startReplayServer();
  // V1 by GET, named (V3 and POST are the defaults): these rows read the signed query from the URL.
  client = createClient({ endpoint: server.url, regionId, credentials, maxRetries: 0, signatureVersion: 'v1', method: 'GET' });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('the request for the documented example', () => {
  // Parameter by parameter against the page's request, and each documented body: contract-tests/client-replay.test.ts.
  it('carries the common parameters and a V1 signature that verifies', async () => {
    server.answer({ status: 200, body: JSON.stringify(responseExample('documentedSuccess').value) });
    await client.removeBackendServers(documented);
    expect(server.requests).toHaveLength(1);
    const { query, method } = server.requests[0]!;
    expect(query).toMatchObject({
      Version: '2014-05-15',
      Format: 'JSON',
      RegionId: regionId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: credentials.accessKeyId,
    });
    expect(verifyV1(method, query, credentials.accessKeySecret).ok).toBe(true);
    expect(verifyV1(method, { ...query, LoadBalancerId: 'other' }, credentials.accessKeySecret).ok).toBe(false);
  });

  it('signs each call with a fresh nonce and a second-precision UTC timestamp', async () => {
    server.answer({ status: 200, body: JSON.stringify(responseExample('documentedSuccess').value) });
    await client.removeBackendServers(documented);
    await client.removeBackendServers(documented);
    const [a, b] = server.requests.map((r) => r.query);
    expect(a!.SignatureNonce).not.toBe(b!.SignatureNonce);
    expect(a!.Timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  // @alicloud/pop-core (lib/rpc.js): by POST the URL is the endpoint's "/" and every parameter,
  // Signature included, travels as an application/x-www-form-urlencoded body.
  it.each([
    ['the client-wide method', { method: 'POST' as const }, {}],
    ['the per-call method', { method: 'GET' as const }, { method: 'POST' as const }],
  ])('sends the parameters by POST as a form body when asked (%s), still verifiable', async (_name, options, call) => {
    const post = createClient({ endpoint: server.url, regionId, credentials, signatureVersion: 'v1', ...options });
    server.answer({ status: 200, body: JSON.stringify(responseExample('documentedSuccess').value) });
    await post.removeBackendServers(documented, call);
    const { method, query, url, headers, body } = server.requests[0]!;
    expect([method, url.pathname, query, headers['content-type']]).toEqual(['POST', '/', {}, 'application/x-www-form-urlencoded']);
    const form = Object.fromEntries(new URLSearchParams(body));
    expect(form).toMatchObject({
      Action: 'RemoveBackendServers',
      LoadBalancerId: documented.LoadBalancerId,
      BackendServers: JSON.stringify(documented.BackendServers),
    });
    expect(verifyV1(method, form, credentials.accessKeySecret).ok).toBe(true);
  });

  it('JSON-encodes the object form of BackendServers', async () => {
    const objects = parameterExample('BackendServers', 'serverObjects') as { ServerId: string; Type: 'ecs'; Weight: number }[];
    server.answer({ status: 200, body: JSON.stringify(responseExample('documentedSuccess').value) });
    await client.removeBackendServers({ ...documented, BackendServers: objects });
    expect(JSON.parse(server.requests[0]!.query.BackendServers!)).toEqual(objects);
  });
});

describe('bad input is refused before any request', () => {
  const servers = (n: number) => Array.from({ length: n }, (_, i) => `vm-${i}`);
  const cases: [string, unknown, string][] = [
    ['21 servers', { ...documented, BackendServers: servers(21) }, '/BackendServers'],
    ['0 servers', { ...documented, BackendServers: [] }, '/BackendServers'],
    ['a Weight of 101', { ...documented, BackendServers: [{ ServerId: 'i-1', Weight: 101 }] }, '/BackendServers/0/Weight'],
    ['a Weight of -1', { ...documented, BackendServers: [{ ServerId: 'i-1', Weight: -1 }] }, '/BackendServers/0/Weight'],
    ['a Type outside the enum', { ...documented, BackendServers: [{ ServerId: 'i-1', Type: 'vm' }] }, '/BackendServers/0/Type'],
    ['a missing LoadBalancerId', { BackendServers: documented.BackendServers }, '/LoadBalancerId'],
    ['an empty LoadBalancerId', { ...documented, LoadBalancerId: '' }, '/LoadBalancerId'],
    ['a misspelt parameter', { ...documented, LoadbalancerId: 'x' }, '/LoadbalancerId'],
    ['BackendServers as a JSON string', { ...documented, BackendServers: '["vm-1"]' }, '/BackendServers'],
    ['not an object', 'RemoveBackendServers', ''],
  ];
  it.each(cases)('%s', async (_name, input, path) => {
    const error = await client.removeBackendServers(input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues.map((i) => i.path)).toContain(path);
    expect(server.requests).toHaveLength(0);
  });

  it('lists every violation, not just the first', async () => {
    const error = (await client
      .removeBackendServers({ LoadBalancerId: '', BackendServers: [{ ServerId: 'i-1', Weight: 101 }] })
      .catch((e: unknown) => e)) as RequestValidationError;
    expect(error.issues.map((i) => i.path).sort()).toEqual(['/BackendServers/0/Weight', '/LoadBalancerId']);
  });

  it('requires RegionId when neither the input nor the client gives one', async () => {
    const bare = createClient({ endpoint: server.url, credentials });
    const error = await bare.removeBackendServers(documented).catch((e: unknown) => e);
    expect((error as RequestValidationError).issues).toEqual([{ path: '/RegionId', message: 'is required', keyword: 'required' }]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('bad client options are refused by name, before any call', () => {
  it.each([
    ['a signature version', { signatureVersion: 'v2' }, /signatureVersion must be one of v1, v3/],
    ['a method', { method: 'PATCH' }, /method must be one of GET, POST/],
    ['a format', { format: 'YAML' }, /format must be one of JSON, XML/],
    ['a negative retry count', { maxRetries: -1 }, /maxRetries must be a whole number of 0 or more, not -1/],
    ['a timeout that is not a number', { timeoutMs: '10s' }, /timeoutMs must be a whole number of milliseconds/],
    ['an endpoint that is not a URL', { endpoint: 'slb.aliyuncs.com' }, /endpoint "slb.aliyuncs.com" is not a URL/],
    ['credentials without a secret', { credentials: { accessKeyId: 'id', accessKeySecret: '' } }, /credentials must be/],
  ])('%s', (_name, options, message) => {
    expect(() => createClient(options as never)).toThrow(message);
  });

  // Node's setTimeout fires a delay past 2^31-1 ms after 1 ms (TimeoutOverflowWarning): a
  // timeout of 2^31 would end every attempt at once, a retry delay would not wait at all.
  const TIMER =
    /must be a whole number of milliseconds from 0 to 2147483647 \(the longest timer Node keeps; a longer one fires after 1 ms\)/;
  it.each([
    ['timeoutMs 2^31', { timeoutMs: 2 ** 31 }, 'timeoutMs', TIMER],
    ['timeoutMs of a year', { timeoutMs: 365 * 24 * 3600 * 1000 }, 'timeoutMs', TIMER],
    ['retryMaxDelayMs 2^31', { retryMaxDelayMs: 2 ** 31 }, 'retryMaxDelayMs', TIMER],
    ['retryBaseDelayMs 2^32', { retryBaseDelayMs: 2 ** 32 }, 'retryBaseDelayMs', TIMER],
    ['a fractional timeoutMs', { timeoutMs: 0.5 }, 'timeoutMs', TIMER],
    ['a fractional retry count', { maxRetries: 2.5 }, 'maxRetries', /must be a whole number of 0 or more, not 2\.5/],
  ])('%s is refused at createClient, naming the option', (_name, options, option, message) => {
    expect(() => createClient(options)).toThrow(`option ${option} `);
    expect(() => createClient(options)).toThrow(message);
  });

  it('takes the longest timer Node keeps, 2^31-1 ms', () => {
    expect(() => createClient({ timeoutMs: 2 ** 31 - 1, retryMaxDelayMs: 2 ** 31 - 1, retryBaseDelayMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('never echoes the credentials object', () => {
    const error = (() => {
      try {
        createClient({ credentials: { accessKeyId: '', accessKeySecret: 'the-secret-value' } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/credentials must be/);
    expect(`${error?.message} ${error?.stack}`).not.toContain('the-secret-value');
  });
});

describe("the package index: what a client user needs, and not the client's inside", () => {
  // Issue 18: every client used to export the operation descriptors, signV1 and percentEncode,
  // which only the contract kit and tests use (they import generator/runtime or dist/ files).
  it('exports the factory, the endpoint and the error classes, nothing else at run time', async () => {
    const index = await importSourcePackage<Record<string, unknown>>(BUNDLED_SPEC);
    expect(Object.keys(index).sort()).toEqual(
      [
        'ApiError',
        'CredentialsError',
        'DEFAULT_ENDPOINT',
        'RequestValidationError',
        'ResponseValidationError',
        'SlbkitError',
        'ThrottlingError',
        'TimeoutError',
        'TransportError',
        'createClient',
      ].sort(),
    );
  });
});
