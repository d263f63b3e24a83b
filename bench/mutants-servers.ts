/**
 * The mutation benchmark's servers (issue 20): the kit's stand-in with `conform` as the correct
 * reference for the bundled spec (RemoveBackendServers), and mutants, each one real bug of the
 * kind servers ship, written as a small change in front of or behind the reference: a rewrite
 * of the request it acts on (re-signed, so the reference carries it out as the buggy server
 * would), an answer of its own, or a rewrite of the reference's answer. The reference checks the
 * signature first: a mutant rewrites only requests whose signature verified, except the one
 * whose bug is to skip that check.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { percentEncode } from '../contract-tests/standin/pop-encoding.js';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_LOAD_BALANCER_ID,
  STATE_SESSION_HEADER,
  type StandIn,
  startStandIn,
} from '../contract-tests/standin/server.js';
import { signV1, stringToSignV1, verifyV1 } from '../contract-tests/standin/verify-v1.js';

/** A request as a mutant sees it: its method and every parameter (query and form merged). */
export interface MutantRequest {
  method: string;
  params: Record<string, string>;
  /** Where the parameters travel to the reference: a POST form keeps its form. */
  form: boolean;
  /** The query string's parameters alone. */
  query: Record<string, string>;
  /** The state session the request acts on (the stand-in's STATE_SESSION_HEADER), forwarded to the reference. */
  session?: string;
}

export interface MutantAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface Mutant {
  name: string;
  /** The bug, as a user would file it. */
  description: string;
  /** The kind of bug (issue 20's list): limit, status, content type, body, error body, edge value, parameter, signature. */
  kind: string;
  /** Changes the request the reference carries out (re-signed), or answers in its place. */
  request?(request: MutantRequest): MutantAnswer | void;
  /** Changes the reference's answer. */
  answer?(answer: MutantAnswer, request: MutantRequest): MutantAnswer;
  /** Rewrites the request even when its signature is wrong (the bug is to skip the check). */
  skipsSignature?: boolean;
}

const servers = (params: Record<string, string>): unknown[] | undefined => {
  try {
    const value = JSON.parse(params.BackendServers ?? '');
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
};
const objects = (list: unknown[] | undefined) =>
  (list ?? []).filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s));
const json = (answer: MutantAnswer) => JSON.parse(answer.body) as Record<string, unknown>;
const success = (answer: MutantAnswer) => answer.status === 200 && /json/.test(answer.contentType);
const failure = (answer: MutantAnswer) => answer.status >= 400 && /json/.test(answer.contentType);
const internalError = (): MutantAnswer => ({
  status: 500,
  contentType: 'application/json',
  body: JSON.stringify({
    Code: 'InternalError',
    Message: 'The request processing has failed due to some unknown error, exception or failure.',
    RequestId: 'C0FFEE00-0000-4000-8000-000000000500',
    HostId: 'slb.aliyuncs.com',
  }),
});
/** Each server object with `change` applied (the list re-encoded). */
const mapServers = (params: Record<string, string>, change: (server: Record<string, unknown>) => Record<string, unknown>) => {
  const list = servers(params);
  if (list)
    params.BackendServers = JSON.stringify(
      list.map((s) => (typeof s === 'object' && s !== null && !Array.isArray(s) ? change(s as Record<string, unknown>) : s)),
    );
};

