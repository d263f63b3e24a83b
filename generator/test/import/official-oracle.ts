/**
 * The oracle of issue 22 (item 2): Alibaba's official runtime, @alicloud/openapi-core 1.0.8,
 * builds the request for an action as the generated SLB SDK (aliyun/alibabacloud-typescript-sdk,
 * slb-20140515) has it build it, and sends it to a capture server on 127.0.0.1; slbkit's client
 * of the imported spec sends the same call there. Each captured request is reduced to what the
 * two must agree on (method, path, every parameter, the headers that matter) and checked by the
 * stand-in's gateway (contract-tests/standin/gateway.ts: its own V1 and V3 verifiers, routing by
 * Action or x-acs-action, the STS token), never by slbkit's signer.
 *
 * What the generated SDK passes `callApi` for every SLB action (its client.ts, `*WithOptions`):
 * `new Params({ action, version: '2014-05-15', protocol: 'HTTPS', pathname: '/', method: 'POST',
 * authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' })` and
 * `new OpenApiRequest({ query: OpenApiUtil.query(query) })`, where `query` holds each set field of
 * the request under its wire name: scalars as they are, repeat lists as arrays of scalars or
 * objects, a JSON-text parameter as the JSON text the caller gives.
 *
 * Which signature the official runtime uses (client.js `callApi`): ACS3-HMAC-SHA256 (`doRequest`)
 * unless the config's `signatureAlgorithm` is 'v2', which takes the HMAC-SHA1 path
 * (`doRPCRequest`: the common parameters and the signature in the query).
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { authenticate, flattenHeaders, type GatewayRequest, readGatewayRequest } from '../../../contract-tests/standin/gateway.js';

const require = createRequire(import.meta.url);

/** The parts of @alicloud/openapi-core this oracle uses (the package ships no ESM types for them). */
interface OpenApiCore {
  default: new (
    config: unknown,
  ) => { callApi(params: unknown, request: unknown, runtime: unknown): Promise<{ statusCode: number; body: unknown }> };
  $OpenApiUtil: {
    Config: new (map: Record<string, unknown>) => unknown;
    Params: new (map: Record<string, unknown>) => unknown;
    OpenApiRequest: new (map: Record<string, unknown>) => unknown;
    default: { query(filter: Record<string, unknown>): Record<string, string> };
  };
}
const core = require('@alicloud/openapi-core') as OpenApiCore;

export type SignatureVersion = 'v1' | 'v3';

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** One request as it arrived at the capture server. */
export interface Captured {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}

export interface CaptureServer {
  url: string;
  /** host:port, the official config's `endpoint`. */
  host: string;
  requests: Captured[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that keeps every request and answers each with a JSON RequestId (both clients read JSON). */
export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: Captured[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: flattenHeaders(req.headers),
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"oracle-request"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The official SDK's call: `query` is the request's fields by wire name (JSON-text parameters
 * already JSON text), flattened by the runtime's own `OpenApiUtil.query`.
 */
export async function callOfficial(
  capture: CaptureServer,
  version: SignatureVersion,
  keys: Keys,
  action: string,
  apiVersion: string,
  query: Record<string, unknown>,
): Promise<void> {
  const util = core.$OpenApiUtil;
  const client = new core.default(
    new util.Config({
      ...keys,
      endpoint: capture.host,
      protocol: 'http',
      ...(version === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
    }),
  );
  const params = new util.Params({
    action,
    version: apiVersion,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const answer = await client.callApi(params, new util.OpenApiRequest({ query: util.default.query(query) }), {});
  if (answer.statusCode !== 200) throw new Error(`official ${action}: status ${answer.statusCode}`);
}

/** The parameters V1 signs anew on every request (nonce, clock, and so the signature): present on both, compared by the gateway. */
const PER_REQUEST = new Set(['Signature', 'SignatureNonce', 'Timestamp']);

/**
 * What the two clients must agree on, from one captured request: method, path, every parameter
 * (query and form body together: by POST, V1 sends a form body as @alicloud/pop-core does, the
 * official runtime a query), the protocol headers, and whether the stand-in's gateway accepts
 * it. The official runtime writes `Format=json`, slbkit `Format=JSON`: the gateway reads either,
 * so the value is compared upper-cased. Its `x-acs-credentials-provider` (which credential
 * provider gave the keys) and `user-agent` are its own, unsigned by slbkit, and left out, also
 * from the signed-header list.
 */
export interface WireView {
  method: string;
  path: string;
  params: [string, string][];
  headers: Record<string, string>;
  signedHeaders?: string[];
  gateway: string;
}

const V3_HEADERS = [
  'host',
  'content-type',
  'x-acs-action',
  'x-acs-version',
  'x-acs-content-sha256',
  'x-acs-security-token',
  'x-acs-accesskey-id',
];
const V3_PRESENT = ['x-acs-date', 'x-acs-signature-nonce'];

export function wireView(captured: Captured, version: SignatureVersion, keys: Keys, action: string, apiVersion: string): WireView {
  const request: GatewayRequest = readGatewayRequest(captured.method, captured.url, captured.headers, captured.body);
  const params = Object.entries(request.params)
    .filter(([name]) => !PER_REQUEST.has(name))
    .map(([name, value]): [string, string] => [name, name === 'Format' ? value.toUpperCase() : value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const headers: Record<string, string> = {};
  let signedHeaders: string[] | undefined;
  if (version === 'v3') {
    for (const name of V3_HEADERS) if (request.headers[name] !== undefined) headers[name] = request.headers[name]!;
    for (const name of V3_PRESENT) headers[name] = request.headers[name] === undefined ? 'absent' : 'present';
    const authorization = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=[0-9a-f]{64}$/.exec(
      request.headers.authorization ?? '',
    );
    headers.authorization = authorization ? `ACS3-HMAC-SHA256 Credential=${authorization[1]}` : String(request.headers.authorization);
    signedHeaders = authorization?.[2]?.split(';').filter((name) => name !== 'x-acs-credentials-provider');
  } else headers.host = request.headers.host ?? 'absent';
  const key = { secret: keys.accessKeySecret, ...(keys.securityToken === undefined ? {} : { securityToken: keys.securityToken }) };
  const verdict = authenticate(request, { [keys.accessKeyId]: key }, { versions: { [action]: apiVersion } });
  return {
    method: request.method,
    path: request.path,
    params,
    headers,
    ...(signedHeaders ? { signedHeaders } : {}),
    gateway: verdict.ok ? `accepted ${verdict.action}` : `${verdict.error.code}: ${verdict.error.message}`,
  };
}
