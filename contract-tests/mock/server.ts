import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { fitAnswer } from './answer-fit.js';
import { loadPrismEngine, type PrismEngine } from './prism-engine.js';
import { mergeFields, parseFields, parseTarget } from './request-target.js';
import {
  decodeWire,
  loadWireModel,
  missingCredentials,
  v3Carried,
  verdictMessage,
  type WireModel,
  type WireRoute,
  withHeaderAction,
} from './wire-model.js';

export interface MockOptions {
  spec?: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Name of the success example to answer with when the request does not say (`Prefer: example=NAME`). */
  example?: string;
  /** The largest request body read, in bytes (default {@link DEFAULT_MAX_BODY_BYTES}); past it the answer is 413. */
  maxBodyBytes?: number;
  /**
   * Prism's dynamic mode: success bodies generated from the schema (with random values) instead
   * of the documented example; one request can ask for it with `Prefer: dynamic=true`.
   */
  dynamic?: boolean;
  /** Where the one start-up warning goes (unknown formats) and Prism's own warnings; default console.warn. */
  warn?: (line: string) => void;
  /** Address to listen on (default 127.0.0.1: the mock is for this machine unless asked). */
  host?: string;
  /** Answer CORS preflights and add `Access-Control-Allow-*` headers, for a browser app on another origin. */
  cors?: boolean;
  /** Called once per answered request with one line: method, path (no query: it may hold a signature), RPC action, status, milliseconds. */
  log?: (line: string) => void;
}

export interface Mock {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SPEC = resolve(new URL('../../spec/slb-2014-05-15.yaml', import.meta.url).pathname);

/** 1 MiB: an RPC call's parameters are a few kilobytes; Alibaba's own limit for a POST body is larger, but no documented call needs it. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

interface Context {
  model: WireModel;
  prism: PrismEngine;
  example: string | undefined;
  maxBodyBytes: number;
  /** HostId of the spec's documented InvalidParameter answer (127.0.0.1 if it documents none). */
  hostId: string;
}

/**
 * The enforcing mock, one server on 127.0.0.1: every request is first checked against the whole
 * spec (JSON-encoded parameters decoded and validated, which Prism does not do) and a broken one
 * gets the documented error body; a valid one is answered by Prism's engine, in this process,
 * with the documented example. It reads the spec file and nothing else: no `$ref` is fetched.
 */
export async function startMock(options: MockOptions = {}): Promise<Mock> {
  const spec = options.spec ?? DEFAULT_SPEC;
  const model = await loadWireModel(spec);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0)
    throw new Error(`maxBodyBytes must be a whole number of bytes, not ${maxBodyBytes}`);
  if (model.unknownFormats.length > 0) {
    (options.warn ?? console.warn)(
      `slbkit mock: ${spec} uses format${model.unknownFormats.length > 1 ? 's' : ''} ${model.unknownFormats.map((f) => `"${f}"`).join(', ')} that the mock does not know; values of ${model.unknownFormats.length > 1 ? 'these formats' : 'this format'} are accepted unchecked`,
    );
  }
  const hostId = hostIdOf(model);
  const context: Context = {
    model,
    prism: loadPrismEngine(model.prismDocument, { dynamic: options.dynamic === true, warn: options.warn ?? console.warn }),
    example: options.example,
    maxBodyBytes,
    hostId,
  };
  const sockets = new Set<Socket>();
  // The request line and headers may be as long as a body may (a 100,000-character query value is a
  // constraint's boundary, judged by the spec, not by node's 16 KiB default, which answers 431).
  const server = createServer({ maxHeaderSize: Math.max(16 * 1024, maxBodyBytes) }, (req, res) => {
    if (options.log) logAnswer(req, res, options.log);
    if (options.cors && allowCors(req, res)) return;
    handle(context, req, res).catch((error: unknown) => {
      // Never the error's text: it may quote the request. The operator reads the cause on stderr.
      console.error(
        `slbkit mock: internal error on ${req.method} (${(error as Error)?.name ?? 'unknown'}): ${(error as Error)?.message ?? String(error)}`,
      );
      if (res.headersSent) return void res.destroy();
      send(
        res,
        500,
        {
          Code: 'MockFailure',
          Message: 'The mock failed to answer this request; its standard error has the cause.',
          RequestId: requestId(),
          HostId: context.hostId,
        },
        true,
      );
    });
  });
  // What node's HTTP parser refuses (a space or control character in the target, a broken
  // header) gets the same error body instead of node's bare "400 Bad Request".
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage)
      return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({
      Code: 'InvalidParameter',
      Message: `The request is not valid HTTP/1.1 (${error.code ?? 'unparsable'}).`,
      RequestId: requestId(),
      HostId: context.hostId,
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json;charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok());
  });
  const { port, address } = server.address() as AddressInfo;
  // A wildcard address is reached on loopback from this machine; an IPv6 literal goes in brackets (RFC 3986).
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '[::1]' : address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      })),
  };
}

