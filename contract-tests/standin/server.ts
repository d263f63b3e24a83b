/**
 * A stand-in for the SLB API gateway (API version 2014-05-15). With the bundled spec (the
 * default of startStandIn) it answers RemoveBackendServers the way the real endpoint does; with
 * the imported spec (`spec`: IMPORTED_SPEC, the default of `slbkit standin`) it is a local SLB:
 * stateful for the load balancer and backend-server actions (actions/slb.ts), every other of the
 * 93 actions answered from the spec after its parameters are judged (actions/spec-answer.ts),
 * fault rates (faults.ts) and admin endpoints (admin.ts). It wires three parts: the gateway
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
import { STATEFUL_ACTIONS, type StatefulAction, statefulAction } from './actions/slb.js';
import { answerFromSpec } from './actions/spec-answer.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { type Answer, errorAnswer, GatewayError } from './errors.js';
import { FaultDice, type FaultKind, type FaultRates, type FaultSwitches, Faults, type RateFault } from './faults.js';
import { type AccessKey, authenticate, flattenHeaders, NonceMemory, readGatewayRequest } from './gateway.js';
import { initialState, type LoadBalancer, type StandInState, stateSessions } from './state.js';

export { MAX_SERVERS_PER_CALL, STATEFUL_ACTIONS } from './actions/slb.js';
export { ADMIN_PREFIX } from './admin.js';
export { type Answer, ERROR_CODES, type ErrorCode, HOST_ID } from './errors.js';
export { FAULT_KINDS, type FaultKind, type FaultPlan, type FaultRates, type FaultSwitches, RATE_FAULTS, type RateFault } from './faults.js';
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
  /**
   * The spec whose actions it answers: the bundled one (default: RemoveBackendServers only) or
   * IMPORTED_SPEC (every SLB action, the local SLB). Any other spec is refused.
   */
  spec?: string;
  /** Faults drawn per request from a seeded generator (faults.ts); changeable at PUT /_standin/faults. */
  faultRates?: FaultRates;
}

/** StandIn.requests keeps the latest this many (older ones are dropped first). */
export const MAX_RECORDED_REQUESTS = 10_000;
/** Twice the client's default cap (10 MiB). */
export const HUGE_ANSWER_BYTES = 20 * 1024 * 1024;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Query and form body merged; the body wins, as on the gateway. */
  params: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** The fault this request consumed or drew, if any. */
  fault?: FaultKind | RateFault;
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
  /** Replaces the fault rates (and restarts their seed), as PUT /_standin/faults does. */
  setFaultRates(rates: FaultRates): void;
  /** The live state back to its start and every session dropped, as POST /_standin/reset does. */
  reset(): void;
  /** Every request received (admin ones aside), the latest MAX_RECORDED_REQUESTS. */
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The bundled spec: the stand-in's action takes its parameters, how they travel and their schemas from the generator's model. */
export const BUNDLED_SPEC = fileURLToPath(new URL('../../spec/slb-2014-05-15.yaml', import.meta.url));
/** Every SLB action, imported from Alibaba's API metadata: the local SLB's spec. */
export const IMPORTED_SPEC = fileURLToPath(new URL('../../spec/slb-2014-05-15.imported.yaml', import.meta.url));
const SPEC = BUNDLED_SPEC;

type Actions = Record<string, { version: string; run: Action }>;

/** The imported spec's actions: the stateful ones (actions/slb.ts), the others answered from the spec. */
async function loadImportedActions(): Promise<Actions> {
  const model = await loadModel(IMPORTED_SPEC);
  const ajv = modelAjv(model);
  const actions: Actions = {};
  for (const operation of model.operations) {
    if (!operation.action) continue;
    const name = operation.action;
    const run = (STATEFUL_ACTIONS as readonly string[]).includes(name)
      ? statefulAction(name as StatefulAction, model, operation, ajv)
      : answerFromSpec(model, operation, ajv);
    actions[name] = { version: operation.version ?? API_VERSION, run };
  }
  return actions;
}

/** The actions this stand-in answers, each built from its operation in the model. */
async function loadActions(conform: boolean, spec: string | undefined): Promise<Actions> {
  if (spec !== undefined && spec !== SPEC) {
    if (spec === IMPORTED_SPEC) return loadImportedActions();
    throw new TypeError(`the stand-in answers the bundled spec or ${IMPORTED_SPEC}, not ${spec}`);
  }
  const model = await loadModel(SPEC);
  const operation = model.operations.find((op) => op.action === ACTION);
  if (!operation?.inputs.some((p) => p.name === 'BackendServers')) {
    throw new Error(`${SPEC} does not describe ${ACTION} with BackendServers, which the stand-in answers`);
  }
  return { [ACTION]: { version: operation.version ?? API_VERSION, run: removeBackendServers(operation, modelAjv(model), { conform }) } };
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const actions = await loadActions(options.conform ?? false, options.spec);
  const versions = Object.fromEntries(Object.entries(actions).map(([name, { version }]) => [name, version]));
  const accessKeys = options.accessKeys ?? { [DEFAULT_ACCESS_KEY.id]: { secret: DEFAULT_ACCESS_KEY.secret } };
  const state: StandInState = initialState(options.loadBalancers);
  const stateOf = stateSessions(state, options.loadBalancers);
  const gateway = { now: options.now ?? Date.now, nonces: new NonceMemory(options.now ?? Date.now), versions };
  const faults = new Faults();
  const dice = new FaultDice(options.faultRates);
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
      Object.assign(acted, result.state);
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
    if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(req, res, rawBody, admin);
    const headers = flattenHeaders(req.headers);
    const record: RecordedRequest = { ...readGatewayRequest(req.method ?? 'GET', url, headers, rawBody), body: rawBody.toString('utf8') };
    requests.push(record);
    // A local SLB may run for a whole test session: keep the latest MAX_RECORDED_REQUESTS.
    if (requests.length > MAX_RECORDED_REQUESTS) requests.splice(0, requests.length - MAX_RECORDED_REQUESTS);

    const fault = faults.take();
    // A rate fault is drawn only when no one-shot fault is armed; V3 names the action in a header.
    const drawn = fault ? undefined : dice.draw(record.params.Action ?? headers['x-acs-action']);
    if (fault ?? drawn) record.fault = fault ?? drawn;
    if (dice.latencyMs > 0) await delay(dice.latencyMs);
    switch (drawn) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'throttle':
        return send(res, record, errorAnswer('Throttling.User'));
      case 'unavailable':
        return send(res, record, errorAnswer('ServiceUnavailable'));
      case 'internalError':
        return send(res, record, errorAnswer('InternalError'));
    }
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

  /** Waits, unless close() comes first (it clears the timer and destroys the socket). */
  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  function reset(): void {
    for (const key of Object.keys(state) as Array<keyof StandInState>) delete state[key];
    Object.assign(state, initialState(options.loadBalancers));
    stateOf.clear();
  }
  const admin = {
    state: () => structuredClone(state),
    reset,
    faultRates: () => dice.current(),
    setFaultRates: (rates: FaultRates) => dice.configure(rates),
  };

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
    setFaultRates: admin.setFaultRates,
    reset,
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
