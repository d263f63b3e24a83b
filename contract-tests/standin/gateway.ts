/**
 * The gateway in front of every action (as LocalStack splits its request gateway from each
 * service's provider): reads the request (query and POST form), routes by Action and Version,
 * and authenticates it with signature V1 or V3 using this folder's own verifiers (never the
 * generated client's signer, so the two cannot share a bug). Authentication is a function of the
 * request, the keys and the gateway's clock and nonce memory; it never looks at the action's
 * parameters beyond the common ones.
 */
import type { IncomingMessage } from 'node:http';
import { ERRORS, GatewayError, invalid, missing } from './errors.js';
import { verifyV1 } from './verify-v1.js';
import { parseAuthorizationV3, unsignedRequiredHeaders, verifyV3 } from './verify-v3.js';

/** The gateway rejects a Timestamp / x-acs-date more than 15 minutes away from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface AccessKey {
  secret: string;
  /** Set for STS credentials: requests must carry exactly this token. */
  securityToken?: string;
}

/**
 * Used nonces, bounded by time instead of growing for the life of the process: a request whose
 * timestamp is more than MAX_CLOCK_SKEW_MS from the clock is refused before its nonce is looked
 * at, so a nonce whose request time is older than that can never be replayed and is dropped.
 */
export class NonceMemory {
  readonly #seen = new Map<string, number>();
  #nextSweep = 1024;
  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.#seen.size;
  }

  has(key: string): boolean {
    return this.#seen.has(key);
  }

  add(key: string, requestTime: number): void {
    this.#seen.set(key, requestTime);
    // Sweep when the map has doubled since the last sweep: amortised O(1) per request.
    if (this.#seen.size < this.#nextSweep) return;
    const oldest = this.now() - MAX_CLOCK_SKEW_MS;
    for (const [seenKey, time] of this.#seen) if (time < oldest) this.#seen.delete(seenKey);
    this.#nextSweep = Math.max(1024, this.#seen.size * 2);
  }
}

/** A request as the gateway reads it. */
export interface GatewayRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Query and form body merged; the body wins, as on the gateway. */
  params: Record<string, string>;
  /** Lower-case names, repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface GatewayContext {
  /** The gateway's clock in epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  /**
   * Nonces already used, as `${accessKeyId}\n${nonce}`; authenticate adds the request's own
   * (with the request's timestamp) once its signature verified, so that a forged request cannot
   * burn a legitimate client's nonce. Defaults to none (no replay memory). A long-running
   * server passes a NonceMemory, which forgets what can no longer be replayed.
   */
  nonces?: { has(key: string): boolean; add(key: string, requestTime: number): unknown };
  /** Action -> the API version it answers; an Action not listed is not found. */
  versions?: Readonly<Record<string, string>>;
}

export type Authentication = { ok: true; accessKeyId: string; action: string } | { ok?: false; error: GatewayError };

/** URL, headers and raw body -> the gateway's view; a form body counts only when declared as one. */
export function readGatewayRequest(method: string, url: URL, headers: Record<string, string>, body: Buffer): GatewayRequest {
  const query = toRecord(url.searchParams);
  const isForm = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const form = isForm ? toRecord(new URLSearchParams(body.toString('utf8'))) : {};
  return { method, path: url.pathname, query, params: { ...query, ...form }, headers, body };
}

export function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function toRecord(search: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  search.forEach((value, name) => {
    record[name] = value;
  });
  return record;
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

/** Who sent the request, or the gateway's error, in the order the gateway checks. */
export function authenticate(
  request: GatewayRequest,
  keys: Readonly<Record<string, AccessKey>>,
  context: GatewayContext = {},
): Authentication {
  try {
    return { ok: true, ...check(request, keys, context) };
  } catch (error) {
    if (error instanceof GatewayError) return { error };
    throw error;
  }
}

function check(request: GatewayRequest, keys: Readonly<Record<string, AccessKey>>, context: GatewayContext) {
  const { method, path, params, headers } = request;
  const versions = context.versions ?? {};
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

  if (common.action === undefined || !Object.hasOwn(versions, common.action)) throw new GatewayError('InvalidAction.NotFound');
  if (common.version !== versions[common.action]) throw new GatewayError('InvalidVersion');
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
  const requestTime = parseTimestamp(date);
  if (Math.abs((context.now ?? Date.now)() - requestTime) > MAX_CLOCK_SKEW_MS) throw new GatewayError('InvalidTimeStamp.Expired');

  const key = Object.hasOwn(keys, common.accessKeyId) ? keys[common.accessKeyId] : undefined;
  if (!key) throw new GatewayError('InvalidAccessKeyId.NotFound');
  if (v3) {
    const unsigned = unsignedRequiredHeaders(headers, v3.signedHeaders);
    if (unsigned.length > 0) {
      throw new GatewayError('IncompleteSignature', `${ERRORS.IncompleteSignature[1]} Unsigned headers: ${unsigned.join(', ')}.`);
    }
  }
  const verification = v3
    ? verifyV3({ method, path, query: request.query, headers, body: request.body }, v3, key.secret)
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
  if (context.nonces?.has(nonceKey)) throw new GatewayError('SignatureNonceUsed');
  context.nonces?.add(nonceKey, requestTime);
  return { accessKeyId: common.accessKeyId, action: common.action };
}
