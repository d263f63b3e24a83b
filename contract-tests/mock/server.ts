import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { loadPrismEngine, type PrismEngine } from './prism-engine.js';
import { decodeWire, errorBody, loadWireModel, type WireModel, type WireRoute } from './wire-model.js';

export interface MockOptions {
  spec?: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Name of the success example to answer with when the request does not say (`Prefer: example=NAME`). */
  example?: string;
}

export interface Mock {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SPEC = resolve(new URL('../../spec/slb-2014-05-15.yaml', import.meta.url).pathname);

/**
 * The enforcing mock, one server on 127.0.0.1: every request is first checked against the whole
 * spec (JSON-encoded parameters decoded and validated, which Prism does not do) and a broken one
 * gets the documented error body; a valid one is answered by Prism's engine, in this process,
 * with the documented example.
 */
export async function startMock(options: MockOptions = {}): Promise<Mock> {
  const spec = options.spec ?? DEFAULT_SPEC;
  const model = await loadWireModel(spec);
  const prism = await loadPrismEngine(model.prismDocument);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(model, prism, options.example, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Code: 'MockFailure', Message: (error as Error).message, RequestId: 'mock', HostId: 'mock' }));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      })),
  };
}

async function handle(model: WireModel, prism: PrismEngine, example: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  // RPC POST may carry its parameters as a form body; the spec declares them in the query.
  const query: Record<string, string> = Object.fromEntries(url.searchParams);
  const form = req.method === 'POST' && /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '') ? [...new URLSearchParams(body)] : [];
  Object.assign(query, Object.fromEntries(form));
  // Every pair as it came (a flattened list is many pairs; a form list may repeat a name).
  const pairs = [...url.searchParams, ...form];
  const route = model.route(req.method ?? 'GET', url.pathname, pairs);
  if (route) {
    const verdict = check(route, pairs);
    if (!verdict.ok) {
      const template = model.errorTemplate(verdict.code);
      res.writeHead(template.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(errorBody(verdict, template.hostId)));
      return;
    }
  }
  // Valid, or no operation of the spec at all (Prism answers its own 404/405 for those).
  const headers = example && !req.headers.prefer ? { ...req.headers, prefer: `example=${example}` } : req.headers;
  const answer = await prism.answer({ method: req.method ?? 'GET', path: route?.prismPath ?? url.pathname, query, headers });
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function check(route: WireRoute, pairs: [string, string][]) {
  const decoded = decodeWire(route, pairs);
  return 'error' in decoded ? decoded.error : route.validate(decoded.values);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
