import type { AuthValue } from './auth.js';
import type { CredentialProvider, Credentials } from './credentials.js';
import { DEFAULTS, MAX_TIMER_MS } from './defaults.js';
import { chooseEndpoint, type RegionEndpoints } from './endpoint.js';
import type { Middleware } from './middleware.js';
import type { InputValidator } from './operation.js';
import { defaultTransport, fetchTransport, insecureEndpoint, type Transport } from './transport.js';

/**
 * Optional fields also take `undefined`, for callers under exactOptionalPropertyTypes. Each
 * default is `DEFAULTS.<option>` of defaults.ts; the number in brackets is its value today
 * (readme-promises.test.ts checks they agree).
 */
export interface ClientOptions {
  /** Base URL; default: the endpoint of `regionId` (the spec's servers), else the spec's first server. */
  endpoint?: string | undefined;
  /** RegionId sent when the input has none; also picks the endpoint when `endpoint` is not given. */
  regionId?: string | undefined;
  /**
   * Keys, or a provider asked at each call (e.g. an @alicloud/credentials Credential); else the
   * environment, the aliyun CLI profile, ~/.alibabacloud/credentials.
   */
  credentials?: Credentials | CredentialProvider | undefined;
  /**
   * Values of the spec's own security schemes, by scheme name: a string for http bearer (also
   * oauth2, openIdConnect) and apiKey, `{ username, password }` for http basic. Sent as the
   * operation's `security` says (README, "Authentication"); never shown in errors or middleware.
   */
  auth?: Record<string, AuthValue> | undefined;
  /**
   * 'v3' (ACS3-HMAC-SHA256 in the Authorization header, the action in x-acs-action: as Alibaba's
   * current SDKs sign) or 'v1' (HMAC-SHA1 over the query). Default `DEFAULTS.signatureVersion` ('v3').
   */
  signatureVersion?: 'v1' | 'v3' | undefined;
  /**
   * HTTP method for operations that allow several (RPC actions: GET or POST). Default `DEFAULTS.method` ('POST'),
   * as Alibaba's SDKs send: with V3 the parameters stay in the query, with V1 they go as a form
   * body. An operation the spec does not allow it by uses the first method it lists.
   */
  method?: 'GET' | 'POST' | undefined;
  /** Response format asked of an RPC API. 'XML' loads the optional peer fast-xml-parser. Default `DEFAULTS.format` ('JSON'). */
  format?: 'JSON' | 'XML' | undefined;
  /**
   * Retries. Default `DEFAULTS.maxRetries` (3). Throttling and refused connections are always retried; HTTP
   * 500/502/503/504, timeouts and dropped connections only for an idempotent operation (see README).
   */
  maxRetries?: number | undefined;
  /** Backoff: full jitter over min(retryMaxDelayMs, retryBaseDelayMs * 2^attempt). Default `DEFAULTS.retryBaseDelayMs` (200). */
  retryBaseDelayMs?: number | undefined;
  /** The longest backoff. Default `DEFAULTS.retryMaxDelayMs` (5000). */
  retryMaxDelayMs?: number | undefined;
  /** Time allowed for one attempt. Default `DEFAULTS.timeoutMs` (10000). */
  timeoutMs?: number | undefined;
  /**
   * Most bytes of response body read; past it the call ends in a TransportError and the rest is
   * not read. Default `DEFAULTS.maxResponseBytes` (10485760, 10 MiB). A `transport` of the caller's is held to it by the
   * body's length in characters.
   */
  maxResponseBytes?: number | undefined;
  /**
   * Send with this fetch instead of the default (node:http on Node, the global fetch elsewhere):
   * e.g. a mock, undici with a proxy, or a browser's fetch.
   */
  fetch?: typeof fetch | undefined;
  /** Lower level than `fetch`: send with this function. */
  transport?: Transport | undefined;
  /** Check each success body against the spec's schema; a mismatch is a ResponseValidationError. Default `DEFAULTS.validateResponses` (false). */
  validateResponses?: boolean | undefined;
  /** Log one redacted line per attempt: true for stderr, or a function. Also on with NODE_DEBUG=slbkit. */
  debug?: boolean | ((line: string) => void) | undefined;
}

export interface CallOptions {
  /** Ends the call, retries included, at once. */
  signal?: AbortSignal | undefined;
  /** HTTP method for this call (GET or POST), over the client's `method`; the operation must allow it. */
  method?: 'GET' | 'POST' | undefined;
}

