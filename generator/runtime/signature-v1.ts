/**
 * Alibaba Cloud RPC signature V1 (HMAC-SHA1), the scheme SLB's RPC actions
 * (RemoveBackendServers and friends) accept with `SignatureVersion=1.0`.
 *
 * Source: Alibaba Cloud "Request signatures" for RPC APIs (ECS API reference,
 * worked example DescribeRegions / testid / testsecret), cross-checked against
 * @alicloud/pop-core 1.8.0 lib/rpc.js (`encode`, `normalize`, `canonicalize`).
 *
 * Pure: the caller supplies every parameter, including Timestamp and
 * SignatureNonce, so the same input always gives the same signature.
 */
import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from './node-crypto.js';

export type RpcMethod = 'GET' | 'POST';

/** The parameter that carries the result; it never signs itself. */
const SIGNATURE_PARAM = 'Signature';

/**
 * POP percent-encoding: RFC 3986, where only A-Z a-z 0-9 - _ . ~ stay as-is
 * and every other UTF-8 byte becomes %XX (upper-case hex).
 *
 * The docs give the Java recipe (URLEncoder, then `+`->%20, `*`->%2A,
 * %7E->~). encodeURIComponent already writes space as %20, `+` as %2B and
 * leaves `~` alone, so here only the five sub-delims it keeps, `!'()*`,
 * need encoding — the same steps pop-core's `encode` takes.
 */
const UNRESERVED_ONLY = /^[A-Za-z0-9_.~-]*$/;

export function percentEncode(value: string): string {
  // Most names and values (IDs, the action, the version) need no encoding: skip the work.
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone UTF-16 surrogate has no UTF-8 form, so no server could check it.
    throw new TypeError(`percentEncode: ${JSON.stringify(value)} holds a lone surrogate and cannot be UTF-8 encoded`);
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonicalized query string: parameters sorted by name (UTF-16 code-unit
 * order, i.e. Array#sort's default, which is what pop-core's `Object.keys().sort()`
 * does), each written `enc(name)=enc(value)`, joined by `&`.
 * `Signature` is left out: it is the output of signing, not an input.
 */
export function canonicalizedQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== SIGNATURE_PARAM)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
}

/**
 * StringToSign = METHOD & percentEncode("/") & percentEncode(canonicalized query).
 * The canonicalized query is encoded a second time, so `:` in a Timestamp ends
 * up as %253A (the docs' example shows exactly that).
 */
export function stringToSignV1(method: RpcMethod, params: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

/**
 * Signature = Base64(HMAC-SHA1(key, StringToSign)). The key is the
 * AccessKey secret followed by `&` (the docs: "AccessKeySecret + '&'").
 */
export function signV1(method: RpcMethod, params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  return signCanonicalV1(method, canonicalizedQuery(params), accessKeySecret);
}

/**
 * The same signature from an already canonicalized query: a client that sends the canonical
 * query as its URL computes it once for both.
 */
export function signCanonicalV1(method: RpcMethod, canonicalQuery: string, accessKeySecret: string): string {
  const stringToSign = `${method}&%2F&${percentEncode(canonicalQuery)}`;
  return nodeCrypto().createHmac('sha1', hmacKey(accessKeySecret)).update(stringToSign, 'utf8').digest('base64');
}

// One KeyObject per secret, kept for the last secret used: a client signs every call with the
// same one, and building the key from a string each time is a measurable part of signing.
let lastSecret: string | undefined;
let lastKey: KeyObject | undefined;
function hmacKey(accessKeySecret: string): KeyObject {
  if (lastSecret !== accessKeySecret || !lastKey) {
    lastKey = nodeCrypto().createSecretKey(Buffer.from(`${accessKeySecret}&`, 'utf8'));
    lastSecret = accessKeySecret;
  }
  return lastKey;
}
