/**
 * Rows that kill mutants StrykerJS found surviving in runtime/retry.ts (`npm run mutation`,
 * docs/mutation.md): the backoff formula had no test of its own (Math.min -> Math.max,
 * `2 ** attempt` -> `2 * attempt`, `* cap` -> `/ cap` and the option defaults all survived), and
 * retryDecision's tables were read for one network code and three statuses of five; sleep's abort
 * path was never run (sleep -> `{}` survived: the loop would retry at once). In
 * runtime/signers/call-signers.ts nothing checked `sendsCredentials` for a spec-security operation,
 * so the http: warning of invoke.ts could go quiet (or fire for an operation that sends nothing).
 */
import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthScheme } from '../../runtime/auth.js';
import { type ClientOptions, createContext } from '../../runtime/context.js';
import { ApiError, TransportError } from '../../runtime/errors.js';
import { invoke } from '../../runtime/invoke.js';
import type { OperationDescriptor } from '../../runtime/operation.js';
import { backoff, type RetryDecision, retryDecision, sleep } from '../../runtime/retry.js';

describe('backoff: full jitter, uniform in [0, min(max, base * 2^attempt))', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Math.random is the platform's, not ours: fixing it turns "uniform below the cap" into one number.
  it.each<[string, { attempt: number; options: Partial<ClientOptions>; random: number; want: number }]>([
    ['the first retry, defaults (base 200 ms)', { attempt: 0, options: {}, random: 0.5, want: 100 }],
    ['doubling per attempt, below the default cap', { attempt: 3, options: {}, random: 0.5, want: 800 }],
    ['the default cap (5000 ms) holds a late attempt', { attempt: 10, options: {}, random: 0.5, want: 2500 }],
    [
      'the caller base and cap are used, not the defaults',
      { attempt: 2, options: { retryBaseDelayMs: 10, retryMaxDelayMs: 1000 }, random: 0.5, want: 20 },
    ],
    ['the caller cap holds', { attempt: 2, options: { retryBaseDelayMs: 10, retryMaxDelayMs: 30 }, random: 0.5, want: 15 }],
    ['a zero draw waits not at all', { attempt: 4, options: {}, random: 0, want: 0 }],
  ])('%s', (_name, { attempt, options, random, want }) => {
    vi.spyOn(Math, 'random').mockReturnValue(random);
    expect(backoff(attempt, options as ClientOptions)).toBe(want);
  });
});

describe('retryDecision: every network code and status of its tables', () => {
  const base: OperationDescriptor = {
    name: 'Op',
    style: 'rpc',
    methods: ['GET'],
    path: '/',
    parameters: [],
    fixed: [],
    signers: [],
    validate: Object.assign(() => true, { errors: null }),
  };
  const safe: OperationDescriptor = { ...base, idempotency: { kind: 'safe' } };
  const NOT_RETRIED: RetryDecision = {
    retry: false,
    notRetried: 'not retried: the request may have been processed, and Op has no idempotency token and is not marked safe to repeat',
  };
  const network = (errorCode: string, status?: number) =>
    new TransportError('Op', errorCode, status === undefined ? { errorCode } : { errorCode, status });

  it.each<[string, { error: Error; operation: OperationDescriptor; want: RetryDecision }]>([
    // A dropped connection after sending may have been processed: retried only when safe.
    ['EPIPE, safe to repeat', { error: network('EPIPE'), operation: safe, want: { retry: true } }],
    ['EPIPE, sent once', { error: network('EPIPE'), operation: base, want: NOT_RETRIED }],
    ['ETIMEDOUT, safe to repeat', { error: network('ETIMEDOUT'), operation: safe, want: { retry: true } }],
    ['UND_ERR_SOCKET (undici), safe to repeat', { error: network('UND_ERR_SOCKET'), operation: safe, want: { retry: true } }],
    ['ECONNRESET, sent once', { error: network('ECONNRESET'), operation: base, want: NOT_RETRIED }],
    [
      'HTTP 504 with an error body, safe to repeat',
      { error: new ApiError('Op', { status: 504, code: 'GatewayTimeout', message: 'm' }), operation: safe, want: { retry: true } },
    ],
    [
      'HTTP 502 with an error body, safe to repeat',
      { error: new ApiError('Op', { status: 502, code: 'BadGateway', message: 'm' }), operation: safe, want: { retry: true } },
    ],
    [
      'HTTP 503 without an error body, safe to repeat',
      { error: new TransportError('Op', 'unavailable', { status: 503 }), operation: safe, want: { retry: true } },
    ],
    [
      'HTTP 504 without an error body, safe to repeat',
      { error: new TransportError('Op', 'gateway', { status: 504 }), operation: safe, want: { retry: true } },
    ],
    [
      'HTTP 500 without an error body, safe to repeat',
      { error: new TransportError('Op', 'internal', { status: 500 }), operation: safe, want: { retry: true } },
    ],
    // With a status the answer came: the status decides, not a network code carried along.
    ['a status 501 beside ECONNRESET: the status decides', { error: network('ECONNRESET', 501), operation: safe, want: { retry: false } }],
    [
      'a status 500 beside ECONNREFUSED: an answer came, so it may have been processed',
      { error: network('ECONNREFUSED', 500), operation: base, want: NOT_RETRIED },
    ],
  ])('%s', (_name, { error, operation, want }) => {
    expect(retryDecision(error, operation)).toEqual(want);
  });
});

describe('sleep: the wait between attempts', () => {
  it('rejects with the signal reason when the caller aborts first', async () => {
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const waiting = sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  }, 5_000);

  it.each<[string, AbortSignal | undefined]>([
    ['without a signal', undefined],
    ['with a signal that never fires', new AbortController().signal],
  ])('resolves when the time is up, %s', async (_name, signal) => {
    await expect(sleep(1, signal)).resolves.toBeUndefined();
    // One signal serves every attempt of a call (and may outlive it): a wait that ended must not
    // leave its listener behind on it.
    if (signal) expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});

describe('the http: warning for a spec-security operation (call-signers sendsCredentials)', () => {
  const scheme: Record<string, AuthScheme> = { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } };
  const operation = (security: string[][]): OperationDescriptor => ({
    name: 'GetThing',
    style: 'http',
    methods: ['GET'],
    path: '/thing',
    parameters: [],
    fixed: [],
    signers: ['spec-security'],
    security,
    schemes: scheme,
    validate: Object.assign(() => true, { errors: null }),
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  // 127.0.0.2 is loopback on Linux but not one of the names insecureEndpoint lets pass, so the
  // client treats it as a plain-http host while the exchange stays on this machine.
  it.each<[string, { security: string[][]; auth: Record<string, string>; warned: boolean }]>([
    ['an API key sent over http: warned', { security: [['key']], auth: { key: 'the-key' }, warned: true }],
    ['no credential needed: nothing sent, no warning', { security: [[]], auth: {}, warned: false }],
    ['the key optional and not given: nothing sent, no warning', { security: [['key'], []], auth: {}, warned: false }],
  ])('%s', async (_name, { security, auth, warned }) => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"r-1"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    try {
      const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const context = createContext(`http://127.0.0.2:${(server.address() as AddressInfo).port}`, { auth, maxRetries: 0 });
      await invoke(context, operation(security), {});
      const codes = warning.mock.calls.map(([, options]) => (options as { code?: string } | undefined)?.code);
      expect(codes.includes('SLBKIT_INSECURE_ENDPOINT')).toBe(warned);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
