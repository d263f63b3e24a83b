import { type CallOptions, type ClientContext, setting } from './context.js';
import { ApiError, ResponseValidationError, SlbkitError, ThrottlingError, TransportError } from './errors.js';
import type { BodyKind } from './media.js';
import { type OperationDescriptor, validationIssues } from './operation.js';
import { redirectTarget, type TransportResponse } from './transport.js';

/**
 * A response -> the typed result, or the error a person can act on; with `validateResponses`,
 * a success body is checked against the spec's schema too.
 */
export async function readResponse<Output>(
  context: ClientContext,
  operation: OperationDescriptor,
  response: TransportResponse,
  format: 'JSON' | 'XML',
  redact: (text: string) => string,
): Promise<Output> {
  const result = await resultOf<Output>(operation, response, format, redact, context.origin);
  const check = setting(context.options, 'validateResponses') && (await context.responseValidators()).responseValidators[operation.name];
  if (check && !check(result)) throw new ResponseValidationError(operation.name, validationIssues(check.errors ?? []), requestIdOf(result));
  return result;
}

async function resultOf<Output>(
  operation: OperationDescriptor,
  response: TransportResponse,
  format: 'JSON' | 'XML',
  redact: (text: string) => string,
  origin: string,
): Promise<Output> {
  const { status, body: text } = response;
  // Never followed (a redirect would carry the signed request elsewhere); named by origin only,
  // since the rest of a Location may carry a signature.
  if (status >= 300 && status < 400) {
    throw new TransportError(
      operation.name,
      `${operation.name}: HTTP ${status} redirect to ${redirectTarget(response.headers.location, origin)}; redirects are not followed`,
      { status },
    );
  }
  // An HTTP operation reads each answer as its media type says (media.ts); an RPC action as before.
  // Loaded only by an HTTP operation's answer: an RPC client never loads the media readers.
  if (operation.responses && format === 'JSON') return httpResult<Output>(await import('./media.js'), operation, response, redact);
  // A success with no body (204 No Content, or an empty 200) is a result of `undefined`.
  if (status >= 200 && status < 300 && text.trim() === '') return undefined as Output;
  const body = await parseBody(operation, text, format);
  if (status >= 200 && status < 300) {
    if (body === undefined || typeof body !== 'object') {
      const start = bodyStart(text, redact);
      throw new TransportError(operation.name, `${operation.name}: HTTP ${status} with a body that is not ${format}: ${start}`, {
        status,
        bodyStart: start,
      });
    }
    return body as Output;
  }
  const fields = errorFields(body);
  if (fields) {
    const details = {
      status,
      code: fields.Code,
      message: fields.Message,
      ...optional('requestId', fields.RequestId),
      ...optional('hostId', fields.HostId),
      ...optional('recommend', fields.Recommend),
      // Read again from the redacted text: redactError stops 4 levels down, a body may nest deeper.
      body: redactedJson(text, redact) ?? fields,
      headers: redactedHeaders(response.headers, redact),
    };
    throw fields.Code.startsWith('Throttling') ? new ThrottlingError(operation.name, details) : new ApiError(operation.name, details);
  }
  const start = bodyStart(text, redact);
  throw new TransportError(operation.name, `${operation.name}: HTTP ${status} without an API error body; it begins: ${start}`, {
    status,
    bodyStart: start,
  });
}

/**
 * An HTTP operation's answer. Its body is read as the documented media type of its status
 * (exact, then range, then `default`) that the Content-Type names (media.ts): JSON parsed, text a
 * string, anything else bytes; JSON sent under another label is still read as JSON. A 2xx is the
 * result; any other status with a body read so (or an empty body the spec documents) is an
 * ApiError carrying the status, the body and the headers, its code and message taken from the
 * common shapes (`Code`/`Message`, `{code, message}`, `{error: {code, message}}`, RFC 9457
 * `type`/`title`/`detail`). What the spec does not document and is no JSON (a gateway's HTML
 * page) stays a TransportError with the body's first bytes. An error body is read from the
 * redacted text: no secret reaches `error.body`, however deep.
 */
function httpResult<Output>(
  { bodyKind, decodeBody }: typeof import('./media.js'),
  operation: OperationDescriptor,
  response: TransportResponse,
  redact: (text: string) => string,
): Output {
  const { status, body: text } = response;
  const success = status >= 200 && status < 300;
  const documented = documentedKinds(operation.responses ?? {}, status);
  const header = response.headers['content-type'];
  const kind = readAs(documented, typeof header === 'string' ? bodyKind(header) : undefined, text);
  if (text === '') {
    if (success) return undefined as Output;
    if (documented) throw apiError(operation, status, undefined, redactedHeaders(response.headers, redact));
  }
  if (success) {
    const read = kind && decodeBody(kind, text, response.bytes);
    if (read) return read.value as Output;
  } else if (kind) {
    const clean = redact(text);
    const read = decodeBody(kind, clean, clean === text ? response.bytes : undefined);
    if (read) throw apiError(operation, status, read.value, redactedHeaders(response.headers, redact));
  }
  const start = bodyStart(text, redact);
  throw new TransportError(
    operation.name,
    success
      ? `${operation.name}: HTTP ${status} with a body that is not ${documented?.includes('json') || !documented ? 'JSON' : 'what the spec documents'}: ${start}`
      : `${operation.name}: HTTP ${status} without an API error body; it begins: ${start}`,
    { status, bodyStart: start },
  );
}

