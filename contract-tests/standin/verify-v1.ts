/**
 * Alibaba Cloud RPC signature V1 (HMAC-SHA1), as documented in "Request signatures" for RPC
 * APIs: Signature = Base64(HMAC-SHA1(secret + '&', StringToSign)) with
 * StringToSign = METHOD + '&' + percentEncode('/') + '&' + percentEncode(CanonicalizedQueryString).
 * Pure functions; the stand-in and its test helper both build on them.
 */
import { createHmac } from 'node:crypto';
import { percentEncode, sameSignature } from './pop-encoding.js';

export interface Verification {
  ok: boolean;
  /** What the server signed; the real gateway echoes it in SignatureDoesNotMatch messages. */
  stringToSign: string;
}

/** Every parameter except Signature, sorted by name, each name and value percent-encoded. */
export function canonicalizedQueryV1(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
}

export function stringToSignV1(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalizedQueryV1(params))}`;
}

export function signV1(stringToSign: string, secret: string): string {
  // Signature V1: the HMAC key is the AccessKey secret followed by '&'.
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Checks params.Signature against the signature of every other parameter. */
export function verifyV1(method: string, params: Readonly<Record<string, string>>, secret: string): Verification {
  const stringToSign = stringToSignV1(method, params);
  const received = params.Signature;
  return {
    ok: received !== undefined && sameSignature(received, signV1(stringToSign, secret)),
    stringToSign,
  };
}