/**
 * CORS (Fetch standard, "CORS protocol"), only with `cors: true`: any origin may call, with any
 * header, and read every answer header. A preflight (OPTIONS with Access-Control-Request-Method)
 * is answered here with 204 and does not reach the spec's checks. True when the request is answered.
 */
function allowCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', '*');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.setHeader('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*');
  res.setHeader('access-control-max-age', '600');
  res.writeHead(204).end();
  return true;
}

/** One line per answered request. The query is left out (an RPC query holds the Signature and the AccessKeyId); the RPC action is named. */
function logAnswer(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const target = req.url ?? '';
    const path = target.split('?', 1)[0]!.slice(0, 200);
    const header = req.headers['x-acs-action'];
    const action = /[?&]Action=([A-Za-z0-9_]{1,100})(&|$)/.exec(target)?.[1] ?? /^[A-Za-z0-9_]{1,100}$/.exec(String(header ?? ''))?.[0];
    log(
      `${req.method} ${path}${action ? ` Action=${action}` : ''} -> ${res.statusCode} (${Number((process.hrtime.bigint() - started) / 1_000_000n)} ms)`,
    );
  });
}

async function handle(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsedTarget = parseTarget(req.url ?? '');
  if ('malformed' in parsedTarget) return refuse(context, req, res, parsedTarget.malformed);
  const target = underBase(parsedTarget, context.model.model.defaultEndpoint);
  const body = await readBody(req, context.maxBodyBytes);
  if (body === 'gone') return;
  if (body === 'too large') {
    const limit = `${context.maxBodyBytes} bytes`;
    return send(
      res,
      413,
      {
        Code: 'RequestEntityTooLarge',
        Message: `The request body is larger than the mock's limit of ${limit}.`,
        RequestId: requestId(),
        HostId: context.hostId,
      },
      true,
    );
  }
  const text = body.toString('utf8');
  const query = parseFields(target.query, 'query');
  if ('malformed' in query) return refuse(context, req, res, query.malformed);
  // An operation that documents a form body reads the form as its body. Otherwise (an RPC POST,
  // as @alicloud/pop-core sends it) a form's fields are parameters: the spec declares them in the
  // query, and the gateway reads either, so both go through one check.
  let routed: ReturnType<WireModel['route']>;
  let fields: [string, string][] = [];
  if (body.length > 0 && isForm(req.headers)) {
    const byQuery = context.model.route(req.method ?? 'GET', target.path, withHeaderAction(query, req.headers), req.headers);
    if (byQuery && !('noAction' in byQuery) && byQuery.operation.requestBody?.media.some((m) => m.kind === 'form')) routed = byQuery;
    else {
      const parsed = parseFields(text, 'body');
      if ('malformed' in parsed) return refuse(context, req, res, parsed.malformed);
      fields = parsed;
    }
  }
  const formParameters = fields.length > 0;
  const parameters = mergeFields(query, fields);
  if ('malformed' in parameters) return refuse(context, req, res, parameters.malformed);
  // Every pair as it came (a flattened list is many pairs; a form list may repeat a name), and a V3 call's action headers.
  const pairs = withHeaderAction([...query, ...fields], req.headers);
  routed ??= context.model.route(req.method ?? 'GET', target.path, pairs, req.headers);
  if (routed && 'noAction' in routed)
    return answerError(res, context.model.errorAnswer(undefined, 'InvalidAction.NotFound', routed.noAction, 404), false);
  const route = routed;
  // A body reaches Prism parsed when it is JSON, else as its text (OpenAPI 3.1 section 4.8.13: the
  // request body is validated by its media type's schema, here: request-body.ts).
  let parsedBody: unknown = !formParameters && body.length > 0 ? text : undefined;
  // The operation's body reader (request-body.ts) parses a JSON body itself; only a body it did
  // not read is parsed below (once: a JSON body that is a string, "X", is not parsed again).
  let bodyRead = false;
  if (route) {
    const verdict = check(route, pairs, req, target.path);
    if (!verdict.ok) return answerError(res, context.model.errorAnswer(route, verdict.code, verdictMessage(verdict)), false);
    if (route.checkBody && !formParameters) {
      const read = await route.checkBody(String(req.headers['content-type'] ?? ''), body);
      if (!read.ok) return answerError(res, context.model.errorAnswer(route, read.code, verdictMessage(read)), false);
      if (isJson(req.headers) && read.value !== undefined) {
        parsedBody = read.value;
        bodyRead = true;
      }
    }
    const missing = missingCredentials(route, req.headers, pairs);
    if (missing !== undefined) {
      // RPC: Alibaba's gateway answers an unsigned call as a bad request; HTTP security schemes are 401 (RFC 9110 section 15.5.2).
      const answer =
        route.action !== undefined
          ? context.model.errorAnswer(route, 'MissingParameter', `The request is not signed: it needs ${missing}.`)
          : context.model.errorAnswer(route, 'Unauthorized', `The request has no credentials: it needs ${missing}.`, 401);
      return answerError(res, answer, false);
    }
  }
  if (!bodyRead && parsedBody !== undefined && isJson(req.headers) && typeof parsedBody === 'string') {
    try {
      parsedBody = JSON.parse(parsedBody);
    } catch {
      return answerError(
        res,
        context.model.errorAnswer(route, 'InvalidParameter', 'The specified parameter "body" is not valid: is not valid JSON.'),
        false,
      );
    }
  }
  // Valid, or no operation of the spec at all (Prism answers its own 404/405 for those). An RPC
  // action's parameters reach Prism as the query it declares, with no body, so Prism does not
  // refuse a form body the operation does not declare.
  const headers = withFormat(route, pairs, formParameters ? withoutBody(req.headers) : req.headers);
  const chosen = context.example && !req.headers.prefer ? { ...headers, prefer: `example=${context.example}` } : headers;
  const ask = (headers: IncomingHttpHeaders) =>
    context.prism.answer({
      method: req.method ?? 'GET',
      path: route ? route.prismPath : target.rawPath,
      query: parameters,
      headers,
      ...(parsedBody === undefined ? {} : { body: parsedBody }),
    });
  let answer = await ask(chosen);
  // A success body that breaks its own schema is no answer of the spec (answer-fit.ts): a format
  // is put right in place, else Prism's dynamic mode (json-schema-faker, which honours pattern and
  // multipleOf) builds another, a few tries at most. A named example asked for stays as written.
  const fits =
    route && !/example=/.test(String(chosen.prefer ?? ''))
      ? context.model.answerCheck(route, answer.status, answer.headers['content-type'] ?? '')
      : undefined;
  if (fits) {
    let fitted = fitAnswer(fits, answer.body);
    for (let tries = 0; fitted === undefined && tries < 5; tries++) {
      const again = await ask({ ...chosen, prefer: 'dynamic=true' });
      if (again.status !== answer.status) break;
      fitted = fitAnswer(fits, again.body);
      if (fitted !== undefined) answer = again;
    }
    if (fitted !== undefined && fitted !== answer.body) answer = { ...answer, body: fitted };
  }
  // HEAD: the headers a GET would get (RFC 9110 section 9.3.2), Content-Type included, and no body.
  if (req.method === 'HEAD' && route && answer.headers['content-type'] === undefined) {
    const documented = [route.operation.success, ...route.operation.errors].find((r) => r.status === answer.status);
    const type = documented?.mediaTypes.find((t) => !t.includes('*'));
    if (type) answer = { ...answer, headers: { ...answer.headers, 'content-type': type } };
  }
  res.writeHead(answer.status, answer.headers);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}

