import type { OutgoingRequest } from '../request.js';

/**
 * The signers an operation descriptor can name, in the order they sign (operation.ts `signers`),
 * chosen once by the generator from the spec (model/security.ts):
 * - `spec-security`: the spec's own security schemes (http basic, bearer, apiKey), values from
 *   the client's `auth` option (auth.ts);
 * - `alibaba-rpc`: Alibaba's RPC signature, V1 (signature-v1.ts) or V3 (signature-v3.ts) as the
 *   client's `signatureVersion` says;
 * - `alibaba-rpc-v1`: the same, V1 when that option is not given (`x-slbkit-signature: v1`);
 * - `alibaba-v3`: Alibaba signature V3 whatever that option says (`x-slbkit-signature: v3`).
 * None named: the request travels as built, and no Alibaba credentials are looked up.
 */
export type SignerName = 'spec-security' | 'alibaba-rpc' | 'alibaba-rpc-v1' | 'alibaba-v3';

/** The time and nonce of one attempt: each attempt is signed anew (Alibaba refuses a reused nonce). */
export interface Stamp {
  /** ISO 8601 UTC without milliseconds, e.g. 2023-10-26T10:22:32Z (Alibaba's Timestamp form). */
  date: string;
  /** Unique per attempt. */
  nonce: string;
}

/**
 * One scheme that puts credentials on a request. `owns` lists the query parameters and
 * (lower-case) headers it writes, which the generator never takes as inputs (model/parameters.ts
 * SIGNER_OWNED, model/names.ts). `sign` is pure: the credentials and the stamp come in, nothing
 * reads a clock; it returns a new request and leaves the one given as it was.
 */
export interface Signer<Keys> {
  readonly owns: readonly string[];
  sign(request: OutgoingRequest, credentials: Keys, stamp: Stamp): OutgoingRequest;
}

/** A fresh stamp: a random UUID (Web Crypto's, global on Node 20 as in browsers) and the current second. */
export function newStamp(): Stamp {
  // Alibaba's Timestamp is yyyy-MM-ddTHH:mm:ssZ: no milliseconds.
  return { date: `${new Date().toISOString().slice(0, 19)}Z`, nonce: globalThis.crypto.randomUUID() };
}
