import { constants } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { AuthPlacement, AuthValue } from './auth.js';
import { callCredentials } from './credential-providers.js';
import type { CredentialProvider, Credentials } from './credentials.js';
import { chooseEndpoint, type RegionEndpoints } from './endpoint.js';
import { ApiError, RequestValidationError, ResponseValidationError, SlbkitError, ThrottlingError, TimeoutError, TransportError, redactError, redactor, type ValidationIssue } from './errors.js';
import type { AttemptRequest, Middleware } from './middleware.js';
import { validationIssues, type InputValidator, type OperationDescriptor } from './operation.js';
import { canonicalizedQuery, percentEncode, signCanonicalV1 } from './signature-v1.js';
import { canonicalQueryV3, signV3 } from './signature-v3.js';
import { AttemptTimeout, ResponseRefused, fetchTransport, insecureEndpoint, nodeTransport, redirectTarget, type Transport, type TransportResponse } from './transport.js';
import { encodeWire } from './wire.js';

/** Optional fields also take `undefined`, for callers under exactOptionalPropertyTypes. */
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
  /** 'v1' (HMAC-SHA1 over the query, the default) or 'v3' (ACS3-HMAC-SHA256, Authorization header). */
  signatureVersion?: 'v1' | 'v3' | undefined;
  /**
   * HTTP method for operations that allow several (RPC actions: GET or POST). Default: the first
   * the spec lists. An operation the spec allows only one method uses that one whatever this says.
   */
  method?: 'GET' | 'POST' | undefined;
  /** Response format asked of an RPC API. 'XML' loads the optional peer fast-xml-parser. Default 'JSON'. */
  format?: 'JSON' | 'XML' | undefined;
  /**
   * Retries (default 3). Throttling and refused connections are always retried; HTTP
   * 500/502/503/504, timeouts and dropped connections only for an idempotent operation (see README).
   */
  maxRetries?: number | undefined;
  /** Backoff: full jitter over min(maxDelayMs, baseDelayMs * 2^attempt). Defaults 200 and 5000. */
  retryBaseDelayMs?: number | undefined;
  retryMaxDelayMs?: number | undefined;
  /** Time allowed for one attempt. Default 10000. */
  timeoutMs?: number | undefined;
  /**
   * Most bytes of response body read; past it the call ends in a TransportError and the rest is
   * not read. Default 10485760 (10 MiB). A `transport` of the caller's is held to it by the
   * body's length in characters.
   */
  maxResponseBytes?: number | undefined;
  /** Send with this fetch instead of node:http (e.g. a mock, or undici with a proxy). */
  fetch?: typeof fetch | undefined;
  /** Lower level than `fetch`: send with this function. */
  transport?: Transport | undefined;
  /** Check each success body against the spec's schema; a mismatch is a ResponseValidationError. Default false. */
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
}

export function createContext(
  defaultEndpoint: string,
  options: ClientOptions,
  regional?: RegionEndpoints,
  responseValidators: () => Promise<{ responseValidators: Record<string, InputValidator> }> = async () => ({ responseValidators: {} }),
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
  const transport = options.transport ?? (options.fetch ? fetchTransport(options.fetch) : nodeTransport());
  const debug = options.debug ?? /\bslbkit\b/i.test(process.env.NODE_DEBUG ?? '');
  const middleware = debug ? [debugHooks(debug === true ? (line) => console.error(line) : debug)] : [];
  return { endpoint, origin: url.origin, host: url.host, basePath: url.pathname.replace(/\/+$/, ''), options, transport, insecure: insecureEndpoint(url), middleware, responseValidators };
}

/** The debug logger: middleware.ts is imported only by a client that has hooks. */
function debugHooks(log: (line: string) => void): Middleware {
  const hooks = import('./middleware.js').then((m) => m.debugMiddleware(log));
  return { onResponse: async (response) => (await hooks).onResponse!(response), onError: async (failure) => (await hooks).onError!(failure) };
}

