import { createHmac, randomUUID } from 'node:crypto';

/**
 * The "hand-written" peer of the client bench: Alibaba RPC signature V1 in a dozen lines, the
 * way someone calling the API with the global fetch would write it (Alibaba Cloud "Request
 * signatures" for RPC APIs). Written here, not imported from our runtime, so the peer shares no
 * code with our client.
 */

/** POP percent-encoding: encodeURIComponent plus the five sub-delims it leaves alone. */
function popEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface V1Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** The signed query string (without `?`) of one RPC call; fresh nonce and timestamp each time. */
export function signedQueryV1(method: 'GET' | 'POST', params: Record<string, string>, credentials: V1Credentials): string {
  const all: Record<string, string> = {
    ...params,
    Format: 'JSON',
    AccessKeyId: credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const canonical = Object.keys(all)
    .sort()
    .map((key) => `${popEncode(key)}=${popEncode(all[key]!)}`)
    .join('&');
  // The key is the secret followed by "&" (Alibaba signature V1).
  const signature = createHmac('sha1', `${credentials.accessKeySecret}&`)
    .update(`${method}&${popEncode('/')}&${popEncode(canonical)}`)
    .digest('base64');
  return `${canonical}&Signature=${popEncode(signature)}`;
}
