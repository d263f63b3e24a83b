/**
 * Shared plumbing of the public-spec reference servers (issue 20, item 6): a request as a plain
 * value, an answer as a plain value, and a node:http server on 127.0.0.1 that runs a handler
 * (the reference, or the reference with one mutant's change in front of or behind it). A mutant
 * rewrites the request the reference acts on, answers in its place, or rewrites its answer:
 * one real bug each, the rest of the server stays correct.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Request {
  method: string;
  /** The path without the query string, percent-decoded per segment by the handler. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

export interface Answer {
  status: number;
  /** Absent: no body and no Content-Type (a 204). */
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface Mutant {
  name: string;
  /** The kind of bug, from issue 20's list. */
  kind: string;
  /** The bug, as a user would file it. */
  description: string;
  /** Changes the request before the reference sees it, or answers in its place. */
  request?(request: Request): Answer | void;
  /** Changes the reference's answer. */
  answer?(answer: Answer, request: Request): Answer;
  /** Wraps the reference whole (a bug that needs to call it twice, e.g. to undo a write). */
  wrap?(reference: Handler): Handler;
}

export interface PublicServer {
  url: string;
  close(): Promise<void>;
}

export type Handler = (request: Request) => Answer;

export const json = (status: number, value: unknown): Answer => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
});

/** The handler with the mutant's change around it. */
export function mutated(reference: Handler, mutant?: Mutant): Handler {
  if (!mutant) return reference;
  if (mutant.wrap) return mutant.wrap(reference);
  return (request) => {
    const early = mutant.request?.(request);
    if (early) return early;
    const answer = reference(request);
    return mutant.answer ? mutant.answer(answer, request) : answer;
  };
}

/** Serves `handler` on a free port of 127.0.0.1; close() ends every open connection. */
export async function serve(handler: Handler): Promise<PublicServer> {
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? '/', 'http://reference');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
      );
      const answer = handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const out: Record<string, string> = { ...answer.headers };
      if (answer.contentType !== undefined) out['content-type'] = answer.contentType;
      res.writeHead(answer.status, out);
      res.end(answer.body ?? '');
    } catch (error) {
      // A thrown handler is a crash: the framework default, 500 with a plain text body.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal Server Error: ${(error as Error).message}`);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A JSON body, or undefined when it is not JSON (the caller answers its 400). */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** A decimal integer within [min, max], or undefined. */
export function integer(text: string | null | undefined, min: number, max: number): number | undefined {
  if (text === null || text === undefined || !/^-?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** Every spec the public benchmark runs: its file, its servers, how the suite authenticates. */
export interface PublicSpec {
  name: string;
  /** Relative to the repository root. */
  spec: string;
  /** A fresh reference server (fresh state), with one mutant's change when given. */
  start(mutant?: Mutant): Promise<PublicServer>;
  mutants: Mutant[];
  /** CONTRACT_AUTH for the suite: the values of the spec's security schemes. */
  auth?: Record<string, string>;
  /** Why the suite cannot catch a mutant, where known (kept beside the results). */
  limits?: Record<string, string>;
}
