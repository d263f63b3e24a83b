import { randomUUID } from 'node:crypto';
import { redirectTarget } from '../../generator/src/api.js';
import { refusal } from './judge.js';
import type { Kit, KitOperation } from './kit.js';
import { authHeaders } from './kit.js';
import { addRequestSignatures } from './redact.js';

export interface WireAnswer {
  status: number;
  text: string;
  contentType: string;
  /** Every response header, names in lower case. */
  headers: Record<string, string>;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface SendOptions {
  rawWire?: string;
  parameter?: string;
  method?: string;
  /** `wrong`: signed, then one character of the Signature changed (a gateway must refuse it). */
  signature?: 'wrong';
  /** Extra request headers (the sequences' state session, support/sequences.ts). */
  headers?: Record<string, string>;
}

/**
 * One request of an operation with these decoded values, encoded by the generated client's own
 * encoder (its runtime/wire.js) but without its validator, so that a value the spec refuses
 * reaches the target. An RPC action gets the signer's parameters fresh and is signed with V1 (a
 * real gateway checks the signature first); any other operation gets the headers its security
 * asks for. `rawWire` replaces the encoded text of one parameter (or the body).
 *
 * As careful as the client: a request the run may not send (`refusal`: one that could change
 * something on a real target) is refused here whatever the caller decided, and a redirect is
 * never followed (it would carry the signed request, the token and the auth headers to another
 * origin): it is an error naming the Location's origin only.
 */
export async function sendCase(
  kit: Kit,
  kitOp: KitOperation,
  values: Record<string, unknown>,
  options: SendOptions = {},
): Promise<WireAnswer> {
  const { op } = kitOp;
  const { target } = kit.entry;
  const refused = refusal(kit, kitOp, values, options.parameter);
  if (refused !== undefined) throw new Error(`${kitOp.label}: ${refused}`);
  const method = options.method ?? op.httpMethods[0]!;
  const query: [string, string][] = [];
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let path = op.path;
  let body: string | undefined;
  const placed = new Set(kitOp.parameters.map((p) => `${p.in}:${p.name}`));
  // A fixed parameter the spec declares is a case parameter (its absence is a case); others, such as the Action of a path key, are always sent.
  for (const fixed of op.fixed) if (!placed.has(`${fixed.in}:${fixed.name}`)) place(fixed.in, [[fixed.name, fixed.value]]);
  if (op.style === 'rpc' && op.version && !placed.has('query:Version') && !op.fixed.some((f) => f.name === 'Version'))
    query.push(['Version', op.version]);
  const signer = new Map<string, string | undefined>();
  for (const p of kitOp.parameters) {
    if (p.signer) {
      // The signer's parameters are written fresh below; a case about one sends its value (or leaves it out).
      if (options.parameter === p.name) signer.set(p.name, values[p.name] === undefined ? undefined : String(values[p.name]));
      continue;
    }
    if (options.rawWire !== undefined && options.parameter === p.name) {
      if (p.encoding === 'body') body = options.rawWire;
      else place(p.in, [[p.name, options.rawWire]]);
      continue;
    }
    const value = values[p.name];
    if (value === undefined) continue;
    if (p.encoding === 'body') body = JSON.stringify(value);
    else place(p.in, kit.runtime.encodeWire(p.encoding, p.name, value));
  }
  function place(where: string, pairs: readonly (readonly [string, string])[]): void {
    for (const [name, text] of pairs) {
      if (where === 'query') query.push([name, text]);
      else if (where === 'header') headers[name.toLowerCase()] = text;
      else if (where === 'path') path = path.replaceAll(`{${name}}`, encodeURIComponent(text));
      // As the client sends them (runtime/cookie.ts cookieText): one Cookie header, values percent-encoded.
      else if (where === 'cookie') headers.cookie = [headers.cookie, `${name}=${encodeURIComponent(text)}`].filter(Boolean).join('; ');
    }
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  // The documented media type of the success body (the mock answers 406 to an Accept it cannot meet).
  // An RPC action answers in the Format the request names (the case's own value, else JSON).
  const format = op.style === 'rpc' && typeof values.Format === 'string' ? values.Format : 'JSON';
  const success = op.success.mediaTypes.find((type) => (format === 'XML' ? /xml/ : /json/).test(type)) ?? op.success.mediaTypes[0];
  if (success) headers.accept = success;
  if (op.style === 'rpc') {
    const credentials = target.credentials;
    if (!credentials)
      throw new Error(`${kitOp.label} is an Alibaba RPC action: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET`);
    const params: Record<string, string> = Object.fromEntries(query);
    Object.assign(params, {
      Format: format,
      AccessKeyId: credentials.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(credentials.securityToken ? { SecurityToken: credentials.securityToken } : {}),
    });
    for (const [name, value] of signer) if (name !== 'Signature') value === undefined ? delete params[name] : (params[name] = value);
    params.Signature = kit.runtime.signV1(method, params, credentials.accessKeySecret);
    if (signer.has('Signature'))
      signer.get('Signature') === undefined ? delete params.Signature : (params.Signature = signer.get('Signature')!);
    // A wrong signature: the right one with its first character changed (still base64, same length).
    if (options.signature === 'wrong') params.Signature = `${params.Signature!.startsWith('A') ? 'B' : 'A'}${params.Signature!.slice(1)}`;
    query.length = 0;
    query.push(...Object.entries(params));
  } else {
    const auth = authHeaders(kitOp.security, target.auth, target.kind);
    Object.assign(headers, auth.headers);
    query.push(...Object.entries(auth.query));
  }
  let search = query.map(([k, v]) => `${kit.runtime.percentEncode(k)}=${kit.runtime.percentEncode(v)}`).join('&');
  // The POST form of an RPC action: every parameter in a form body to "/", as Alibaba's SDKs send it.
  if (op.style === 'rpc' && method === 'POST' && body === undefined) {
    body = search;
    search = '';
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const pathAndQuery = `${path}${search ? `?${search}` : ''}`;
  addRequestSignatures({ path: pathAndQuery, headers, body });
  const response = await fetch(`${target.url}${pathAndQuery}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
    await response.body?.cancel();
    throw new Error(
      `${kitOp.label}: HTTP ${response.status} redirect to ${redirectTarget(response.headers.get('location')!, target.url)}; the suite does not follow redirects`,
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    text,
    contentType: response.headers.get('content-type') ?? '',
    headers: responseHeaders(response.headers),
    json,
  };
}

function responseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
