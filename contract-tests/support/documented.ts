import type { Json, JsonObject, OperationModel } from '../../generator/src/api.js';

/**
 * What the spec documents about an operation's answers, read from the checked document (the
 * model keeps only the lowest 2xx and the errors, and no response headers): every response
 * code (exact, a `4XX`-style range, or `default`) with its media types, their schemas and its
 * headers (OpenAPI 3.1 sections 4.8.16 Responses Object, 4.8.17 Response Object, 4.8.21 Header
 * Object), and whether the operation asks to be judged leniently (`x-slbkit-lenient: true`).
 */
export interface DocumentedResponse {
  /** As the spec writes it: `200`, `4XX`, `default`. */
  code: string;
  /** Media type -> its schema (undefined: documented with no schema). */
  content: Record<string, Json | undefined>;
  headers: { name: string; required: boolean; schema?: Json }[];
}

export interface DocumentedOperation {
  responses: DocumentedResponse[];
  /** `x-slbkit-lenient: true` on the operation: a vendor endpoint looser than its spec. */
  lenient: boolean;
}

export const LENIENT_EXTENSION = 'x-slbkit-lenient';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function documentedOperation(document: JsonObject, op: OperationModel): DocumentedOperation {
  const raw = rawOperation(document, op);
  const responses = record(deref(document, raw?.responses));
  return {
    lenient: raw?.[LENIENT_EXTENSION] === true,
    responses: Object.entries(responses).map(([code, value]) => {
      const response = record(deref(document, value));
      const content = record(deref(document, response.content));
      const headers = record(deref(document, response.headers));
      return {
        code,
        content: Object.fromEntries(Object.entries(content).map(([type, media]) => [type, record(deref(document, media)).schema])),
        // Content-Type is described by `content`, never by a header (section 4.8.21).
        headers: Object.entries(headers)
          .filter(([name]) => name.toLowerCase() !== 'content-type')
          .map(([name, h]) => {
            const header = record(deref(document, h));
            return {
              name: name.toLowerCase(),
              required: header.required === true,
              ...(header.schema !== undefined ? { schema: header.schema } : {}),
            };
          }),
      };
    }),
  };
}

/** The documented response that covers a status: the exact code, else its range (`4XX`), else `default`. */
export function responseFor(documented: DocumentedOperation, status: number): DocumentedResponse | undefined {
  const find = (code: string) => documented.responses.find((r) => r.code.toUpperCase() === code);
  return find(String(status)) ?? find(`${String(status).charAt(0)}XX`) ?? find('DEFAULT');
}

/** The raw Operation Object the model's operation was built from (its operationIds, else its path and first method). */
function rawOperation(document: JsonObject, op: OperationModel): JsonObject | undefined {
  for (const [path, item] of Object.entries(record(document.paths))) {
    for (const method of METHODS) {
      const candidate = record(deref(document, record(item)[method]));
      const id = candidate.operationId;
      if (typeof id === 'string' ? op.sourceOperationIds.includes(id) : path === op.specPath && method.toUpperCase() === op.httpMethods[0])
        return candidate;
    }
  }
  return undefined;
}

/** A local `$ref` followed (the loader has checked every one resolves). */
function deref(document: JsonObject, node: Json | undefined, hops = 0): Json | undefined {
  const ref = isRecord(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
  if (ref === undefined || !ref.startsWith('#/') || hops > 32) return node;
  let current: Json | undefined = document;
  for (const token of ref
    .slice(2)
    .split('/')
    .map((t) => decodeURIComponent(t).replaceAll('~1', '/').replaceAll('~0', '~')))
    current = isRecord(current) ? current[token] : undefined;
  return deref(document, current, hops + 1);
}

function isRecord(node: unknown): node is JsonObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function record(node: Json | undefined): JsonObject {
  return isRecord(node) ? node : {};
}
