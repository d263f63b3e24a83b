import { createLogger } from '@stoplight/prism-core';
import { createInstance, ProblemJsonError } from '@stoplight/prism-http';
import { getHttpConfigFromRequest } from '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js';
import { serialize } from '@stoplight/prism-http-server/dist/serialize.js';
import type { JsonObject } from '../../generator/src/api.js';
import { prismOperations } from './prism-operations.js';

/**
 * Prism's own mocking engine (@stoplight/prism-http, the package `prism mock` runs), driven in
 * this process: the request goes through Prism's routing, validation and example selection
 * (`Prefer: example=NAME`, `Prefer: code=404`), with no second HTTP hop. The configuration is
 * the one `prism mock` uses. The operations come from the document the generator's loader read
 * (one file, nothing fetched: see prism-operations.ts), not from a path Prism would resolve.
 */
export interface PrismRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The request body as Prism validates it: parsed JSON, or the text; absent: none. */
  body?: unknown;
}

export interface PrismAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface PrismEngine {
  answer(request: PrismRequest): Promise<PrismAnswer>;
}

type Either<L, R> = { _tag: 'Left'; left: L } | { _tag: 'Right'; right: R };

/** From a document already read and checked in memory (the mock hands it RPC actions on paths of their own); nothing is resolved or fetched. */
export function loadPrismEngine(document: JsonObject, options: { dynamic?: boolean; warn?: (line: string) => void } = {}): PrismEngine {
  const operations = prismOperations(document);
  // Prism's info logs cost it half its throughput; warnings and errors go to `warn` as one line
  // each ("slbkit mock: prism: ..."), not as pino's raw JSON records.
  const warn = options.warn ?? console.warn;
  const destination = { write: (record: string) => void warn(`slbkit mock: prism: ${prismMessage(record)}`) };
  const logger = createLogger('slbkit-mock', { level: 'warn' }, destination);
  const config = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false as const,
    mock: { dynamic: options.dynamic === true },
  };
  const prism = createInstance(config, { logger });
  return {
    async answer(request) {
      const input = {
        method: request.method.toLowerCase() as 'get',
        url: { path: request.path, query: request.query },
        headers: request.headers as Record<string, string>,
        body: request.body ?? null,
      };
      // Per-request choices from the Prefer header, as Prism's own server reads them.
      const chosen = getHttpConfigFromRequest(input) as Either<Error, Record<string, unknown>>;
      if (chosen._tag === 'Left') return problem(chosen.left);
      const mock = { ...config.mock, ...Object.fromEntries(Object.entries(chosen.right).filter(([, v]) => v !== undefined)) };
      const result = (await prism.request(input, operations, { ...config, mock })()) as Either<
        Error,
        { output: { statusCode: number; headers?: Record<string, string>; body?: unknown } }
      >;
      if (result._tag === 'Left') return problem(result.left);
      const { output } = result.right;
      const headers: Record<string, string> = {};
      // A documented header Prism could build no value for (a boolean with no example) comes as null:
      // left out, not sent as the text "null" that breaks its schema (twilio-lookups' Access-Control-Allow-Credentials).
      for (const [name, value] of Object.entries(output.headers ?? {}))
        if (value !== null && value !== undefined) headers[name.toLowerCase()] = String(value);
      return { status: output.statusCode, headers, body: textOrSerialized(output.body, headers['content-type']) };
    },
  };
}

/**
 * Prism's serialisation, except that a structured value under a text media type (AEM documents
 * `text/plain` with an object schema) is sent as its JSON text: Prism refuses it with a 500
 * (NO_COMPLEX_OBJECT_TEXT), which breaks a spec that allows the request.
 */
function textOrSerialized(body: unknown, contentType: string | undefined): string {
  if (body !== null && typeof body === 'object' && /^text\//i.test(contentType ?? '')) return JSON.stringify(body);
  return serialize(body, contentType) ?? '';
}

function problem(error: Error & { status?: number }): PrismAnswer {
  return {
    status: error.status ?? 500,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(ProblemJsonError.toProblemJson(error as never)),
  };
}

/** The text of one pino record (`{"level":40,"name":"slbkit-mock","msg":"..."}`); the record as it is if it is not JSON. */
function prismMessage(record: string): string {
  try {
    const parsed = JSON.parse(record) as { msg?: unknown };
    if (typeof parsed.msg === 'string') return parsed.msg;
  } catch {
    // not JSON: shown as written
  }
  return record.trim();
}