/** The kinds documented for a status: its exact code, else its range (`4XX`), else `default`. */
function documentedKinds(responses: Readonly<Record<string, readonly BodyKind[]>>, status: number): readonly BodyKind[] | undefined {
  return responses[String(status)] ?? responses[`${String(status).charAt(0)}XX`] ?? responses.default;
}

const LOOKS_JSON = /^\s*[{[]/;

function readAs(documented: readonly BodyKind[] | undefined, labelled: BodyKind | undefined, text: string): BodyKind | undefined {
  if (documented?.length) {
    if (labelled && documented.includes(labelled)) return labelled;
    if (documented.includes('json') && LOOKS_JSON.test(text)) return 'json';
    if (!labelled) return documented[0];
    // Documented as bytes (`application/octet-stream`, `*/*`): bytes, whatever the label.
    return documented.includes('binary') ? 'binary' : undefined;
  }
  if (labelled === 'json' || LOOKS_JSON.test(text)) return 'json';
  // A status documented with no content that comes with one anyway: read as labelled; one not
  // documented at all is read only as JSON (an HTML page from a gateway is no answer of the API).
  return documented ? (labelled ?? 'text') : undefined;
}

function apiError(operation: OperationDescriptor, status: number, body: unknown, headers: TransportResponse['headers']): ApiError {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const nested = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
  const first = (...values: unknown[]) => {
    const found = values.find((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
    return found === undefined ? undefined : String(found);
  };
  const code = first(record.Code, record.code, nested.code, record.error, record.type, record.title) ?? `HTTP ${status}`;
  const message =
    first(record.Message, record.message, nested.message, record.detail, record.error_description, record.title) ??
    (typeof body === 'string' ? body.replace(/\s+/g, ' ').trim().slice(0, 200) : '');
  const details = {
    status,
    code,
    message,
    ...optional('requestId', first(record.RequestId, record.requestId)),
    ...optional('hostId', first(record.HostId)),
    ...optional('recommend', first(record.Recommend)),
    body,
    headers,
  };
  return typeof record.Code === 'string' && record.Code.startsWith('Throttling')
    ? new ThrottlingError(operation.name, details)
    : new ApiError(operation.name, details);
}

function redactedJson(text: string, redact: (text: string) => string): unknown {
  try {
    return JSON.parse(redact(text));
  } catch {
    return undefined; // XML, or broken by a replacement: the fields alone
  }
}

function redactedHeaders(headers: TransportResponse['headers'], redact: (text: string) => string): TransportResponse['headers'] {
  const clean: TransportResponse['headers'] = {};
  for (const [name, value] of Object.entries(headers))
    clean[name] = Array.isArray(value) ? value.map(redact) : value === undefined ? value : redact(value);
  return clean;
}

/** Call options asking for the answer's status and headers with the body. */
export type RawCallOptions = CallOptions & { raw: true };

/** A result with its answer's status and headers: what a call with `{ raw: true }` resolves to. */
export interface RawResult<Body> {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Body;
}

/** The RequestId of a result, for middleware and validation errors. */
export function requestIdOf(body: unknown): string | undefined {
  const id = (body as { RequestId?: unknown } | undefined)?.RequestId;
  return typeof id === 'string' ? id : undefined;
}

async function parseBody(operation: OperationDescriptor, text: string, format: 'JSON' | 'XML'): Promise<unknown> {
  const first = text.search(/\S/);
  const lead = first < 0 ? '' : text[first];
  try {
    if (lead === '{' || lead === '[') return JSON.parse(text);
    if (format === 'XML' && lead === '<' && !/^<(!doctype\s+)?html/i.test(text.slice(first, first + 20)))
      return await (await import('./xml.js')).parseXmlBody(text, operation.xml); // only format 'XML' loads the reader
  } catch (error) {
    if (error instanceof SlbkitError) throw error;
    // Truncated or malformed: reported with the body's first bytes by the caller.
  }
  return undefined;
}

function errorFields(
  body: unknown,
): { Code: string; Message: string; RequestId?: string; HostId?: string; Recommend?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.Code !== 'string') return undefined;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return {
    Code: record.Code,
    Message: text('Message') ?? '',
    ...optional('RequestId', text('RequestId')),
    ...optional('HostId', text('HostId')),
    ...optional('Recommend', text('Recommend')),
  };
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
