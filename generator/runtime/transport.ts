import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TimeoutError, TransportError } from './errors.js';

/** One HTTP exchange as the client sees it: a request out, a status and a text body back. */
export interface TransportRequest {
  method: string;
  /** Scheme, host and port, e.g. `https://slb.aliyuncs.com`. */
  origin: string;
  /** Path and query, e.g. `/?Action=...`. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /** The caller's signal: abort the exchange when it fires, with its reason. */
  signal?: AbortSignal | undefined;
  /** Time allowed for this exchange; past it, reject with an AttemptTimeout. */
  timeoutMs: number;
  /** Most bytes of body to read; past it, stop reading and reject with a ResponseTooLarge. */
  maxResponseBytes: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body's bytes, when the transport kept them: a binary answer (an image, a file) is read from these. */
  bytes?: Uint8Array;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** What a transport rejects with when `timeoutMs` passes; the client turns it into TimeoutError. */
export class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

/**
 * What a transport rejects with when the body passes `maxResponseBytes` (or a compressed body
 * arrives that we did not ask for); the client turns it into a TransportError. Reading stops
 * there: a huge answer costs at most the cap in memory, never a `RangeError` from a string
 * past V8's limit.
 */
export class ResponseRefused extends Error {
  override name = 'ResponseRefused';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const tooLarge = (status: number, cap: number): ResponseRefused =>
  new ResponseRefused(status, `the answer is larger than maxResponseBytes (${cap} bytes); it was not read further`);

interface Target {
  send: typeof httpRequest;
  agent: HttpAgent;
  hostname: string;
  port: string;
}

/**
 * The default transport: node:http(s) with a keep-alive agent. Measured on Node 20 (bench/),
 * it costs far less CPU per call than the global fetch, and keep-alive saves a TCP (and TLS)
 * handshake per call. Per call it only creates the request: the origin is parsed once, and the
 * timeout is one timer rather than an AbortSignal per attempt.
 */
export function nodeTransport(): Transport {
  const http = new HttpAgent({ keepAlive: true });
  const https = new HttpsAgent({ keepAlive: true });
  const targets = new Map<string, Target>();
  const targetOf = (origin: string): Target => {
    let target = targets.get(origin);
    if (!target) {
      const url = new URL(origin);
      const secure = url.protocol === 'https:';
      target = {
        send: secure ? httpsRequest : httpRequest,
        agent: secure ? https : http,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
      };
      targets.set(origin, target);
    }
    return target;
  };
  return (request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const { send, agent, hostname, port } = targetOf(request.origin);
      // identity: a body is never compressed, so bytes counted are bytes read, and a gzip body is
      // not mistaken for text (the fetch transport decodes what it gets instead).
      const headers: Record<string, string> = { ...request.headers, 'accept-encoding': 'identity' };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const { signal } = request;
      let settled = false;
      const finish = (error: unknown, response?: TransportResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve(response!);
        else reject(error);
      };
      const outgoing = send({ hostname, port, path: request.path, method: request.method, headers, agent }, (incoming: IncomingMessage) => {
        const status = incoming.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        // A refusal destroys the socket: the rest of the answer is never read, nor kept alive.
        const refuse = (error: ResponseRefused) => (finish(error), outgoing.destroy());
        const encoding = incoming.headers['content-encoding'];
        if (encoding && encoding !== 'identity')
          return refuse(new ResponseRefused(status, `the answer is ${encoding}-encoded although identity was asked for`));
        // A declared length past the cap is refused before one byte of body is read.
        if (Number(incoming.headers['content-length']) > request.maxResponseBytes)
          return refuse(tooLarge(status, request.maxResponseBytes));
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxResponseBytes) refuse(tooLarge(status, request.maxResponseBytes));
          else chunks.push(chunk);
        });
        incoming.on('error', (error) => finish(error));
        incoming.on('end', () => {
          // A connection cut mid-body ends the stream without an error on some Node versions.
          if (!incoming.complete)
            return finish(Object.assign(new Error('connection closed before the body was complete'), { code: 'ECONNRESET' }));
          const bytes = Buffer.concat(chunks);
          finish(undefined, { status, headers: incoming.headers, body: bytes.toString('utf8'), bytes });
        });
      });
      const timer = setTimeout(() => outgoing.destroy(new AttemptTimeout(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
      const onAbort = () => outgoing.destroy(signal?.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (error) => finish(error));
      outgoing.end(request.body);
    });
}

/** A transport over a WHATWG `fetch` (the global one, or the caller's). */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (request) => {
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      // manual: a 3xx comes back as it is (the client refuses it); following it would send the
      // signed request, SecurityToken included, to whatever origin the Location names.
      const response = await fetchImpl(request.origin + request.path, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: typeof request.body === 'string' ? request.body : new Uint8Array(request.body) } : {}),
        signal,
        redirect: 'manual',
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      const bytes = await readCapped(response, request.maxResponseBytes);
      return { status: response.status, headers, body: bytes.toString('utf8'), bytes };
    } catch (error) {
      if (timeout.aborted && !request.signal?.aborted) throw new AttemptTimeout(`no answer within ${request.timeoutMs} ms`);
      throw error;
    }
  };
}

