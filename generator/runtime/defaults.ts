/**
 * Every default of a client's options, in one place: the runtime reads them from here, and so do
 * the JSDoc of ClientOptions (context.ts) and the README emitter, so the three cannot disagree.
 */
export const DEFAULTS: {
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly format: 'JSON' | 'XML';
  readonly signatureVersion: 'v1' | 'v3';
  readonly method: 'GET' | 'POST';
  readonly validateResponses: boolean;
} = {
  maxRetries: 3,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 5000,
  timeoutMs: 10_000,
  /** 10 MiB: far above any answer of an RPC API, far below what a process can hold as a string. */
  maxResponseBytes: 10 * 1024 * 1024,
  format: 'JSON',
  /** What Alibaba's current SDKs sign with (ACS3-HMAC-SHA256, @alicloud/openapi-core's default). */
  signatureVersion: 'v3',
  /**
   * What Alibaba's current SDKs send an RPC action by (every generated SDK's `callApi` says POST,
   * the parameters in the query), when the operation allows it; else the first method it lists.
   */
  method: 'POST',
  validateResponses: false,
};

/** 2^31-1: the longest delay Node's setTimeout honours; a longer one fires after 1 ms (TimeoutOverflowWarning). */
export const MAX_TIMER_MS: number = 2 ** 31 - 1;
