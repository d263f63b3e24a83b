/**
 * A stand-in for the SLB API gateway, answering the RPC action RemoveBackendServers
 * (API version 2014-05-15) the way the real endpoint does: signature V1 and V3 checked with
 * this folder's own verifiers (never the generated client's signer, so the two cannot share a
 * bug), the gateway's error codes and JSON bodies, in-memory load balancers, and fault switches
 * for the transport failures a client has to survive. It prints nothing.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadModel, type ParameterModel } from '../../generator/src/api.js';
import { decodeWire } from '../mock/wire-decode.js';
import { verifyV1 } from './verify-v1.js';
import { parseAuthorizationV3, unsignedRequiredHeaders, verifyV3 } from './verify-v3.js';

export const ACTION = 'RemoveBackendServers';
export const API_VERSION = '2014-05-15';
/** The gateway rejects a Timestamp / x-acs-date more than 15 minutes away from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** RemoveBackendServers: "Up to 20 backend servers can be removed at a time." */
export const MAX_SERVERS_PER_CALL = 20;
export const HOST_ID = 'slb.aliyuncs.com';

export const DEFAULT_ACCESS_KEY = { id: 'standin-test-key', secret: 'standin-test-secret' } as const;
export const DEFAULT_LOAD_BALANCER_ID = '139a00604ad-cn-east-hangzhou-01';
export const DEFAULT_REGION_ID = 'cn-east-hangzhou-01';

export interface BackendServer {
  ServerId: string;
  Type: string;
  Weight: number;
}

export interface LoadBalancer {
  regionId: string;
  servers: BackendServer[];
}

export interface StandInState {
  loadBalancers: Record<string, LoadBalancer>;
}

export interface AccessKey {
  secret: string;
  /** Set for STS credentials: requests must carry exactly this token. */
  securityToken?: string;
}

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
  /** Live: removals show up here, and tests may edit it between calls. */
  state: StandInState;
  faults: FaultSwitches;
  requests: RecordedRequest[];
  /** Destroys open connections (stalled ones too), so it always settles; idempotent. */
  close(): Promise<void>;
}

export function defaultLoadBalancers(): Record<string, LoadBalancer> {
  const server = (ServerId: string): BackendServer => ({ ServerId, Type: 'ecs', Weight: 100 });
  return {
    [DEFAULT_LOAD_BALANCER_ID]: {
      regionId: DEFAULT_REGION_ID,
      servers: ['vm-231', 'vm-232', 'vm-233', 'vm-234'].map(server),
    },
  };
}

/**
 * Codes, statuses and messages as the Alibaba Cloud gateway answers them. Where the brief left
 * the choice open: a missing Action is treated like an unknown one (404), and any difference
 * between the key's STS token and the request's (wrong, missing or unexpected) is a mismatch.
 */
const ERRORS = {
  'InvalidAction.NotFound': [404, 'Specified api is not found, please check your url and method.'],
  InvalidVersion: [400, 'Specified parameter Version is not valid.'],
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
  SignatureDoesNotMatch: [400, 'Specified signature is not matched with our calculation.'],
  IncompleteSignature: [400, 'The request signature does not conform to Aliyun standards.'],
  SignatureNonceUsed: [400, 'Specified signature nonce was used already.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  'InvalidTimeStamp.Format': [400, 'Specified time stamp or date value is not well formatted.'],
  'InvalidSecurityToken.MismatchWithAccessKey': [400, 'Specified SecurityToken mismatch with the AccessKey.'],
  MissingParameter: [400, 'The input parameter that is mandatory for processing this request is not supplied.'],
  InvalidParameter: [400, 'The specified parameter is not valid.'],
  'InvalidLoadBalancerId.NotFound': [404, 'The specified load balancer does not exist.'],
  'Throttling.User': [400, 'Request was denied due to user flow control.'],
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.'],
  InternalError: [500, 'The request processing has failed due to some unknown error, exception or failure.'],
} as const satisfies Record<string, readonly [number, string]>;
export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? ERRORS[code][1]);
  }
}