/** The settled options a client calls with; created once per `createClient`. */
export interface ClientContext {
  endpoint: string;
  /** The endpoint taken apart once: `https://host:port`, `host:port`, and its base path. */
  origin: string;
  host: string;
  basePath: string;
  options: ClientOptions;
  transport: Transport;
  /** Set for an http: endpoint off loopback until its one warning is emitted. */
  insecure: boolean;
  /** Hooks of `client.use`, the debug logger first. */
  middleware: Middleware[];
  /** The success-body validators, imported on first use (validateResponses): no weight otherwise. */
  responseValidators: () => Promise<{ responseValidators: Record<string, InputValidator> }>;
  /**
   * The operations module (every descriptor and its input validator), imported at the first call:
   * the client's methods name their descriptor, so an app's start bundle carries no operation's
   * data or validator (docs/bundle-size.md). Its exports are OperationDescriptors by name.
   */
  operations: () => Promise<unknown>;
}

export function createContext(
  defaultEndpoint: string,
  options: ClientOptions,
  regional?: RegionEndpoints,
  responseValidators: () => Promise<{ responseValidators: Record<string, InputValidator> }> = async () => ({ responseValidators: {} }),
  operations: () => Promise<unknown> = async () => ({}),
): ClientContext {
  const endpoint = chooseEndpoint(defaultEndpoint, regional, options.endpoint, options.regionId).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`endpoint "${endpoint}" is not a URL (expected e.g. https://slb.aliyuncs.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`endpoint "${endpoint}" must be http: or https:`);
  checkOptions(options);
  const transport = options.transport ?? (options.fetch ? fetchTransport(options.fetch) : defaultTransport());
  const debug = options.debug ?? /\bslbkit\b/i.test(globalThis.process?.env?.NODE_DEBUG ?? '');
  const middleware = debug ? [debugHooks(debug === true ? (line) => console.error(line) : debug)] : [];
  return {
    endpoint,
    origin: url.origin,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ''),
    options,
    transport,
    insecure: insecureEndpoint(url),
    middleware,
    responseValidators,
    operations,
  };
}

/** An option's value, else its default from defaults.ts. */
export function setting<Name extends keyof typeof DEFAULTS>(options: ClientOptions, name: Name): (typeof DEFAULTS)[Name] {
  return (options[name] ?? DEFAULTS[name]) as (typeof DEFAULTS)[Name];
}

/** The debug logger: middleware.ts is imported only by a client that has hooks. */
function debugHooks(log: (line: string) => void): Middleware {
  const hooks = import('./middleware.js').then((m) => m.debugMiddleware(log));
  return {
    onResponse: async (response) => (await hooks).onResponse!(response),
    onError: async (failure) => (await hooks).onError!(failure),
  };
}

/** Options come from JavaScript callers and config files too: refuse a wrong one by name. */
function checkOptions(options: ClientOptions): void {
  const oneOf = (name: keyof ClientOptions, allowed: readonly string[]) => {
    const value = options[name];
    if (value !== undefined && !allowed.includes(value as string))
      throw new TypeError(`option ${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  };
  oneOf('signatureVersion', ['v1', 'v3']);
  oneOf('method', ['GET', 'POST']);
  oneOf('format', ['JSON', 'XML']);
  const shown = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value));
  const retries = options.maxRetries;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0))
    throw new TypeError(`option maxRetries must be a whole number of 0 or more, not ${shown(retries)}`);
  // These reach setTimeout, which fires a delay past 2^31-1 ms after 1 ms instead (Node's
  // TimeoutOverflowWarning): a timeout of 2^31 would end every attempt at once.
  for (const name of ['retryBaseDelayMs', 'retryMaxDelayMs', 'timeoutMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_TIMER_MS)) {
      throw new TypeError(
        `option ${name} must be a whole number of milliseconds from 0 to ${MAX_TIMER_MS} (the longest timer Node keeps; a longer one fires after 1 ms), not ${shown(value)}`,
      );
    }
  }
  // Up to V8's longest string: a body past it could not be decoded into one.
  const cap = options.maxResponseBytes;
  const MAX_STRING_LENGTH = maxStringLength();
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= MAX_STRING_LENGTH))
    throw new TypeError(`option maxResponseBytes must be a whole number from 1 to ${MAX_STRING_LENGTH}, not ${JSON.stringify(cap)}`);
  const credentials = options.credentials as Partial<Credentials & CredentialProvider> | undefined;
  if (
    credentials !== undefined &&
    typeof credentials?.getCredential !== 'function' &&
    (typeof credentials?.accessKeyId !== 'string' ||
      typeof credentials.accessKeySecret !== 'string' ||
      !credentials.accessKeyId ||
      !credentials.accessKeySecret)
  ) {
    // Never print the object: it may hold the secret.
    throw new TypeError(
      'option credentials must be { accessKeyId, accessKeySecret, securityToken? } with non-empty strings, or have getCredential()',
    );
  }
}

/**
 * V8's longest string on Node (node:buffer's constants, asked at run time: no `node:` import, so
 * the client bundles for a browser); elsewhere 2^29 - 24, V8's on 64-bit, the smallest of the
 * engines' limits.
 */
function maxStringLength(): number {
  return globalThis.process?.getBuiltinModule?.('node:buffer')?.constants.MAX_STRING_LENGTH ?? 2 ** 29 - 24;
}
