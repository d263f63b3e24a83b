import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One canned answer: status, body text and content type. */
export interface ReplayAnswer {
  status: number;
  body: string;
  contentType?: string;
  /** More response headers (a Location). */
  headers?: Record<string, string>;
}

export interface RecordedExchange {
  method: string;
  url: URL;
  /** Query parameters, decoded. */
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ReplayServer {
  url: string;
  requests: RecordedExchange[];
  /** Answers used in order; the last one repeats. */
  answer(...answers: ReplayAnswer[]): void;
  close(): Promise<void>;
}

/**
 * A local server on 127.0.0.1 (free port) that records each request and answers with the
 * documented bodies the test hands it. It knows nothing of the API: the client under test must
 * do all the work. With `respond`, each answer is computed from the request instead (a target
 * that echoes, redirects, or answers per operation).
 */
export async function startReplayServer(respond?: (request: RecordedExchange) => ReplayAnswer): Promise<ReplayServer> {
  const requests: RecordedExchange[] = [];
  let queue: ReplayAnswer[] = [{ status: 500, body: 'no answer set', contentType: 'text/plain' }];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request = {
        method: req.method ?? '',
        url,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      let next: ReplayAnswer;
      try {
        next = respond ? respond(request) : queue.length > 1 ? queue.shift()! : queue[0]!;
      } catch (error) {
        next = { status: 500, body: String(error), contentType: 'text/plain' };
      }
      res.writeHead(next.status, { 'content-type': next.contentType ?? 'application/json;charset=utf-8', ...next.headers });
      res.end(next.body);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (...answers) => {
      queue = answers;
    },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}