const missing = (name: string): GatewayError =>
  new GatewayError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

const invalid = (name: string, why: string): GatewayError =>
  new GatewayError('InvalidParameter', `The specified parameter "${name}" is not valid: ${why}.`);

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

/** The gateway's timestamp format: ISO 8601 UTC to the second, yyyy-MM-ddTHH:mm:ssZ. */
function parseTimestamp(value: string): number {
  const ms = Date.parse(value);
  const wellFormed =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) &&
    !Number.isNaN(ms) &&
    new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19); // rejects 2024-02-30
  if (!wellFormed) throw new GatewayError('InvalidTimeStamp.Format');
  return ms;
}

/**
 * BackendServers is a JSON array of ServerIds or of {ServerId, Type?, Weight?}: the `json` row of
 * the wire table (generator/runtime/wire.ts), decoded as the mock and the client's encoder agree.
 */
function parseBackendServers(raw: string, parameter: ParameterModel, conform = false): string[] {
  const decoded = decodeWire(parameter.wireEncoding, parameter.name, [[parameter.name, raw]]);
  if (decoded === undefined || 'error' in decoded) throw invalid('BackendServers', 'not JSON');
  const value = decoded.value;
  if (!Array.isArray(value)) throw invalid('BackendServers', 'not a JSON array');
  if (value.length === 0 || value.length > MAX_SERVERS_PER_CALL) {
    throw invalid('BackendServers', `lists ${value.length} servers, 1 to ${MAX_SERVERS_PER_CALL} allowed`);
  }
  return value.map((entry: unknown, i) => {
    const at = `BackendServers[${i}]`;
    if (typeof entry === 'string' && entry !== '') return entry;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw invalid(at, 'neither a ServerId nor a server object');
    }
    const { ServerId, Type, Weight, Description } = entry as Record<string, unknown>;
    if (typeof ServerId !== 'string' || ServerId === '') throw invalid(`${at}.ServerId`, 'missing');
    if (conform) {
      // The spec's BackendServerToRemove: additionalProperties false, Weight an integer, Description a string.
      const unknown = Object.keys(entry).find((name) => !['ServerId', 'Type', 'Weight', 'Description'].includes(name));
      if (unknown !== undefined) throw invalid(`${at}.${unknown}`, 'not a property of a backend server');
      if (Weight !== undefined && typeof Weight !== 'number') throw invalid(`${at}.Weight`, 'not an integer from 0 to 100');
      if (Description !== undefined && typeof Description !== 'string') throw invalid(`${at}.Description`, 'not a string');
    }
    // Alibaba's current BackendServers documentation: ecs, eni, or eci (elastic container instance).
    if (Type !== undefined && Type !== 'ecs' && Type !== 'eni' && Type !== 'eci') throw invalid(`${at}.Type`, 'not ecs, eni or eci');
    // The gateway takes Weight as a number or a numeric string.
    const weight = typeof Weight === 'string' && Weight.trim() !== '' ? Number(Weight) : Weight;
    if (Weight !== undefined && !(Number.isInteger(weight) && (weight as number) >= 0 && (weight as number) <= 100)) {
      throw invalid(`${at}.Weight`, 'not an integer from 0 to 100');
    }
    return ServerId;
  });
}

/** The success body as Alibaba's XML form: one element per property, an array as repeated elements of its name. */
function xmlOf(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xmlOf(name, item)).join('');
  if (typeof value === 'object' && value !== null)
    return `<${name}>${Object.entries(value)
      .map(([key, child]) => xmlOf(key, child))
      .join('')}</${name}>`;
  return `<${name}>${String(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</${name}>`;
}

