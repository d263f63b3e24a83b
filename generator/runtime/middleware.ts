import { redactor } from './errors.js';

/**
 * One attempt as middleware sees it: the signed request with every signed value (the V1
 * `Signature` and `SecurityToken` parameters, the V3 Authorization signature and
 * x-acs-security-token) replaced by `[redacted]`, and any form of the AccessKeySecret or token
 * too. The body is not shown: a V1 POST may carry the signature there.
 */
export interface AttemptRequest {
  /** The RPC action (or operationId). */
  operation: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  method: string;
  url: string;
  /** In `onRequest`, headers set here (a new name, or a new value) are sent, and signed with the rest. */
  headers: Record<string, string>;
}

export interface AttemptResponse extends AttemptRequest {
  status: number;
  durationMs: number;
  requestId: string | undefined;
}

export interface AttemptFailure extends AttemptRequest {
  /** The error the attempt ended with, already redacted (ApiError, TimeoutError, ...). */
  error: Error;
  /** Set when a response arrived. */
  status: number | undefined;
  durationMs: number;
}

/**
 * Hooks called for every attempt, retries included; each optional, each may be async.
 * `onRequest` in the order of `use`, `onResponse` (the attempt gave a result) or `onError` (it
 * threw) in reverse order; exactly one of the two per attempt.
 */
export interface Middleware {
  onRequest?(request: AttemptRequest): void | Promise<void>;
  onResponse?(response: AttemptResponse): void | Promise<void>;
  onError?(failure: AttemptFailure): void | Promise<void>;
}

/**
 * The redacted view of a signed request. `hidden` names the operation's secret parameters
 * (ParameterDescriptor `secret`): their query values (`Name=`, `Name.1=`, `Name[key]=`) and
 * headers are replaced by position, so a value too short for `secrets` to match is hidden too.
 */
export function attemptView(
  operation: string,
  attempt: number,
  request: { method: string; origin: string; path: string; headers: Record<string, string> },
  secrets: readonly string[],
  hidden: readonly string[] = [],
): AttemptRequest {
  // Our own URL and headers: no JSON escapes to look for.
  const redact = redactor(secrets, { json: false });
  const hiddenHeaders = new Set(hidden.map((name) => name.toLowerCase()));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = redact(
      name === 'x-acs-security-token' || hiddenHeaders.has(name)
        ? '[redacted]'
        : name === 'authorization'
          ? value.replace(/Signature=[^,\s]*/, 'Signature=[redacted]')
          : value,
    );
  }
  // A name as it travels in the query (percent-encoded, RFC 3986), then as a regex.
  const names = ['Signature', 'SecurityToken', ...hidden.map((name) => encodeURIComponent(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))];
  const inQuery = new RegExp(`([?&](?:${names.join('|')})(?:(?:\\.|%5B|\\[)[^=&]*)?=)[^&]*`, 'g');
  const url = redact(request.origin + request.path.replace(inQuery, '$1[redacted]'));
  return { operation, attempt, method: request.method, url, headers };
}

/** `debug` / NODE_DEBUG=slbkit: one line per attempt, through the same hooks and the same redaction. */
export function debugMiddleware(log: (line: string) => void): Middleware {
  const head = (a: AttemptRequest) => `slbkit ${a.operation} #${a.attempt} ${a.method} ${a.url}`;
  return {
    onResponse: (r) => log(`${head(r)} -> ${r.status} ${r.durationMs} ms RequestId ${r.requestId}`),
    onError: (f) => log(`${head(f)} -> ${f.status ?? '-'} ${f.durationMs} ms ${f.error.name}: ${f.error.message.split('\n')[0]}`),
  };
}
