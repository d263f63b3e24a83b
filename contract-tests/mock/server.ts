import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { startPrism } from './prism.js';
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
 * The enforcing mock: a front on 127.0.0.1 that checks every request against the whole spec
 * (JSON-encoded parameters decoded and validated, which Prism does not do) and answers a broken
 * one with the documented error body; a valid one goes to Prism, which answers the documented
 * example. Both halves stop together.
 */
export async function startMock(options: MockOptions = {}): Promise<Mock> {
  const spec = options.spec ?? DEFAULT_SPEC;
  // Prism takes about two seconds to answer: read the spec meanwhile.
  const reading = loadWireModel(spec);
  reading.catch(() => undefined); // awaited below; if Prism fails first, its error is the one to report
  const prism = await startPrism(spec);
  let model: WireModel;
  try {
    model = await reading;
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(model, prism.port, agent, options.example, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Code: 'MockFailure', Message: (error as Error).message, RequestId: 'mock', HostId: 'mock' }));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 0, '127.0.0.1', () => ok());
    });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        await new Promise<void>((ok) => server.close(() => ok()));
        await prism.stop();
      })()),
  };
}

async function handle(model: WireModel, prismPort: number, agent: Agent, example: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = model.routes.find((r) => r.method === req.method && r.path === url.pathname);
  if (!route) return forward(prismPort, agent, req, req.url ?? '/', body, example, res);
  // RPC POST may carry its parameters as a form body; the spec declares them in the query.
  const raw: Record<string, string> = Object.fromEntries(url.searchParams);
  const form = req.method === 'POST' && /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '');
  if (form) Object.assign(raw, Object.fromEntries(new URLSearchParams(body)));
  const verdict = check(route, raw);
  if (!verdict.ok) {
    const template = model.errorTemplate(verdict.code);
    res.writeHead(template.status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(errorBody(verdict, template.hostId)));
    return;
  }
  // Only a form body needs moving into the query; otherwise the URL goes on as it came.
  if (form) for (const [name, value] of Object.entries(raw)) url.searchParams.set(name, value);
  return forward(prismPort, agent, req, form ? url.pathname + url.search : (req.url ?? '/'), '', example, res);
}

function check(route: WireRoute, raw: Record<string, string>) {
  const decoded = decodeWire(route.parameters, raw);
  return 'error' in decoded ? decoded.error : route.validate(decoded.values);
}

function forward(port: number, agent: Agent, req: IncomingMessage, path: string, body: string, example: string | undefined, res: ServerResponse): Promise<void> {
  return new Promise((ok, fail) => {
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: `127.0.0.1:${port}` };
    delete headers['content-length'];
    if (body === '') delete headers['content-type'];
    if (example && !headers.prefer) headers.prefer = `example=${example}`;
    const upstream = request({ host: '127.0.0.1', port, agent, method: req.method, path, headers }, (answer) => {
      // Buffered and written once: Prism's bodies are small, and one write is one packet.
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        ok();
      });
      answer.on('error', fail);
    });
    upstream.on('error', fail);
    upstream.end(body || undefined);
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