function toRecord(search: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  search.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Answer {
  status: number;
  code?: string;
  contentType: string;
  body: string;
  requestId: string;
}

/** The bundled spec: the stand-in takes which parameters its action requires, and how they travel, from the generator's model. */
const SPEC = fileURLToPath(new URL('../../spec/slb-2014-05-15.yaml', import.meta.url));

/**
 * The action's parameters as the model has them. The checks of their values stay the gateway's
 * own (looser than the spec, e.g. Weight as a numeric string): the stand-in plays the endpoint.
 */
async function actionParameters(): Promise<{ required: string[]; backendServers: ParameterModel }> {
  const operation = (await loadModel(SPEC)).operations.find((op) => op.action === ACTION);
  const backendServers = operation?.inputs.find((p) => p.name === 'BackendServers');
  if (!operation || !backendServers) throw new Error(`${SPEC} does not describe ${ACTION} with BackendServers, which the stand-in answers`);
  return { required: operation.inputs.filter((p) => p.required).map((p) => p.name), backendServers };
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const parameters = await actionParameters();
  const accessKeys = options.accessKeys ?? { [DEFAULT_ACCESS_KEY.id]: { secret: DEFAULT_ACCESS_KEY.secret } };
  const state: StandInState = { loadBalancers: structuredClone(options.loadBalancers ?? defaultLoadBalancers()) };
  const now = options.now ?? Date.now;
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  // Nonces are remembered per AccessKey, and only for requests whose signature verified, so
  // that a forged request cannot burn a legitimate client's nonce.
  const usedNonces = new Set<string>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function errorAnswer(code: ErrorCode, message: string = ERRORS[code][1]): Answer {
    const requestId = randomUUID().toUpperCase();
    const body = {
      RequestId: requestId,
      HostId: HOST_ID,
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=Slb&requestId=${requestId}`,
    };
    return { status: ERRORS[code][0], code, contentType: 'application/json;charset=utf-8', body: JSON.stringify(body), requestId };
  }

  /** Authenticates the request, then carries out RemoveBackendServers; throws GatewayError. */
  function removeBackendServers(record: RecordedRequest, rawBody: Buffer): Answer {
    const { method, path, params, headers } = record;
    if (path !== '/' || (method !== 'GET' && method !== 'POST')) throw new GatewayError('InvalidAction.NotFound');

    // Signature V3 carries the common parameters in x-acs-* headers, V1 in the parameters.
    const authorization = headers.authorization;
    const v3 = authorization === undefined ? undefined : parseAuthorizationV3(authorization);
    if (authorization !== undefined && v3 === undefined) {
      throw new GatewayError('IncompleteSignature', `${ERRORS.IncompleteSignature[1]} Malformed Authorization header.`);
    }
    const common = v3
      ? {
          action: headers['x-acs-action'],
          version: headers['x-acs-version'],
          accessKeyId: v3.accessKeyId,
          date: ['x-acs-date', headers['x-acs-date']] as const,
          nonce: ['x-acs-signature-nonce', headers['x-acs-signature-nonce']] as const,
          token: headers['x-acs-security-token'],
        }
      : {
          action: params.Action,
          version: params.Version,
          accessKeyId: params.AccessKeyId,
          date: ['Timestamp', params.Timestamp] as const,
          nonce: ['SignatureNonce', params.SignatureNonce] as const,
          token: params.SecurityToken,
        };

    if (common.action !== ACTION) throw new GatewayError('InvalidAction.NotFound');
    if (common.version !== API_VERSION) throw new GatewayError('InvalidVersion');
    if (!common.accessKeyId) throw missing('AccessKeyId');
    if (!v3) {
      if (!params.Signature) throw missing('Signature');
      if (params.SignatureMethod !== 'HMAC-SHA1') {
        throw params.SignatureMethod ? invalid('SignatureMethod', 'not HMAC-SHA1') : missing('SignatureMethod');
      }
      if (params.SignatureVersion !== undefined && params.SignatureVersion !== '1.0') {
        throw invalid('SignatureVersion', 'not 1.0');
      }
    } else if (!headers['x-acs-content-sha256']) {
      throw missing('x-acs-content-sha256');
    }
    const [dateName, date] = common.date;
    const [nonceName, nonce] = common.nonce;
    if (!date) throw missing(dateName);
    if (!nonce) throw missing(nonceName);
    if (Math.abs(now() - parseTimestamp(date)) > MAX_CLOCK_SKEW_MS) throw new GatewayError('InvalidTimeStamp.Expired');

    const key = accessKeys[common.accessKeyId];
    if (!key) throw new GatewayError('InvalidAccessKeyId.NotFound');
    if (v3) {
      const unsigned = unsignedRequiredHeaders(headers, v3.signedHeaders);
      if (unsigned.length > 0) {
        throw new GatewayError('IncompleteSignature', `${ERRORS.IncompleteSignature[1]} Unsigned headers: ${unsigned.join(', ')}.`);
      }
    }
    const verification = v3
      ? verifyV3({ method, path, query: record.query, headers, body: rawBody }, v3, key.secret)
      : verifyV1(method, params, key.secret);
    if (!verification.ok) {
      // Like the gateway, show the server's string to sign (it holds no secret) to help debugging.
      throw new GatewayError(
        'SignatureDoesNotMatch',
        `${ERRORS.SignatureDoesNotMatch[1]} server string to sign is:${verification.stringToSign}`,
      );
    }
    if ((common.token ?? '') !== (key.securityToken ?? '')) {
      throw new GatewayError('InvalidSecurityToken.MismatchWithAccessKey');
    }
    const nonceKey = `${common.accessKeyId}\n${nonce}`;
    if (usedNonces.has(nonceKey)) throw new GatewayError('SignatureNonceUsed');
    usedNonces.add(nonceKey);

    for (const name of parameters.required) {
      if (!params[name]) throw missing(name);
    }
    const regionId = params.RegionId ?? '';
    const loadBalancerId = params.LoadBalancerId ?? '';
    const format = params.Format ?? 'XML';
    if (options.conform && format !== 'JSON' && format !== 'XML') throw invalid('Format', 'not JSON or XML');
    const toRemove = new Set(parseBackendServers(params.BackendServers ?? '', parameters.backendServers, options.conform));
    const loadBalancer = state.loadBalancers[loadBalancerId];
    // Load balancers are looked up within the request's region.
    if (!loadBalancer || loadBalancer.regionId !== regionId) throw new GatewayError('InvalidLoadBalancerId.NotFound');
    // Servers that are not attached are ignored: the API page says no error is returned.
    loadBalancer.servers = loadBalancer.servers.filter((server) => !toRemove.has(server.ServerId));

    // The API page contradicts itself: its JSON example lists the removed servers (vm-233,
    // vm-234) and its XML example the remaining ones (vm-231, vm-232). Current Alibaba docs
    // call the field "the list of backend servers" of the load balancer, so we answer with
    // the servers still attached after the removal.
    const requestId = randomUUID().toUpperCase();
    const body = {
      RequestId: requestId,
      LoadBalancerId: loadBalancerId,
      BackendServers: {
        BackendServer: loadBalancer.servers.map(({ ServerId, Type, Weight }) => ({ ServerId, Type, Weight })),
      },
    };
    if (options.conform && format === 'XML')
      return { status: 200, contentType: 'application/xml;charset=utf-8', body: xmlOf('RemoveBackendServersResponse', body), requestId };
    return { status: 200, contentType: 'application/json;charset=utf-8', body: JSON.stringify(body), requestId };
  }

  function answerFor(record: RecordedRequest, rawBody: Buffer): Answer {
    try {
      return removeBackendServers(record, rawBody);
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
    const query = toRecord(url.searchParams);
    const isForm = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = isForm ? toRecord(new URLSearchParams(rawBody.toString('utf8'))) : {};
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      params: { ...query, ...form },
      headers,
      body: rawBody.toString('utf8'),
    };
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
