/**
 * A stand-in for the SLB API gateway, answering the RPC action RemoveBackendServers
 * (API version 2014-05-15) the way the real endpoint does. It wires three parts: the gateway
 * (gateway.ts: reading the request, routing by Action, authentication with signature V1 or V3),
 * the action (actions/remove-backend-servers.ts: a function of authenticated parameters and
 * state, values judged by the model's validators) and the state (state.ts: load balancers in
 * memory); plus fault switches for the transport failures a client has to survive. It prints
 * nothing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../generator/src/api.js';
import { modelAjv } from '../support/model-ajv.js';
import { type Action, removeBackendServers } from './actions/remove-backend-servers.js';
import { type Answer, errorAnswer, GatewayError } from './errors.js';
import { type AccessKey, authenticate, flattenHeaders, readGatewayRequest } from './gateway.js';
import { initialState, type LoadBalancer, type StandInState, stateSessions } from './state.js';

export { type Answer, ERROR_CODES, type ErrorCode, HOST_ID } from './errors.js';
export { type AccessKey, MAX_CLOCK_SKEW_MS } from './gateway.js';
export {
  type BackendServer,
  DEFAULT_LOAD_BALANCER_ID,
  DEFAULT_REGION_ID,
  defaultLoadBalancers,
  type LoadBalancer,
  STATE_SESSION_HEADER,
  type StandInState,
} from './state.js';

export const ACTION = 'RemoveBackendServers';
export const API_VERSION = '2014-05-15';

export const DEFAULT_ACCESS_KEY = { id: 'standin-test-key', secret: 'standin-test-secret' } as const;

export interface StandInOptions {
  /** Defaults to DEFAULT_ACCESS_KEY only. */
  accessKeys?: Record<string, AccessKey>;
  /** Copied, never mutated. Defaults to defaultLoadBalancers(). */
  loadBalancers?: Record<string, LoadBalancer>;
  /** Defaults to 0: a free port. */
  port?: number;
  /** The gateway's clock in epoch milliseconds, for the 15-minute timestamp window. */
  now?: () => number;
  /**
   * Answer as the bundled spec says where the gateway is looser or says less (the reference
   * server of the mutation benchmark, bench/mutants.ts): BackendServers objects with no other
   * property than the schema's and an integer Weight (not a numeric string); Format checked
   * (JSON or XML) and the success body in XML when Format=XML or absent (the spec's default).
   */
  conform?: boolean;
}

/**
 * Faults, checked in this order; each one consumes one request.
 * - reset: destroy the socket without answering.
 * - stall: never answer (or answer normally after stallMs).
 * - badGateway: 502 with an HTML page, as the load balancer in front of the gateway sends.
 * - unavailable: 503 ServiceUnavailable.
 * - throttle: 400 Throttling.User.
 * - truncate: carry out the request, then send only the first half of the JSON body, the way
 *   a broken proxy would: the removal happened but the client cannot read that it did.
 * - echo: 400 IncompleteSignature whose Message, HostId, Recommend and RequestId quote the whole
 *   request (URL, headers, body), as gateways that quote the string to sign do.
 * - huge: 200 with a JSON-looking body of HUGE_ANSWER_BYTES, streamed without a length and
 *   never closed (a client that reads it all still cannot parse it).
 * - redirect: 307 to another origin (127.0.0.1 port 1, where nothing listens), query kept.
 */
export const FAULT_KINDS = ['reset', 'stall', 'badGateway', 'unavailable', 'throttle', 'truncate', 'echo', 'huge', 'redirect'] as const;
/** Twice the client's default cap (10 MiB). */
export const HUGE_ANSWER_BYTES = 20 * 1024 * 1024;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultPlan = Partial<Record<FaultKind, number>> & {
  /** Stalled requests are answered normally after this delay; undefined: never answered. */
  stallMs?: number;
};

export interface FaultSwitches {
  /** Arms the next N requests with a fault; a count replaces the pending count of its kind. */
  set(plan: FaultPlan): void;
  /** Disarms everything. */
  clear(): void;
  /** Counts still pending, per kind. */
  pending(): Record<FaultKind, number>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Query and form body merged; the body wins, as on the gateway. */
  params: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** The fault this request consumed, if any. */
  fault?: FaultKind;
  /** Filled in once answered; stays undefined for reset and never-answered requests. */
  status?: number;
  code?: string;
}

export interface StandIn {
  /** http://127.0.0.1:<port>, no trailing slash; RPC calls go to `${url}/`. */
  url: string;
  port: number;
  /** Live: removals show up here, and tests may edit it between calls (requests with STATE_SESSION_HEADER act on their own). */
  state: StandInState;
  faults: FaultSwitches;
  requests: RecordedRequest[];
  /** Destroys open connections (stalled ones too), so it always settles; idempotent. */
  close(): Promise<void>;
}

/** Seen as the body of a 502 from Alibaba's Tengine load balancers. */
const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n';