/** Options come from JavaScript callers and config files too: refuse a wrong one by name. */
function checkOptions(options: ClientOptions): void {
  const oneOf = (name: keyof ClientOptions, allowed: readonly string[]) => {
    const value = options[name];
    if (value !== undefined && !allowed.includes(value as string)) throw new TypeError(`option ${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  };
  oneOf('signatureVersion', ['v1', 'v3']);
  oneOf('method', ['GET', 'POST']);
  oneOf('format', ['JSON', 'XML']);
  const shown = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value));
  const retries = options.maxRetries;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) throw new TypeError(`option maxRetries must be a whole number of 0 or more, not ${shown(retries)}`);
  // These reach setTimeout, which fires a delay past 2^31-1 ms after 1 ms instead (Node's
  // TimeoutOverflowWarning): a timeout of 2^31 would end every attempt at once.
  for (const name of ['retryBaseDelayMs', 'retryMaxDelayMs', 'timeoutMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_TIMER_MS)) {
      throw new TypeError(`option ${name} must be a whole number of milliseconds from 0 to ${MAX_TIMER_MS} (the longest timer Node keeps; a longer one fires after 1 ms), not ${shown(value)}`);
    }
  }
  // Up to V8's longest string: a body past it could not be decoded into one.
  const cap = options.maxResponseBytes;
  const { MAX_STRING_LENGTH } = constants;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= MAX_STRING_LENGTH)) throw new TypeError(`option maxResponseBytes must be a whole number from 1 to ${MAX_STRING_LENGTH}, not ${JSON.stringify(cap)}`);
  const credentials = options.credentials as Partial<Credentials & CredentialProvider> | undefined;
  if (credentials !== undefined && typeof credentials?.getCredential !== 'function' && (typeof credentials?.accessKeyId !== 'string' || typeof credentials.accessKeySecret !== 'string' || !credentials.accessKeyId || !credentials.accessKeySecret)) {
    // Never print the object: it may hold the secret.
    throw new TypeError('option credentials must be { accessKeyId, accessKeySecret, securityToken? } with non-empty strings, or have getCredential()');
  }
}

/** 2^31-1: the longest delay Node's setTimeout honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET']);

/**
 * One call: validate, encode, sign, send, read; retried as the options say. Each attempt is
 * signed anew (fresh nonce and timestamp): Alibaba rejects a reused SignatureNonce.
 */
export async function invoke<Output>(context: ClientContext, operation: OperationDescriptor, input: unknown, call: CallOptions = {}): Promise<Output> {
  const { options } = context;
  const values = withDefaults(operation, input, options);
  // One idempotency token per call, the same on every attempt: the server does the work once.
  const token = operation.idempotency?.kind === 'token' ? operation.idempotency.parameter : undefined;
  if (token !== undefined && values[token] === undefined) values[token] = randomUUID();
  if (!operation.validate(values)) throw new RequestValidationError(operation.name, validationIssues(operation.validate.errors ?? []));
  const segments = pathSegmentIssues(operation, values);
  if (segments.length) throw new RequestValidationError(operation.name, segments);
  // The spec's own security first (auth.ts, loaded only by an operation that has some); Alibaba
  // credentials only for what Alibaba signs: RPC actions and operations marked x-slbkit-signature: v3.
  const auth = operation.security ? (await import('./auth.js')).placeAuth(operation.name, operation.security, operation.schemes ?? {}, options.auth) : undefined;
  const signed = operation.style === 'rpc' || operation.signature === 'v3';
  const credentials = signed ? await callCredentials(options.credentials, operation.name, call.signal) : undefined;
  if (context.insecure && (signed || auth?.add.length)) {
    context.insecure = false;
    process.emitWarning(`slbkit: endpoint ${context.origin} is http:, so the credentials it sends (AccessKeyId, Signature, SecurityToken, auth values) travel unencrypted; use https:`, { code: 'SLBKIT_INSECURE_ENDPOINT' });
  }
  // The scheme values are placed like the spec's fixed parameters (before signing, so V3 signs them too).
  const sent = auth?.add.length ? { ...operation, fixed: [...operation.fixed, ...auth.add] } : operation;
  const method = chooseMethod(operation, call.method, options.method);
  // The spec's secret parameters (format password, writeOnly, ...Password/Secret/Token) are hidden like the auth values.
  const secrets = [...(auth?.secrets ?? []), ...secretValues(operation, values)];
  const maxRetries = options.maxRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 10_000;
  for (let attempt = 0; ; attempt++) {
    call.signal?.throwIfAborted();
    try {
      return await attemptOnce<Output>(context, sent, method, values, credentials, secrets, timeoutMs, call.signal, attempt + 1);
    } catch (error) {
      if (call.signal?.aborted || attempt >= maxRetries || !isRetryable(error, operation)) throw error;
      await sleep(backoff(attempt, options), call.signal);
    }
  }
}

async function attemptOnce<Output>(
  context: ClientContext,
  operation: OperationDescriptor,
  method: string,
  values: Record<string, unknown>,
  credentials: Credentials | undefined,
  authSecrets: readonly string[],
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  attempt: number,
): Promise<Output> {
  const { options, middleware } = context;
  const format = options.format ?? 'JSON';
  let request = buildRequest(context, operation, method, values, credentials, format);
  // Middleware sees the signed request with every signed value and secret replaced.
  const shown = [credentials?.accessKeySecret ?? '', credentials?.securityToken ?? '', ...authSecrets];
  // By position too: a secret parameter's value is hidden in the view whatever its length.
  const hidden = operation.parameters.filter((p) => p.secret).map((p) => p.name);
  let view: AttemptRequest | undefined;
  if (middleware.length) {
    const { attemptView } = await import('./middleware.js');
    view = attemptView(operation.name, attempt, request, shown, hidden);
    const before = { ...view.headers };
    for (const hooks of middleware) await hooks.onRequest?.(view);
    // Headers a hook set are placed like the spec's fixed headers, then the request is signed anew.
    const added = Object.entries(view.headers).filter(([name, value]) => before[name] !== value);
    if (added.length) {
      request = buildRequest(context, { ...operation, fixed: [...operation.fixed, ...added.map(([name, value]) => ({ name, in: 'header' as const, value: String(value) }))] }, method, values, credentials, format);
      view = attemptView(operation.name, attempt, request, shown, hidden);
    }
  }
  // Built only on the error path: a successful call never pays for it.
  let redactSecrets: ((text: string) => string) | undefined;
  const redact = (text: string) => (redactSecrets ??= redactor([...attemptSecrets(credentials, request), ...authSecrets]))(text);
  const started = Date.now();
  let status: number | undefined;
  let result: Output;
  try {
    const response = await send(context, operation.name, { ...request, signal: callerSignal, timeoutMs, maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES }, attempt);
    status = response.status;
    result = await readResponse<Output>(operation, response, format, redact, context.origin);
    const check = options.validateResponses && (await context.responseValidators()).responseValidators[operation.name];
    if (check && !check(result)) throw new ResponseValidationError(operation.name, validationIssues(check.errors ?? []), requestIdOf(result));
  } catch (error) {
    // The caller's own abort reason is theirs, and holds nothing of ours.
    if (callerSignal?.aborted && error === callerSignal.reason) throw error;
    const failure = redactError(error, redact) as Error;
    if (view) for (const hooks of [...middleware].reverse()) await hooks.onError?.({ ...view, error: failure, status, durationMs: Date.now() - started });
    throw failure;
  }
  if (view) for (const hooks of [...middleware].reverse()) await hooks.onResponse?.({ ...view, status: status!, durationMs: Date.now() - started, requestId: requestIdOf(result) });
  return result;
}

function requestIdOf(body: unknown): string | undefined {
  const id = (body as { RequestId?: unknown } | undefined)?.RequestId;
  return typeof id === 'string' ? id : undefined;
}

/** 10 MiB: far above any answer of an RPC API, far below what a process can hold as a string. */
export const DEFAULT_MAX_RESPONSE_BYTES: number = 10 * 1024 * 1024;

/** One exchange through the transport; its failures, and a body past the cap, as our errors. */
async function send(context: ClientContext, action: string, request: Parameters<Transport>[0], attempt: number): Promise<TransportResponse> {
  let response: TransportResponse;
  try {
    response = await context.transport(request);
  } catch (cause) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (cause instanceof AttemptTimeout) throw new TimeoutError(action, request.timeoutMs, attempt);
    if (cause instanceof ResponseRefused) throw new TransportError(action, `${action}: HTTP ${cause.status}, ${cause.message} (attempt ${attempt})`, { status: cause.status, errorCode: 'SLBKIT_RESPONSE_REFUSED' });
    const code = (cause as { code?: string; cause?: { code?: string } }).code ?? (cause as { cause?: { code?: string } }).cause?.code;
    throw new TransportError(action, `${action}: ${describeNetworkFailure(code)} (attempt ${attempt})`, { ...(code ? { errorCode: code } : {}) });
  }
  // A transport of the caller's is held to the cap too (its length in characters is a lower bound of its bytes).
  if (typeof response.body !== 'string' || response.body.length > request.maxResponseBytes) {
    throw new TransportError(action, `${action}: HTTP ${response.status}, the transport returned ${typeof response.body === 'string' ? `a body longer than maxResponseBytes (${request.maxResponseBytes})` : 'no text body'}`, { status: response.status, errorCode: 'SLBKIT_RESPONSE_REFUSED' });
  }
  return response;
}

/** Input + client defaults; a plain copy, never the caller's object. */
function withDefaults(operation: OperationDescriptor, input: unknown, options: ClientOptions): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RequestValidationError(operation.name, [{ path: '', message: 'the input must be an object of parameters', keyword: 'type' }]);
  }
  const values: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const parameter of operation.parameters) {
    if (parameter.clientDefault === 'regionId' && values[parameter.name] === undefined && options.regionId !== undefined) values[parameter.name] = options.regionId;
    if (values[parameter.name] === undefined) delete values[parameter.name];
  }
  return values;
}

/**
 * A path parameter fills one segment. `.` or `..` would leave the operation's path (RFC 3986
 * section 5.2.4 removes dot segments: `/users/../profile` is `/profile`, reached with this
 * operation's credentials), and `/` or `\` would add segments; so would their percent-encoded
 * forms (`%2e%2e`, `.%2E`, `%2F`) at a server or proxy that decodes before it routes, so each
 * value is checked as sent and decoded up to three times. Refused by name, before anything is sent.
 */
function pathSegmentIssues(operation: OperationDescriptor, values: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'path' || values[parameter.name] === undefined) continue;
    for (const [, text] of encodeWire(parameter.wire, parameter.name, values[parameter.name])) {
      const message = segmentProblem(text);
      if (message) issues.push({ path: `/${parameter.name.replaceAll('~', '~0').replaceAll('/', '~1')}`, message, keyword: 'pathSegment' });
    }
  }
  return issues;
}

function segmentProblem(text: string): string | undefined {
  let form = text;
  for (let decodings = 0; decodings <= 3; decodings++) {
    if (form === '.' || form === '..') return `must not be "." or ".." (nor an encoding of one; got ${JSON.stringify(text)}): the URL would leave the operation's path`;
    if (/[/\\]/.test(form)) return `must not contain "/" or "\\" (nor an encoding of one; got ${JSON.stringify(text)}): a path parameter is one segment`;
    let next: string;
    try {
      next = decodeURIComponent(form);
    } catch {
      return undefined; // not percent-encoding: no server decodes it further
    }
    if (next === form) return undefined;
    form = next;
  }
  return undefined;
}

/** The texts a secret parameter travels as (each wire pair of its value), for redaction. */
function secretValues(operation: OperationDescriptor, values: Record<string, unknown>): string[] {
  return operation.parameters.filter((p) => p.secret && values[p.name] !== undefined).flatMap((p) => encodeWire(p.wire, p.name, values[p.name]).map(([, text]) => text));
}

/**
 * The call's method, else the client's default when the operation allows it, else the first the
 * spec lists: a client-wide POST must not break the one action that is GET only.
 */
function chooseMethod(operation: OperationDescriptor, perCall: string | undefined, clientDefault: string | undefined): string {
  if (perCall !== undefined && !operation.methods.includes(perCall)) throw new TypeError(`${operation.name} is not available by ${perCall}; the spec allows ${operation.methods.join(', ')}`);
  const wanted = perCall ?? clientDefault;
  return wanted !== undefined && operation.methods.includes(wanted) ? wanted : operation.methods[0]!;
}

interface BuiltRequest {
  method: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function buildRequest(context: ClientContext, operation: OperationDescriptor, method: string, values: Record<string, unknown>, credentials: Credentials | undefined, format: 'JSON' | 'XML'): BuiltRequest {
  const query: Record<string, string | string[]> = {};
  const headers: Record<string, string> = { accept: format === 'XML' ? 'application/xml' : 'application/json' };
  let path = context.basePath + operation.path;
  // An RPC call always names its API version; a spec without a Version parameter gives info.version.
  if (operation.style === 'rpc' && operation.version) query.Version = operation.version;
  for (const fixed of operation.fixed) place(fixed.in, fixed.name, fixed.value);
  for (const parameter of operation.parameters) {
    const value = values[parameter.name];
    if (value !== undefined) for (const [name, text] of encodeWire(parameter.wire, parameter.name, value)) place(parameter.in, name, text, true);
  }
  function place(where: string, name: string, value: string, repeat = false): void {
    // A repeated name (OpenAPI form, explode: tags=a&tags=b) keeps every value.
    if (where === 'query') query[name] = repeat && query[name] !== undefined ? [query[name]].flat().concat(value) : value;
    else if (where === 'header') headers[name.toLowerCase()] = value;
    else path = path.replaceAll(`{${name}}`, encodeURIComponent(value));
  }
  let body: string | undefined;
  if (operation.body && values.body !== undefined) {
    body = JSON.stringify(values.body);
    headers['content-type'] = 'application/json';
  }
  const nonce = randomUUID();
  // Alibaba's Timestamp is yyyy-MM-ddTHH:mm:ssZ: no milliseconds.
  const timestamp = `${new Date().toISOString().slice(0, 19)}Z`;
  const origin = context.origin;
  if (credentials && operation.style === 'rpc' && context.options.signatureVersion !== 'v3') {
    // Alibaba signature V1 ("Request structure" and "Signature method" of the RPC docs).
    Object.assign(query, {
      Format: format,
      AccessKeyId: credentials.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: nonce,
      Timestamp: timestamp,
      ...(credentials.securityToken ? { SecurityToken: credentials.securityToken } : {}),
    });
    // The canonical query is both what is signed and what travels; Signature travels last. An
    // RPC action has no repeated names. By POST it all goes as a form body to "/", as
    // @alicloud/pop-core sends it (lib/rpc.js), so a long list does not meet a URL length limit.
    const canonical = canonicalizedQuery(query as Record<string, string>);
    const signature = signCanonicalV1(method as 'GET' | 'POST', canonical, credentials.accessKeySecret);
    const signed = `${canonical}&Signature=${percentEncode(signature)}`;
    if (method === 'POST') return { method, origin, path, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: signed };
    return { method, origin, path: `${path}?${signed}`, headers, ...(body !== undefined ? { body } : {}) };
  }
  if (operation.style === 'rpc') query.Format = format;
  // Not signed the Alibaba way (no credentials asked): sent as built, the spec's own security among the fixed values.
  const signed = credentials
    ? signV3({ method, host: context.host, pathname: path, query, headers, body: body ?? '' }, credentials, { date: timestamp, nonce }, operation.action ?? operation.name, operation.version ?? '')
    : headers;
  const search = canonicalQueryV3(query);
  return { method, origin, path: `${path}${search ? `?${search}` : ''}`, headers: signed, ...(body !== undefined ? { body } : {}) };
}

/** A response -> the typed result, or the error a person can act on. */
async function readResponse<Output>(operation: OperationDescriptor, response: TransportResponse, format: 'JSON' | 'XML', redact: (text: string) => string, origin: string): Promise<Output> {
  const { status, body: text } = response;
  // Never followed (a redirect would carry the signed request elsewhere); named by origin only,
  // since the rest of a Location may carry a signature.
  if (status >= 300 && status < 400) {
    throw new TransportError(operation.name, `${operation.name}: HTTP ${status} redirect to ${redirectTarget(response.headers.location, origin)}; redirects are not followed`, { status });
  }
  // A success with no body (204 No Content, or an empty 200) is a result of `undefined`.
  if (status >= 200 && status < 300 && text.trim() === '') return undefined as Output;
  const body = await parseBody(operation, text, format);
  if (status >= 200 && status < 300) {
    if (body === undefined || typeof body !== 'object') {
      const start = bodyStart(text, redact);
      throw new TransportError(operation.name, `${operation.name}: HTTP ${status} with a body that is not ${format}: ${start}`, { status, bodyStart: start });
    }
    return body as Output;
  }
  const fields = errorFields(body);
  if (fields) {
    const details = { status, code: fields.Code, message: fields.Message, ...optional('requestId', fields.RequestId), ...optional('hostId', fields.HostId), ...optional('recommend', fields.Recommend) };
    throw fields.Code.startsWith('Throttling') ? new ThrottlingError(operation.name, details) : new ApiError(operation.name, details);
  }
  const start = bodyStart(text, redact);
  throw new TransportError(operation.name, `${operation.name}: HTTP ${status} without an API error body; it begins: ${start}`, { status, bodyStart: start });
}

async function parseBody(operation: OperationDescriptor, text: string, format: 'JSON' | 'XML'): Promise<unknown> {
  const first = text.search(/\S/);
  const lead = first < 0 ? '' : text[first];
  try {
    if (lead === '{' || lead === '[') return JSON.parse(text);
    if (format === 'XML' && lead === '<' && !/^<(!doctype\s+)?html/i.test(text.slice(first, first + 20))) return await (await import('./xml.js')).parseXmlBody(text, operation.xml); // only format 'XML' loads the reader
  } catch (error) {
    if (error instanceof SlbkitError) throw error;
    // Truncated or malformed: reported with the body's first bytes by the caller.
  }
  return undefined;
}

function errorFields(body: unknown): { Code: string; Message: string; RequestId?: string; HostId?: string; Recommend?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.Code !== 'string') return undefined;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return { Code: record.Code, Message: text('Message') ?? '', ...optional('RequestId', text('RequestId')), ...optional('HostId', text('HostId')), ...optional('Recommend', text('Recommend')) };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** The first 200 characters, redacted before the cut so that no secret is left half in. */
function bodyStart(text: string, redact: (text: string) => string): string {
  const clean = redact(text.slice(0, 8192));
  const start = clean.slice(0, 200).replace(/\s+/g, ' ').trim();
  return clean.length > 200 || text.length > 8192 ? `${start}...` : start || '(empty body)';
}

/**
 * What this attempt must never let out: the secret, the token, the signature it sent (V1
 * `Signature` in the query or a form body, V3 in Authorization) and the signed query itself.
 * Alibaba's SignatureDoesNotMatch message quotes the string to sign (token included); a gateway
 * may echo the whole request.
 */
function attemptSecrets(credentials: Credentials | undefined, request: { path: string; headers: Record<string, string>; body?: string }): string[] {
  const query = request.path.split('?')[1] ?? '';
  const form = /x-www-form-urlencoded/.test(request.headers['content-type'] ?? '') ? (request.body ?? '') : '';
  const signatures = [query, form].map((text) => new URLSearchParams(text).get('Signature') ?? '');
  const v3 = /Signature=(\w+)/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  return [credentials?.accessKeySecret ?? '', credentials?.securityToken ?? '', query, form, v3, ...signatures];
}

/**
 * Whether another attempt is safe and useful. An answer that proves the request was not
 * processed (throttling, a refused connection) is always retried. After one that may mean it was
 * (HTTP 5xx, a timeout, a connection dropped after sending), only an idempotent operation is: one
 * with an idempotency token (the same ClientToken on every attempt) or marked safe to repeat.
 * Otherwise the error says it was not retried and why.
 */
function isRetryable(error: unknown, operation: OperationDescriptor): boolean {
  if (error instanceof ThrottlingError) return true;
  if (error instanceof TransportError && error.status === undefined && error.errorCode === 'ECONNREFUSED') return true;
  const ambiguous =
    error instanceof TimeoutError ||
    (error instanceof ApiError && RETRYABLE_STATUS.has(error.status)) ||
    (error instanceof TransportError && (error.status === undefined ? RETRYABLE_NETWORK.has(error.errorCode ?? '') : RETRYABLE_STATUS.has(error.status)));
  if (!ambiguous) return false;
  if (operation.idempotency !== undefined) return true;
  (error as Error).message += ` (not retried: the request may have been processed, and ${operation.name} has no idempotency token and is not marked safe to repeat)`;
  return false;
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): uniform in [0, cap). */
function backoff(attempt: number, options: ClientOptions): number {
  const cap = Math.min(options.retryMaxDelayMs ?? 5000, (options.retryBaseDelayMs ?? 200) * 2 ** attempt);
  return Math.random() * cap;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
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

function describeNetworkFailure(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is the endpoint right and up?)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset before a full response arrived';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the endpoint host name does not resolve';
    default:
      return `the request failed${code ? ` (${code})` : ''}`;
  }
}

