import type { ClientContext, ClientOptions } from './context.js';
import { cookieText } from './cookie.js';
import { RequestValidationError, type ValidationIssue } from './errors.js';
import type { BodyMedia, EncodedBody } from './media.js';
import { type OperationDescriptor, validationIssues } from './operation.js';
import { percentEncode } from './signature-v1.js';
import { encodeWire, type WireEncoding } from './wire.js';

/** The path expansions (wire.ts: label, matrix, exploded simple) placed as they are: their values are percent-encoded already, their delimiters must stay. */
const PATH_EXPANSIONS: ReadonlySet<WireEncoding> = new Set(['label', 'labelExplode', 'matrix', 'matrixExplode', 'simpleExplode']);

/**
 * One attempt's request, built from the descriptor and the input and not yet signed: every value
 * in place, the query as name/value pairs in the order they travel. The builder sorts them by
 * name (the canonical order both Alibaba signatures use, and so the order an unsigned request
 * has always had); a signer that adds pairs keeps that order, except V1's `Signature`, last.
 */
export interface OutgoingRequest {
  method: string;
  /** `https://host:port` and `host:port` of the endpoint. */
  origin: string;
  host: string;
  /** The endpoint's base path and the operation's path, path parameters filled; no query. */
  path: string;
  /** Never changed in place: a signer returns a new list (query texts are remembered by list, see queryText). */
  query: readonly (readonly [name: string, value: string])[];
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** RPC: the Action and Version (Alibaba V3 signs them as x-acs-action and x-acs-version). */
  action: string;
  version: string;
}

/** What the transport sends: the path with its query string written out. */
export interface WireRequest {
  method: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * The call's values: the input with the client's defaults, the idempotency token filled, checked
 * against the spec (schema and path segments). Nothing is sent when they break it.
 */
export function callValues(operation: OperationDescriptor, input: unknown, options: ClientOptions): Record<string, unknown> {
  const values = withDefaults(operation, input, options);
  // One idempotency token per call, the same on every attempt: the server does the work once.
  const token = operation.idempotency?.kind === 'token' ? operation.idempotency.parameter : undefined;
  if (token !== undefined && values[token] === undefined) values[token] = globalThis.crypto.randomUUID();
  if (!operation.validate(values)) throw new RequestValidationError(operation.name, validationIssues(operation.validate.errors ?? []));
  const segments = pathSegmentIssues(operation, values);
  if (segments.length) throw new RequestValidationError(operation.name, segments);
  return values;
}

/** Input + client defaults; a plain copy, never the caller's object. */
function withDefaults(operation: OperationDescriptor, input: unknown, options: ClientOptions): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RequestValidationError(operation.name, [{ path: '', message: 'the input must be an object of parameters', keyword: 'type' }]);
  }
  const values: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const parameter of operation.parameters) {
    if (parameter.clientDefault === 'regionId' && values[parameter.name] === undefined && options.regionId !== undefined)
      values[parameter.name] = options.regionId;
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
    if (form === '.' || form === '..')
      return `must not be "." or ".." (nor an encoding of one; got ${JSON.stringify(text)}): the URL would leave the operation's path`;
    if (/[/\\]/.test(form))
      return `must not contain "/" or "\\" (nor an encoding of one; got ${JSON.stringify(text)}): a path parameter is one segment`;
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
export function secretValues(operation: OperationDescriptor, values: Record<string, unknown>): string[] {
  return operation.parameters
    .filter((p) => p.secret && values[p.name] !== undefined)
    .flatMap((p) => encodeWire(p.wire, p.name, values[p.name]).map(([, text]) => text));
}

/**
 * The call's method, else the client's (its `method` option, else POST as Alibaba's SDKs send)
 * when the operation allows it, else the first the spec lists: a client-wide POST must not break
 * the one action that is GET only.
 */
export function chooseMethod(operation: OperationDescriptor, perCall: string | undefined, clientDefault: string | undefined): string {
  if (perCall !== undefined && !operation.methods.includes(perCall))
    throw new TypeError(`${operation.name} is not available by ${perCall}; the spec allows ${operation.methods.join(', ')}`);
  const wanted = perCall ?? clientDefault;
  return wanted !== undefined && operation.methods.includes(wanted) ? wanted : operation.methods[0]!;
}

/**
 * The unsigned request. `extraHeaders` (set by a middleware hook) are placed like the spec's
 * fixed headers: before the parameters, so a parameter of the same name wins.
 */
export function buildRequest(
  context: ClientContext,
  operation: OperationDescriptor,
  method: string,
  values: Record<string, unknown>,
  format: 'JSON' | 'XML',
  extraHeaders: readonly (readonly [string, string])[] = [],
  encoded: EncodedBody | undefined = jsonBody(operation, values),
): OutgoingRequest {
  const query: Record<string, string | string[]> = {};
  const headers: Record<string, string> = { accept: format === 'XML' ? 'application/xml' : (operation.accept ?? 'application/json') };
  let path = context.basePath + operation.path;
  const cookies: [string, string][] = [];
  // An RPC call always names its API version; a spec without a Version parameter gives info.version.
  if (operation.style === 'rpc' && operation.version) query.Version = operation.version;
  for (const fixed of operation.fixed) place(fixed.in, fixed.name, fixed.value);
  for (const [name, value] of extraHeaders) place('header', name, value);
  for (const parameter of operation.parameters) {
    const value = values[parameter.name];
    if (value !== undefined)
      for (const [name, text] of encodeWire(parameter.wire, parameter.name, value))
        place(parameter.in, name, text, true, PATH_EXPANSIONS.has(parameter.wire));
  }
  function place(where: string, name: string, value: string, repeat = false, expanded = false): void {
    // A repeated name (OpenAPI form, explode: tags=a&tags=b) keeps every value.
    if (where === 'query') query[name] = repeat && query[name] !== undefined ? [query[name]].flat().concat(value) : value;
    else if (where === 'header') headers[name.toLowerCase()] = value;
    else if (where === 'cookie') cookies.push([name, value]);
    else path = path.replaceAll(`{${name}}`, expanded ? value : encodeURIComponent(value));
  }
  if (cookies.length) headers.cookie = cookieText(cookies);
  // Alibaba's common parameter for the answer's format: every RPC call names it, signed or not.
  if (operation.style === 'rpc') query.Format = format;
  const body = encoded?.body;
  // A Content-Type parameter the caller gives says what the bytes are (S3's PutObject: the
  // object's type), so it wins over the body's media type; a multipart body's own type carries
  // its boundary, so that one always stands.
  const givenType = operation.parameters.some(
    (p) => p.in === 'header' && p.name.toLowerCase() === 'content-type' && values[p.name] !== undefined,
  );
  if (encoded && !(givenType && !encoded.contentType.startsWith('multipart/'))) headers['content-type'] = encoded.contentType;
  const request: OutgoingRequest = {
    method,
    origin: context.origin,
    host: context.host,
    path,
    query: sortedQuery(query),
    headers,
    action: operation.action ?? operation.name,
    version: operation.version ?? '',
  };
  return body === undefined ? request : { ...request, body };
}

/** The media type the call's body goes as: the input's `contentType`, else the operation's first. */
export function bodyMedia(operation: OperationDescriptor, values: Record<string, unknown>): BodyMedia {
  const media = operation.body?.media ?? [];
  return media.find((m) => m.type === values.contentType) ?? media[0] ?? { type: 'application/json', kind: 'json' };
}

/** The call's body written out once (a Blob is read once; every attempt sends the same bytes). */
export async function encodedBody(operation: OperationDescriptor, values: Record<string, unknown>): Promise<EncodedBody | undefined> {
  if (!operation.body || values.body === undefined) return undefined;
  // Loaded only by a call with a body: an RPC client never loads the body writers.
  const { encodeBody } = await import('./media.js');
  return encodeBody(bodyMedia(operation, values), values.body);
}

/** Without a body encoded ahead (encodedBody), a JSON body is written here; any other kind must be. */
function jsonBody(operation: OperationDescriptor, values: Record<string, unknown>): EncodedBody | undefined {
  if (!operation.body || values.body === undefined) return undefined;
  const media = bodyMedia(operation, values);
  if (media.kind !== 'json')
    throw new TypeError(`${operation.name}: a ${media.type} body is written by encodedBody before the request is built`);
  return { contentType: media.type, body: JSON.stringify(values.body) };
}

/**
 * Name/value pairs sorted by name (UTF-16 code units, as `Array#sort` and Alibaba's canonical
 * query order), a repeated name's values in the order given.
 */
export function sortedQuery(query: Readonly<Record<string, string | readonly string[]>>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name of Object.keys(query).sort()) {
    const value = query[name] ?? '';
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const each of value) pairs.push([name, each]);
  }
  return pairs;
}