export const MUTANTS: Mutant[] = [
  {
    name: 'accepts-21-servers',
    kind: 'limit',
    description: 'The 20-server limit is not enforced: a call with 21 servers is carried out (the first 20 removed).',
    request: ({ params }) => {
      const list = servers(params);
      if (list && list.length > 20) params.BackendServers = JSON.stringify(list.slice(0, 20));
    },
  },
  {
    name: 'accepts-empty-list',
    kind: 'limit',
    description: 'An empty BackendServers list is a no-op success instead of InvalidParameter.',
    request: ({ params }) => {
      if (servers(params)?.length === 0) params.BackendServers = '["slbkit-nothing"]';
    },
  },
  {
    name: 'accepts-weight-101',
    kind: 'limit',
    description: 'Weight above 100 is clamped to 100 instead of refused.',
    request: ({ params }) => mapServers(params, (s) => (typeof s.Weight === 'number' && s.Weight > 100 ? { ...s, Weight: 100 } : s)),
  },
  {
    name: 'accepts-negative-weight',
    kind: 'limit',
    description: 'A negative Weight is clamped to 0 instead of refused.',
    request: ({ params }) => mapServers(params, (s) => (typeof s.Weight === 'number' && s.Weight < 0 ? { ...s, Weight: 0 } : s)),
  },
  {
    name: 'accepts-fractional-weight',
    kind: 'limit',
    description: 'Weight 1.5 is rounded instead of refused as not an integer.',
    request: ({ params }) => mapServers(params, (s) => (typeof s.Weight === 'number' ? { ...s, Weight: Math.round(s.Weight) } : s)),
  },
  {
    name: 'accepts-unknown-type',
    kind: 'limit',
    description: 'A Type outside ecs/eni/eci is ignored instead of refused.',
    request: ({ params }) =>
      mapServers(params, ({ Type, ...rest }) =>
        Type === undefined || ['ecs', 'eni', 'eci'].includes(String(Type)) ? { ...rest, ...(Type === undefined ? {} : { Type }) } : rest,
      ),
  },
  {
    name: 'accepts-unknown-property',
    kind: 'limit',
    description: 'Unknown properties of a server object are dropped instead of refused.',
    request: ({ params }) =>
      mapServers(params, ({ ServerId, Type, Weight, Description }) => ({
        ServerId,
        ...(Type === undefined ? {} : { Type }),
        ...(Weight === undefined ? {} : { Weight }),
        ...(Description === undefined ? {} : { Description }),
      })),
  },
  {
    name: 'ok-on-malformed-json',
    kind: 'parameter',
    description: 'A BackendServers that is not JSON is read as a list of nothing known: 200 instead of InvalidParameter.',
    request: ({ params }) => {
      if (params.BackendServers !== undefined && servers(params) === undefined) params.BackendServers = '["slbkit-unparsed"]';
    },
  },
  {
    name: 'default-load-balancer',
    kind: 'parameter',
    description: "A missing LoadBalancerId falls back to the account's first load balancer instead of MissingParameter.",
    request: ({ params }) => {
      if (!params.LoadBalancerId) params.LoadBalancerId = DEFAULT_LOAD_BALANCER_ID;
    },
  },
  {
    name: 'ignores-version',
    kind: 'parameter',
    description: 'Any Version is served as 2014-05-15.',
    request: ({ params }) => {
      params.Version = '2014-05-15';
    },
  },
  {
    name: 'ignores-format-xml',
    kind: 'parameter',
    description: 'Format=XML is ignored: the answer is always JSON.',
    request: ({ params }) => {
      params.Format = 'JSON';
    },
  },
  {
    name: 'ignores-post-form',
    kind: 'parameter',
    description: 'The POST form is not read: only the query string counts.',
    request: (request) => {
      if (request.method === 'POST' && request.form) request.params = { ...request.query };
    },
  },
  {
    name: 'skips-signature',
    kind: 'signature',
    description: 'The signature is not checked: any signature is accepted.',
    skipsSignature: true,
    request: () => {},
  },
  {
    name: 'status-201',
    kind: 'status',
    description: 'Success answered 201 Created where 200 is documented.',
    answer: (a) => (a.status === 200 ? { ...a, status: 201 } : a),
  },
  {
    name: 'status-204',
    kind: 'status',
    description: 'Success answered 204 with the body where 200 is documented.',
    answer: (a) => (a.status === 200 ? { ...a, status: 204, body: '' } : a),
  },
  {
    name: 'content-type-html',
    kind: 'content type',
    description: 'Success sent as text/html (a framework default).',
    answer: (a) => (a.status === 200 ? { ...a, contentType: 'text/html; charset=utf-8' } : a),
  },
  {
    name: 'missing-request-id',
    kind: 'body',
    description: 'The success body lacks the required RequestId.',
    answer: (a) => {
      if (!success(a)) return a;
      const { RequestId: _dropped, ...rest } = json(a);
      return { ...a, body: JSON.stringify(rest) };
    },
  },
  {
    name: 'weight-as-string',
    kind: 'body',
    description: 'Weight in the success body is a string ("100"), not an integer.',
    answer: (a) => {
      if (!success(a)) return a;
      const body = json(a) as { BackendServers?: { BackendServer?: Record<string, unknown>[] } };
      for (const s of body.BackendServers?.BackendServer ?? []) if (s.Weight !== undefined) s.Weight = String(s.Weight);
      return { ...a, body: JSON.stringify(body) };
    },
  },
  {
    name: 'drops-a-server',
    kind: 'body',
    description: 'The success body lists one server fewer than are attached.',
    answer: (a) => {
      if (!success(a)) return a;
      const body = json(a) as { BackendServers?: { BackendServer?: unknown[] } };
      body.BackendServers?.BackendServer?.pop();
      return { ...a, body: JSON.stringify(body) };
    },
  },
  {
    name: 'forgets-removals',
    kind: 'state',
    description:
      'A removal is answered but never saved (a transaction not committed): the next call sees the removed servers attached again.',
    request: (request) => {
      // Every request acts on a state of its own, started afresh: nothing a call removes is kept.
      request.session = randomUUID();
    },
  },
  {
    name: 'answers-stale-list',
    kind: 'state',
    description: 'The answer lists the servers as read before the removal (a stale read): the removed servers are still listed.',
    answer: (a, { params }) => {
      if (!success(a)) return a;
      const body = json(a) as { BackendServers?: { BackendServer?: Record<string, unknown>[] } };
      const listed = body.BackendServers?.BackendServer;
      if (!listed) return a;
      // The removed servers back in the list, as the reference's initial state holds them (ecs, weight 100): the answer stays valid by the schema.
      for (const s of servers(params) ?? []) {
        const ServerId = typeof s === 'object' && s !== null ? (s as Record<string, unknown>).ServerId : s;
        if (typeof ServerId === 'string' && !listed.some((l) => l.ServerId === ServerId))
          listed.push({ ServerId, Type: 'ecs', Weight: 100 });
      }
      return { ...a, body: JSON.stringify(body) };
    },
  },
  {
    name: 'error-body-shape',
    kind: 'error body',
    description: 'Errors as {"error": {"code", "message"}} instead of the documented ErrorResponse.',
    answer: (a) => {
      if (!failure(a)) return a;
      const body = json(a);
      return { ...a, body: JSON.stringify({ error: { code: body.Code, message: body.Message } }) };
    },
  },
  {
    name: 'error-missing-host-id',
    kind: 'error body',
    description: 'Error bodies lack the required HostId.',
    answer: (a) => {
      if (!failure(a)) return a;
      const { HostId: _dropped, ...rest } = json(a);
      return { ...a, body: JSON.stringify(rest) };
    },
  },
  {
    name: 'error-as-text',
    kind: 'content type',
    description: 'Errors sent as text/plain ("InvalidParameter: ...").',
    answer: (a) => {
      if (!failure(a)) return a;
      const body = json(a);
      return { ...a, contentType: 'text/plain', body: `${String(body.Code)}: ${String(body.Message)}` };
    },
  },
  {
    name: 'error-as-200',
    kind: 'status',
    description: 'Errors answered with HTTP 200 and the error body.',
    answer: (a) => (failure(a) ? { ...a, status: 200 } : a),
  },
  {
    name: 'invalid-parameter-500',
    kind: 'status',
    description: 'InvalidParameter answered 500 instead of 400.',
    answer: (a) => (failure(a) && json(a).Code === 'InvalidParameter' ? { ...a, status: 500 } : a),
  },
  {
    name: 'missing-parameter-404',
    kind: 'status',
    description: 'MissingParameter answered 404 instead of 400.',
    answer: (a) => (failure(a) && json(a).Code === 'MissingParameter' ? { ...a, status: 404 } : a),
  },
  {
    name: 'crash-on-20-servers',
    kind: 'edge value',
    description: 'A 500 on exactly 20 servers (an off-by-one in a buffer).',
    request: ({ params }) => (servers(params)?.length === 20 ? internalError() : undefined),
  },
  {
    name: 'crash-on-weight-100',
    kind: 'edge value',
    description: 'A 500 on Weight 100 (the maximum).',
    request: ({ params }) => (objects(servers(params)).some((s) => s.Weight === 100) ? internalError() : undefined),
  },
  {
    name: 'crash-on-weight-0',
    kind: 'edge value',
    description: 'A 500 on Weight 0 (a division by the weight).',
    request: ({ params }) => (objects(servers(params)).some((s) => s.Weight === 0) ? internalError() : undefined),
  },
  {
    name: 'crash-on-non-ascii',
    kind: 'edge value',
    description: 'A 500 on a ServerId with non-ASCII text (a Latin-1 column).',
    request: ({ params }) => (/[^\x00-\x7f]/.test(params.BackendServers ?? '') ? internalError() : undefined),
  },
];