/**
 * A relative server URL (`/v1.33`, OpenAPI 3.1 section 4.8.5: relative to where the document is
 * served): the client resolves it against the endpoint it is given, so a request to the mock comes
 * as `/v1.33/containers/json`; the operations are served under it (and at `/`, as before).
 */
function underBase<T extends { path: string; rawPath: string }>(target: T, endpoint: string): T {
  if (endpoint === '' || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(endpoint)) return target;
  const base = `/${endpoint.replace(/^\/+|\/+$/g, '')}`;
  if (base === '/' || !target.rawPath.startsWith(`${base}/`)) return target;
  return { ...target, rawPath: target.rawPath.slice(base.length), path: target.path.slice(base.length) };
}

function check(route: WireRoute, pairs: [string, string][], req: IncomingMessage, pathname: string) {
  const decoded = decodeWire(route, pairs, { headers: req.headers, pathname });
  if ('error' in decoded) return decoded.error;
  return route.validate(decoded.values, v3Carried(route, req.headers));
}

/**
 * Alibaba's `Format` parameter picks the answer's media type (Alibaba "Request structure":
 * Format=JSON|XML, JSON by default): when the operation declares it, the request's value (else
 * the parameter's default) becomes the Accept header Prism chooses the documented body by.
 */
function withFormat(route: WireRoute | undefined, pairs: [string, string][], headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const parameter = route?.parameters.find((p) => p.name === 'Format' && p.in === 'query');
  if (!route || !parameter) return headers;
  const schema = parameter.schema as { default?: unknown } | undefined;
  const given = pairs.find(([name]) => name === 'Format')?.[1];
  // A V3 call names no Format (its Accept header asks for JSON): the parameter's default is V1's.
  if (given === undefined && v3Carried(route, headers)) return headers;
  const format = given ?? (typeof schema?.default === 'string' ? schema.default : undefined);
  if (format === undefined) return headers;
  const wanted = format.toUpperCase() === 'XML' ? /xml/ : format.toUpperCase() === 'JSON' ? /json/ : undefined;
  const mediaType = wanted && route.operation.success.mediaTypes.find((type) => wanted.test(type));
  return mediaType ? { ...headers, accept: mediaType } : headers;
}

