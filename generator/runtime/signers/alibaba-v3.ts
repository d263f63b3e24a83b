import type { Credentials } from '../credentials.js';
import type { OutgoingRequest } from '../request.js';
import { signV3 } from '../signature-v3.js';
import type { Signer, Stamp } from './signer.js';

/**
 * Alibaba signature V3, ACS3-HMAC-SHA256 (Alibaba SDK docs, "V3 request structure and
 * signature"; the arithmetic is signature-v3.ts): the query travels as built, the signature in
 * the Authorization header beside host and the x-acs-* headers it signs.
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
    'x-acs-accesskey-id',
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

/**
 * The RPC common parameters that V3 carries in headers instead (Action, Version: x-acs-action,
 * x-acs-version) or not at all. The official runtime's V3 RPC request (@alicloud/openapi-core
 * 1.0.8, client.js `doRequest`) holds only the action's own parameters in its query.
 */
const RPC_COMMON = new Set([
  'Action',
  'Version',
  'AccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'SecurityToken',
  'Signature',
]);

/**
 * An RPC action signed with V3, as the official SDKs send it: the action's parameters in the
 * query, no Action, Version or Format pair. `Format=XML` stays: the caller asked for XML, and no
 * V3 header says so (the JSON default needs no pair).
 */
export const alibabaRpcV3: Signer<Credentials> = {
  owns: alibabaV3.owns,
  sign(request: OutgoingRequest, credentials: Credentials, stamp: Stamp): OutgoingRequest {
    const query = request.query.filter(([name, value]) => !RPC_COMMON.has(name) && !(name === 'Format' && value !== 'XML'));
    return alibabaV3.sign({ ...request, query }, credentials, stamp);
  },
};
