/**
 * Alibaba Cloud signature V3 (ACS3-HMAC-SHA256), as documented in "Request syntax and
 * signature method V3":
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 *                      SignedHeaders \n HashedRequestPayload
 *   StringToSign     = 'ACS3-HMAC-SHA256' \n hex(SHA256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(secret, StringToSign))
 * Pure functions; the stand-in and its test helper both build on them.
 */
import { createHash, createHmac } from 'node:crypto';
import { percentEncode, sameSignature } from './pop-encoding.js';
import type { Verification } from './verify-v1.js';

export const ALGORITHM_V3 = 'ACS3-HMAC-SHA256';

export interface AuthorizationV3 {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** The parts of a request that V3 signs. Header names are lower case, as node:http gives them. */
export interface RequestV3 {
  method: string;
  /** For RPC APIs the canonical URI is always "/". */
  path: string;
  query: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string | undefined>>;
  body: string | Uint8Array;
}

/** `ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>`; undefined if malformed. */
export function parseAuthorizationV3(header: string): AuthorizationV3 | undefined {
  const prefix = `${ALGORITHM_V3} `;
  if (!header.startsWith(prefix)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(prefix.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

/** HashedRequestPayload and the x-acs-content-sha256 header: lower-case hex SHA-256 of the body. */
export function hashPayloadV3(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

export function canonicalQueryStringV3(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(query[name] ?? '')}`)
    .join('&');
}

/**
 * The server lower-cases and sorts the signed header names itself, so a client that sends
 * them unsorted fails here exactly as it would against the real gateway.
 */
export function canonicalRequestV3(request: RequestV3, signedHeaders: readonly string[]): string {
  const names = signedHeaders.map((name) => name.toLowerCase()).sort();
  const canonicalHeaders = names.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`).join('');
  return [
    request.method.toUpperCase(),
    request.path,
    canonicalQueryStringV3(request.query),
    canonicalHeaders,
    names.join(';'),
    hashPayloadV3(request.body),
  ].join('\n');
}

export function stringToSignV3(canonicalRequest: string): string {
  return `${ALGORITHM_V3}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
}

export function signV3(stringToSign: string, secret: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('hex');
}

/**
 * V3 requires host and every x-acs-* header the request carries to be signed
 * ("all common request headers except Authorization"); returns the ones left out.
 */
export function unsignedRequiredHeaders(headers: Readonly<Record<string, string | undefined>>, signedHeaders: readonly string[]): string[] {
  const signed = new Set(signedHeaders.map((name) => name.toLowerCase()));
  return Object.keys(headers)
    .filter((name) => (name === 'host' || name.startsWith('x-acs-')) && headers[name] !== undefined)
    .filter((name) => !signed.has(name))
    .sort();
}

export function verifyV3(request: RequestV3, authorization: AuthorizationV3, secret: string): Verification & { canonicalRequest: string } {
  const canonicalRequest = canonicalRequestV3(request, authorization.signedHeaders);
  const stringToSign = stringToSignV3(canonicalRequest);
  return {
    ok: sameSignature(authorization.signature, signV3(stringToSign, secret)),
    stringToSign,
    canonicalRequest,
  };
}