/**
 * The query with `pairs` set: every earlier value of their names replaced, the canonical order
 * kept (a stable sort by name, so a repeated name's values stay in the order given).
 */
export function withQuery(
  query: readonly (readonly [string, string])[],
  pairs: readonly (readonly [string, string])[],
): readonly (readonly [string, string])[] {
  const names = new Set(pairs.map(([name]) => name));
  const added = [...pairs].sort(byName);
  // A merge of two sorted lists: the request's query is long, what a signer adds is short.
  const merged: (readonly [string, string])[] = [];
  let next = 0;
  for (const pair of query) {
    if (names.has(pair[0])) continue;
    while (next < added.length && added[next]![0] < pair[0]) merged.push(added[next++]!);
    merged.push(pair);
  }
  while (next < added.length) merged.push(added[next++]!);
  return merged;
}

function byName(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** The texts of query lists already written, by list: V1 signs the very text that travels, and writing it is most of signing's cost. */
const written = new WeakMap<object, string>();

/** The pairs as a query string, each name and value percent-encoded (RFC 3986, POP flavour). */
export function queryText(pairs: readonly (readonly [string, string])[]): string {
  let text = written.get(pairs);
  if (text === undefined)
    written.set(pairs, (text = pairs.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')));
  return text;
}

/** `pairs` followed by one more pair, its text written from the text of `pairs` (not again from the start). */
export function withLastPair(
  pairs: readonly (readonly [string, string])[],
  name: string,
  value: string,
): readonly (readonly [string, string])[] {
  const longer = [...pairs, [name, value] as const];
  written.set(longer, `${queryText(pairs)}${pairs.length ? '&' : ''}${percentEncode(name)}=${percentEncode(value)}`);
  return longer;
}

/** The signed request as it travels: the query written after the path. */
export function wireRequest(request: OutgoingRequest): WireRequest {
  const search = queryText(request.query);
  const wire: WireRequest = {
    method: request.method,
    origin: request.origin,
    path: `${request.path}${search ? `?${search}` : ''}`,
    headers: request.headers,
  };
  return request.body === undefined ? wire : { ...wire, body: request.body };
}
