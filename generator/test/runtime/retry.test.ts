/**
 * runtime/retry.ts decides; it does not act. Each row: an error of the kind the runtime throws,
 * the operation's idempotency, the decision, and the error's message unchanged by deciding (the
 * loop in invoke.ts adds the "not retried" reason to the error it finally throws).
 */
import { describe, expect, it } from 'vitest';
import { ApiError, RequestValidationError, ThrottlingError, TimeoutError, TransportError } from '../../runtime/errors.js';
import type { OperationDescriptor } from '../../runtime/operation.js';
import { type RetryDecision, retryDecision } from '../../runtime/retry.js';

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
const once = base;
const httpGet: OperationDescriptor = { ...base, style: 'http', path: '/things' };
const safe: OperationDescriptor = { ...base, idempotency: { kind: 'safe' } };
const token: OperationDescriptor = { ...base, idempotency: { kind: 'token', parameter: 'ClientToken' } };
const NOT_RETRIED: RetryDecision = {
  retry: false,
  notRetried: 'not retried: the request may have been processed, and Op has no idempotency token and is not marked safe to repeat',
};

const api = (status: number, code = 'InternalError') => new ApiError('Op', { status, code, message: 'm' });

const rows: [string, { error: Error; operation: OperationDescriptor; want: RetryDecision }][] = [
  [
    'throttling: never processed, always retried',
    { error: new ThrottlingError('Op', { status: 400, code: 'Throttling', message: 'm' }), operation: once, want: { retry: true } },
  ],
  [
    'a refused connection: never processed, always retried',
    { error: new TransportError('Op', 'refused', { errorCode: 'ECONNREFUSED' }), operation: once, want: { retry: true } },
  ],
  ['a timeout, sent once: may have been processed', { error: new TimeoutError('Op', 10, 1), operation: once, want: NOT_RETRIED }],
  ['a timeout, safe to repeat', { error: new TimeoutError('Op', 10, 1), operation: safe, want: { retry: true } }],
  ['HTTP 503 with an error body, idempotency token', { error: api(503), operation: token, want: { retry: true } }],
  ['HTTP 500 with an error body, sent once', { error: api(500), operation: once, want: NOT_RETRIED }],
  [
    'HTTP 502 without an error body, sent once',
    { error: new TransportError('Op', 'bad gateway', { status: 502 }), operation: once, want: NOT_RETRIED },
  ],
  [
    'a reset connection, safe to repeat',
    { error: new TransportError('Op', 'reset', { errorCode: 'ECONNRESET' }), operation: safe, want: { retry: true } },
  ],
  ['HTTP 400: a wrong request stays wrong', { error: api(400, 'InvalidParameter'), operation: safe, want: { retry: false } }],
  ['HTTP 501: not in the retried set', { error: api(501), operation: safe, want: { retry: false } }],
  [
    'a host that does not resolve',
    { error: new TransportError('Op', 'no host', { errorCode: 'ENOTFOUND' }), operation: safe, want: { retry: false } },
  ],
  ['an input that breaks the spec', { error: new RequestValidationError('Op', []), operation: safe, want: { retry: false } }],
  ['not one of ours', { error: new Error('boom'), operation: safe, want: { retry: false } }],
  // Issue 19: RFC 9110 section 9.2.2 for plain HTTP operations; RPC actions keep their token-or-mark rule (rows above).
  ['HTTP GET after a 503: idempotent, retried', { error: api(503), operation: httpGet, want: { retry: true } }],
  [
    'HTTP PUT after a reset connection: idempotent, retried',
    {
      error: new TransportError('Op', 'reset', { errorCode: 'ECONNRESET' }),
      operation: { ...httpGet, methods: ['PUT'] },
      want: { retry: true },
    },
  ],
  [
    'HTTP GET after a 429 without an error body: retried',
    { error: new TransportError('Op', 'slow down', { status: 429 }), operation: httpGet, want: { retry: true } },
  ],
  [
    'HTTP POST after a 503: sent once, the reason names the method',
    {
      error: api(503),
      operation: { ...httpGet, methods: ['POST'] },
      want: {
        retry: false,
        notRetried:
          'not retried: the request may have been processed, and Op (POST) has no idempotency token and is not marked safe to repeat',
      },
    },
  ],
  [
    'HTTP PATCH with an idempotency token: retried',
    {
      error: api(503),
      operation: { ...httpGet, methods: ['PATCH'], idempotency: { kind: 'token', parameter: 'Idempotency-Key' } },
      want: { retry: true },
    },
  ],
  [
    'an RPC GET after a 429 (no Throttling code): not in its retried set',
    { error: api(429, 'TooMany'), operation: once, want: { retry: false } },
  ],
];

describe('retryDecision', () => {
  it.each(rows)('%s', (_name, { error, operation, want }) => {
    const message = error.message;
    expect(retryDecision(error, operation)).toEqual(want);
    expect(error.message).toBe(message);
  });
});
