import { type ClientContext, setting } from './context.js';
import { ApiError, ResponseValidationError, SlbkitError, ThrottlingError, TransportError } from './errors.js';
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
    };
    throw fields.Code.startsWith('Throttling') ? new ThrottlingError(operation.name, details) : new ApiError(operation.name, details);
  }
  const start = bodyStart(text, redact);
  throw new TransportError(operation.name, `${operation.name}: HTTP ${status} without an API error body; it begins: ${start}`, {
    status,
    bodyStart: start,
  });
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
