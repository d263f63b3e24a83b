import type { Credentials } from '../credentials.js';
import { type OutgoingRequest, queryText, withLastPair, withQuery } from '../request.js';
import { signCanonicalV1 } from '../signature-v1.js';
import type { Signer, Stamp } from './signer.js';

/**
 * Alibaba RPC signature V1, HMAC-SHA1 over the canonical query ("Request structure" and
 * "Signature method" of the RPC docs; the arithmetic is signature-v1.ts). The canonical query is
 * both what is signed and what travels, `Signature` last. By POST it all goes as a form body,
 * as @alicloud/pop-core sends it (lib/rpc.js), so a long list does not meet a URL length limit.
 */
export const alibabaV1: Signer<Credentials> = {
  owns: ['AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'SecurityToken', 'Signature'],
  sign(request: OutgoingRequest, credentials: Credentials, stamp: Stamp): OutgoingRequest {
    const common: [string, string][] = [
      ['AccessKeyId', credentials.accessKeyId],
      ['SignatureMethod', 'HMAC-SHA1'],
      ['SignatureVersion', '1.0'],
      ['SignatureNonce', stamp.nonce],
      ['Timestamp', stamp.date],
      ...(credentials.securityToken ? [['SecurityToken', credentials.securityToken] as [string, string]] : []),
    ];
    // `Signature` is the output of signing, never an input of it (the generator refuses it as a parameter too).
    const canonical = withQuery(
      request.query.filter(([name]) => name !== 'Signature'),
      common,
    );
    const signature = signCanonicalV1(request.method as 'GET' | 'POST', queryText(canonical), credentials.accessKeySecret);
    const query = withLastPair(canonical, 'Signature', signature);
    if (request.method !== 'POST') return { ...request, query };
    return {
      ...request,
      query: [],
      headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: queryText(query),
    };
  },
};