function answerError(res: ServerResponse, answer: { status: number; contentType: string; body: string }, close: boolean): void {
  // An error documented with no body has no content type either.
  res.writeHead(answer.status, {
    ...(answer.contentType ? { 'content-type': answer.contentType } : {}),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(answer.body);
}

function isJson(headers: IncomingHttpHeaders): boolean {
  return /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(headers['content-type'] ?? '');
}

function isForm(headers: IncomingHttpHeaders): boolean {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(headers['content-type'] ?? '');
}

function withoutBody(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { 'content-length': _length, 'content-type': _type, 'transfer-encoding': _encoding, ...rest } = headers;
  return rest;
}

/** The documented InvalidParameter answer, naming what was malformed. */
function refuse(context: Context, req: IncomingMessage, res: ServerResponse, message: string): void {
  // A body not read yet is not read at all: the connection closes after the answer.
  answerError(res, context.model.errorAnswer(undefined, 'InvalidParameter', message), !req.complete);
}

function send(res: ServerResponse, status: number, body: Record<string, string>, close: boolean): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...(close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

function hostIdOf(model: WireModel): string {
  return JSON.parse(model.errorAnswer(undefined, 'InvalidParameter', '').body).HostId ?? '127.0.0.1';
}

function requestId(): string {
  return randomUUID().toUpperCase();
}

/**
 * The body's bytes (a file part or a binary body is not UTF-8), or 'too large' as soon as it passes the limit: a declared Content-Length
 * over it is refused before a byte is read, a chunked body is counted as it comes, and reading
 * stops there (the rest is never buffered; the connection closes after the 413).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large' | 'gone'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve('too large');
  return new Promise((ok) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      ok('too large');
    };
    req.on('data', onData);
    req.on('end', () => ok(Buffer.concat(chunks)));
    // The client went away mid-body: nobody to answer.
    req.on('error', () => ok('gone'));
  });
}
