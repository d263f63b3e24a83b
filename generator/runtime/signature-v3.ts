/**
 * Alibaba Cloud request signature V3, ACS3-HMAC-SHA256: one scheme for RPC
 * and ROA APIs, carried in the Authorization header instead of the query.
 *
 * Source: Alibaba Cloud SDK docs, "V3 request structure and signature"
 * (help/en/sdk/product-overview/v3-request-structure-and-signature), whose
 * fixed-value example (RunInstances on ecs.cn-shanghai.aliyuncs.com) the tests
 * reproduce step by step.
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
 *                      CanonicalHeaders \n SignedHeaders \n HashedRequestPayload
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
 *
 * Pure: the date and nonce come in with the call; nothing reads a clock or
 * draws a random number here.
 */
import { nodeCrypto } from './node-crypto.js';
import { percentEncode } from './signature-v1.js';

export const SIGNATURE_ALGORITHM_V3: 'ACS3-HMAC-SHA256' = 'ACS3-HMAC-SHA256';

export interface V3Request {
  method: string;
  host: string;
  /** Raw path, segments not yet percent-encoded; RPC APIs always use "/". */
  pathname: string;
  query: Readonly<Record<string, string | readonly string[]>>;
  headers: Readonly<Record<string, string>>;
  /** Exact bytes to send (a string as UTF-8); "" when the request has no body. */
  body: string | Uint8Array;
}

export interface V3Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token; when present it travels (and is signed) as x-acs-security-token, beside x-acs-accesskey-id. */
  securityToken?: string;
}

export interface V3Stamp {
  /** ISO 8601 UTC without milliseconds, e.g. 2023-10-26T10:22:32Z. */
  date: string;
  /** Unique per request; the server rejects a nonce it has seen (replay guard). */
  nonce: string;
}

function sha256Hex(text: string | Uint8Array): string {
  const hash = nodeCrypto().createHash('sha256');
  return (typeof text === 'string' ? hash.update(text, 'utf8') : hash.update(text)).digest('hex');
}

/** HashedRequestPayload: lower-case hex SHA-256 of the body (of "" when there is none). */
export function hashedPayload(body: string | Uint8Array): string {
  return sha256Hex(body);
}

/** CanonicalURI: each path segment percent-encoded, the `/` separators kept. */
export function canonicalUri(pathname: string): string {
  return pathname === '' ? '/' : pathname.split('/').map(percentEncode).join('/');
}

/**
 * CanonicalQueryString: parameters sorted by name (code-unit order), each
 * `enc(name)=enc(value)` with the same RFC 3986 encoding as V1; a parameter
 * with an empty value is written `name=`. No parameter is excluded: unlike
 * V1, the signature does not live in the query.
 */
export function canonicalQueryV3(query: Readonly<Record<string, string | readonly string[]>>): string {
  // A repeated name (OpenAPI form style, explode) is written once per value, in the order given.
  return Object.keys(query)
    .sort()
    .flatMap((name) => [query[name] ?? ''].flat().map((value) => `${percentEncode(name)}=${percentEncode(value)}`))
    .join('&');
}

/**
 * The headers that take part in the signature: host, content-type and every
 * x-acs-* header (the docs: all common request headers except Authorization).
 * Names are lower-case, sorted.
 */
export function signedHeaderNames(headers: Readonly<Record<string, string>>): string[] {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort();
}

/** Lower-cases header names so lookups and sorting do not depend on the caller's spelling. */
function lowerCaseNames(headers: Readonly<Record<string, string>>): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  return lowered;
}

/**
 * CanonicalRequest for a request whose `headers` already hold every header to
 * send (host and the x-acs-* set included). CanonicalHeaders lines are
 * `name:trimmed value\n`, so the block ends with a newline before the
 * SignedHeaders line.
 */
export function canonicalRequestV3(request: V3Request): string {
  const headers = lowerCaseNames(request.headers);
  const names = signedHeaderNames(headers);
  const canonicalHeaders = names.map((name) => `${name}:${(headers[name] ?? '').trim()}\n`).join('');
  return [
    request.method.toUpperCase(),
    canonicalUri(request.pathname),
    canonicalQueryV3(request.query),
    canonicalHeaders,
    names.join(';'),
    hashedPayload(request.body),
  ].join('\n');
}

/** StringToSign = algorithm, newline, hex SHA-256 of the canonical request. */
export function stringToSignV3(canonicalRequest: string): string {
  return `${SIGNATURE_ALGORITHM_V3}\n${sha256Hex(canonicalRequest)}`;
}

/** Signature = hex HMAC-SHA256 keyed by the bare secret (no `&` suffix, unlike V1). */
export function signatureV3(stringToSign: string, accessKeySecret: string): string {
  return nodeCrypto().createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
}

/** Authorization: `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>` (no spaces after commas). */
export function authorizationV3(accessKeyId: string, signedHeaders: readonly string[], signature: string): string {
  return `${SIGNATURE_ALGORITHM_V3} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
}

/**
 * The header set to send before signing: the caller's headers (names
 * lower-cased) plus the protocol headers, which win over any caller value of
 * the same name so the signed request is the one the docs describe.
 */
export function protocolHeadersV3(
  request: V3Request,
  credentials: V3Credentials,
  stamp: V3Stamp,
  action: string,
  version: string,
): Record<string, string> {
  const headers = lowerCaseNames(request.headers);
  delete headers.authorization;
  Object.assign(headers, {
    host: request.host,
    'x-acs-action': action,
    'x-acs-version': version,
    'x-acs-date': stamp.date,
    'x-acs-signature-nonce': stamp.nonce,
    'x-acs-content-sha256': hashedPayload(request.body),
  });
  // With STS keys the official runtime (@alicloud/openapi-core 1.0.8, client.js doRequest) sends the
  // token and the AccessKeyId it belongs to, both signed: x-acs-security-token and x-acs-accesskey-id.
  if (credentials.securityToken)
    Object.assign(headers, { 'x-acs-accesskey-id': credentials.accessKeyId, 'x-acs-security-token': credentials.securityToken });
  return headers;
}

/** Signs a request: returns every header to send, Authorization included. */
export function signV3(
  request: V3Request,
  credentials: V3Credentials,
  stamp: V3Stamp,
  action: string,
  version: string,
): Record<string, string> {
  const headers = protocolHeadersV3(request, credentials, stamp, action, version);
  const signature = signatureV3(stringToSignV3(canonicalRequestV3({ ...request, headers })), credentials.accessKeySecret);
  return { ...headers, authorization: authorizationV3(credentials.accessKeyId, signedHeaderNames(headers), signature) };
}