/** The body's bytes, counting decoded bytes as they stream in; past the cap, cancel the rest. */
async function readCapped(response: Response, cap: number): Promise<Buffer> {
  if (Number(response.headers.get('content-length')) > cap) throw tooLarge(response.status, cap);
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.length;
    if (size > cap) {
      void reader.cancel().catch(() => {});
      throw tooLarge(response.status, cap);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}

/** Where a redirect points, as an origin only: the rest of a Location may carry a signature. */
export function redirectTarget(location: string | string[] | undefined, base: string): string {
  if (typeof location !== 'string') return 'no single Location';
  try {
    return new URL(location, base).origin;
  } catch {
    return 'an unreadable Location';
  }
}

/**
 * An http: endpoint off loopback sends the AccessKeyId, the Signature and the SecurityToken in
 * clear; the client warns once (SLBKIT_INSECURE_ENDPOINT). Loopback (localhost, 127.0.0.1, ::1)
 * is exempt: that is where mocks and tests listen.
 */
export function insecureEndpoint(url: URL): boolean {
  return url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * One exchange through the client's transport; its failures, and a body past the cap, as our
 * errors (TimeoutError, TransportError with the network code). The caller's abort reason is
 * rethrown as it is: it is theirs.
 */
export async function send(transport: Transport, action: string, request: TransportRequest, attempt: number): Promise<TransportResponse> {
  let response: TransportResponse;
  try {
    response = await transport(request);
  } catch (cause) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (cause instanceof AttemptTimeout) throw new TimeoutError(action, request.timeoutMs, attempt);
    if (cause instanceof ResponseRefused)
      throw new TransportError(action, `${action}: HTTP ${cause.status}, ${cause.message} (attempt ${attempt})`, {
        status: cause.status,
        errorCode: 'SLBKIT_RESPONSE_REFUSED',
      });
    const code = (cause as { code?: string; cause?: { code?: string } }).code ?? (cause as { cause?: { code?: string } }).cause?.code;
    throw new TransportError(action, `${action}: ${describeNetworkFailure(code)} (attempt ${attempt})`, {
      ...(code ? { errorCode: code } : {}),
    });
  }
  // A transport of the caller's is held to the cap too (its length in characters is a lower bound of its bytes).
  if (typeof response.body !== 'string' || response.body.length > request.maxResponseBytes) {
    throw new TransportError(
      action,
      `${action}: HTTP ${response.status}, the transport returned ${typeof response.body === 'string' ? `a body longer than maxResponseBytes (${request.maxResponseBytes})` : 'no text body'}`,
      { status: response.status, errorCode: 'SLBKIT_RESPONSE_REFUSED' },
    );
  }
  return response;
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
