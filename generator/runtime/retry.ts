import type { ClientOptions } from './context.js';
import { DEFAULTS } from './defaults.js';
import { ApiError, ThrottlingError, TimeoutError, TransportError } from './errors.js';
import type { OperationDescriptor } from './operation.js';

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
/** RFC 6585 section 4, Too Many Requests: retried like a 5xx for a plain HTTP operation (an RPC action's throttling is its Throttling code). */
const TOO_MANY_REQUESTS = 429;
/** RFC 9110 section 9.2.2: the methods whose repetition has the effect of one request. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET']);

/** Whether to try again; when not, and the reason is worth telling, why (the loop adds it to the error it throws). */
export type RetryDecision = { retry: true } | { retry: false; notRetried?: string };

/**
 * Whether another attempt is safe and useful. An answer that proves the request was not
 * processed (throttling, a refused connection) is always retried. After one that may mean it was
 * (HTTP 5xx, a timeout, a connection dropped after sending; 429 for a plain HTTP operation), only
 * an idempotent operation is: one with an idempotency token (the same ClientToken or
 * Idempotency-Key on every attempt), marked safe to repeat, or a plain HTTP operation whose method
 * is idempotent (RFC 9110 section 9.2.2: GET, HEAD, OPTIONS, PUT, DELETE; POST and PATCH are
 * not). An RPC action is judged by its token or mark only: GET or POST, it may change things.
 * Otherwise the decision says why not. The error is left as it is.
 */
export function retryDecision(error: unknown, operation: OperationDescriptor): RetryDecision {
  if (error instanceof ThrottlingError) return { retry: true };
  if (error instanceof TransportError && error.status === undefined && error.errorCode === 'ECONNREFUSED') return { retry: true };
  const http = operation.style === 'http';
  const retryable = (status: number) => RETRYABLE_STATUS.has(status) || (http && status === TOO_MANY_REQUESTS);
  const ambiguous =
    error instanceof TimeoutError ||
    (error instanceof ApiError && retryable(error.status)) ||
    (error instanceof TransportError &&
      (error.status === undefined ? RETRYABLE_NETWORK.has(error.errorCode ?? '') : retryable(error.status)));
  if (!ambiguous) return { retry: false };
  if (operation.idempotency !== undefined) return { retry: true };
  if (http && operation.methods.every((method) => IDEMPOTENT_METHODS.has(method))) return { retry: true };
  return {
    retry: false,
    notRetried: `not retried: the request may have been processed, and ${operation.name} ${http ? `(${operation.methods.join(', ')}) ` : ''}has no idempotency token and is not marked safe to repeat`,
  };
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): uniform in [0, cap). */
export function backoff(attempt: number, options: ClientOptions): number {
  const cap = Math.min(
    options.retryMaxDelayMs ?? DEFAULTS.retryMaxDelayMs,
    (options.retryBaseDelayMs ?? DEFAULTS.retryBaseDelayMs) * 2 ** attempt,
  );
  return Math.random() * cap;
}

/** Waits `ms`, or rejects with the signal's reason when it fires first. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
