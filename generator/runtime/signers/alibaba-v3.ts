import type { Credentials } from '../credentials.js';
import type { OutgoingRequest } from '../request.js';
import { signV3 } from '../signature-v3.js';
import type { Signer, Stamp } from './signer.js';

/**
 * Alibaba signature V3, ACS3-HMAC-SHA256 (Alibaba SDK docs, "V3 request structure and
 * signature"; the arithmetic is signature-v3.ts): the canonical query travels as built, the
 * signature in the Authorization header beside host and the x-acs-* headers it signs.
 */
export const alibabaV3: Signer<Credentials> = {
  owns: [
    'authorization',
    'host',
    'x-acs-action',
    'x-acs-version',
    'x-acs-date',
    'x-acs-signature-nonce',
    'x-acs-content-sha256',
    'x-acs-security-token',
  ],
  sign(request: OutgoingRequest, credentials: Credentials, stamp: Stamp): OutgoingRequest {
    const query: Record<string, string[]> = {};
    for (const [name, value] of request.query) (query[name] ??= []).push(value);
    const headers = signV3(
      { method: request.method, host: request.host, pathname: request.path, query, headers: request.headers, body: request.body ?? '' },
      credentials,
      stamp,
      request.action,
      request.version,
    );
    return { ...request, headers };
  },
};
