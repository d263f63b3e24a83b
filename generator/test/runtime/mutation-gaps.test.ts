/**
 * Rows that kill mutants StrykerJS found surviving in runtime/retry.ts (`npm run mutation`,
 * docs/mutation.md): the backoff formula had no test of its own (Math.min -> Math.max,
 * `2 ** attempt` -> `2 * attempt`, `* cap` -> `/ cap` and the option defaults all survived), and
 * retryDecision's tables were read for one network code and three statuses of five.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientOptions } from '../../runtime/context.js';
import { ApiError, TransportError } from '../../runtime/errors.js';
import type { OperationDescriptor } from '../../runtime/operation.js';
import { backoff, type RetryDecision, retryDecision } from '../../runtime/retry.js';

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