/** HUGE_ANSWER_BYTES of `{"Pad":"xxx...`, written as fast as the client reads, until it hangs up. */
function streamHuge(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  const pump = (): void => {
    if (sent === 0) res.write('{"Pad":"');
    while (sent < HUGE_ANSWER_BYTES && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

class Faults implements FaultSwitches {
  private counts: Record<FaultKind, number> = Faults.none();
  stallMs: number | undefined;

  private static none(): Record<FaultKind, number> {
    return { reset: 0, stall: 0, badGateway: 0, unavailable: 0, throttle: 0, truncate: 0, echo: 0, huge: 0, redirect: 0 };
  }

  set(plan: FaultPlan): void {
    for (const kind of FAULT_KINDS) {
      const count = plan[kind];
      if (count !== undefined) this.counts[kind] = Math.max(0, Math.floor(count));
    }
    if ('stallMs' in plan) this.stallMs = plan.stallMs;
  }

  clear(): void {
    this.counts = Faults.none();
    this.stallMs = undefined;
  }

  pending(): Record<FaultKind, number> {
    return { ...this.counts };
  }

  take(): FaultKind | undefined {
    const kind = FAULT_KINDS.find((k) => this.counts[k] > 0);
    if (kind) this.counts[kind] -= 1;
    return kind;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The bundled spec: the stand-in's action takes its parameters, how they travel and their schemas from the generator's model. */
const SPEC = fileURLToPath(new URL('../../spec/slb-2014-05-15.yaml', import.meta.url));

/** The actions this stand-in answers, each built from its operation in the model. */
async function loadActions(conform: boolean): Promise<Record<string, { version: string; run: Action }>> {
  const model = await loadModel(SPEC);
  const operation = model.operations.find((op) => op.action === ACTION);
  if (!operation?.inputs.some((p) => p.name === 'BackendServers')) {
    throw new Error(`${SPEC} does not describe ${ACTION} with BackendServers, which the stand-in answers`);
  }
  return { [ACTION]: { version: operation.version ?? API_VERSION, run: removeBackendServers(operation, modelAjv(model), { conform }) } };
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const actions = await loadActions(options.conform ?? false);
  const versions = Object.fromEntries(Object.entries(actions).map(([name, { version }]) => [name, version]));
  const accessKeys = options.accessKeys ?? { [DEFAULT_ACCESS_KEY.id]: { secret: DEFAULT_ACCESS_KEY.secret } };
  const state: StandInState = initialState(options.loadBalancers);
  const stateOf = stateSessions(state, options.loadBalancers);
  const gateway = { now: options.now ?? Date.now, nonces: new Set<string>(), versions };
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  /** Gateway, then action; the action's next state replaces the live one (or the request's session's: STATE_SESSION_HEADER). */
  function answerFor(record: RecordedRequest, rawBody: Buffer): Answer {
    try {
      const request = { ...record, body: rawBody };
      const who = authenticate(request, accessKeys, gateway);
      if (!who.ok) return errorAnswer(who.error.code, who.error.message);
      const acted = stateOf(record.headers);
      const result = actions[who.action]!.run(record.params, acted);
      if (!result.ok) return errorAnswer(result.error.code, result.error.message);
      acted.loadBalancers = result.state.loadBalancers;
      return result.answer;
    } catch (error) {
      return error instanceof GatewayError ? errorAnswer(error.code, error.message) : errorAnswer('InternalError');
    }
  }

  function send(res: ServerResponse, record: RecordedRequest, answer: Answer, truncate = false): void {
    record.status = answer.status;
    if (answer.code !== undefined) record.code = answer.code;
    const body = truncate ? answer.body.slice(0, Math.floor(answer.body.length / 2)) : answer.body;
    res.writeHead(answer.status, {
      'content-type': answer.contentType,
      'content-length': Buffer.byteLength(body),
      'x-acs-request-id': answer.requestId,
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const headers = flattenHeaders(req.headers);
    const record: RecordedRequest = { ...readGatewayRequest(req.method ?? 'GET', url, headers, rawBody), body: rawBody.toString('utf8') };
    requests.push(record);

    const fault = faults.take();
    if (fault) record.fault = fault;
    switch (fault) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall': {
        if (faults.stallMs === undefined) return; // close() destroys the socket
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, record, answerFor(record, rawBody));
        }, faults.stallMs);
        timers.add(timer);
        return;
      }
      case 'badGateway':
        record.status = 502;
        res.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(BAD_GATEWAY_PAGE) });
        res.end(BAD_GATEWAY_PAGE);
        return;
      case 'unavailable':
        send(res, record, errorAnswer('ServiceUnavailable'));
        return;
      case 'throttle':
        send(res, record, errorAnswer('Throttling.User'));
        return;
      case 'echo': {
        const quoted = `${record.method} ${req.url ?? ''} ${JSON.stringify(headers)} ${record.body}`;
        send(res, record, {
          ...errorAnswer('IncompleteSignature'),
          body: JSON.stringify({ Code: 'IncompleteSignature', Message: quoted, HostId: quoted, Recommend: quoted, RequestId: quoted }),
        });
        return;
      }
      case 'huge':
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' });
        streamHuge(res);
        return;
      case 'redirect':
        record.status = 307;
        res.writeHead(307, { location: `http://127.0.0.1:1/elsewhere${url.search}` }).end();
        return;
      default:
        send(res, record, answerFor(record, rawBody), fault === 'truncate');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy()); // only a client abort mid-body gets here
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    faults,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