export interface MutantServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The reference (`mutant` undefined) or a mutant, on 127.0.0.1 at a free port. The reference
 * is the stand-in with `conform`; a mutant is a front server that verifies the signature (as
 * the reference would), applies its change, re-signs with the stand-in's key and forwards.
 */
export async function startMutantServer(mutant?: Mutant): Promise<MutantServer> {
  const reference: StandIn = await startStandIn({ conform: true });
  if (!mutant) return { url: reference.url, close: () => reference.close() };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    forward(reference, mutant, req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await reference.close();
    },
  };
}

async function forward(reference: StandIn, mutant: Mutant, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://mutant');
  const method = req.method ?? 'GET';
  const form = /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '');
  const request: MutantRequest = {
    method,
    form,
    query: Object.fromEntries(url.searchParams),
    params: { ...Object.fromEntries(url.searchParams), ...(form ? Object.fromEntries(new URLSearchParams(body)) : {}) },
    ...(typeof req.headers[STATE_SESSION_HEADER] === 'string' ? { session: req.headers[STATE_SESSION_HEADER] } : {}),
  };
  const signed = verifyV1(method, request.params, DEFAULT_ACCESS_KEY.secret).ok;
  let answer: MutantAnswer | undefined;
  let rewritten = false;
  if (mutant.request && (signed || mutant.skipsSignature)) {
    const before = JSON.stringify(request.params);
    answer = mutant.request(request) ?? undefined;
    rewritten = mutant.skipsSignature === true || JSON.stringify(request.params) !== before;
  }
  if (!answer) {
    const params = { ...request.params };
    if (rewritten) params.Signature = signV1(stringToSignV1(method, params), DEFAULT_ACCESS_KEY.secret);
    const encoded = Object.entries(params)
      .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
      .join('&');
    const viaForm = method === 'POST' && request.form;
    const session: Record<string, string> = request.session === undefined ? {} : { [STATE_SESSION_HEADER]: request.session };
    const response = await fetch(`${reference.url}/${viaForm ? '' : `?${encoded}`}`, {
      method,
      headers: { ...session, ...(viaForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(viaForm ? { body: encoded } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  }
  if (mutant.answer) answer = mutant.answer(answer, request);
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
