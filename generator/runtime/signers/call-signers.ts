import { type ClientOptions, setting } from '../context.js';
import { callCredentials } from '../credential-providers.js';
import type { Credentials } from '../credentials.js';
import type { OperationDescriptor } from '../operation.js';
import type { OutgoingRequest } from '../request.js';
import { alibabaV1 } from './alibaba-v1.js';
import { alibabaRpcV3, alibabaV3 } from './alibaba-v3.js';
import type { Stamp } from './signer.js';

/** The signers of one call, each bound to the credentials it signs with (looked up once per call). */
export interface CallSigners {
  steps: ((request: OutgoingRequest, stamp: Stamp) => OutgoingRequest)[];
  /** The Alibaba keys, when an Alibaba signer is named (their secret and token are redacted). */
  credentials?: Credentials;
  /** Every spec security value the caller gave, sent this time or not: never shown. */
  secrets: string[];
  /** Whether any credential goes on the wire (for the one warning about an http: endpoint). */
  sendsCredentials: boolean;
}

/**
 * The descriptor's signers with their credentials: the spec's security values chosen from the
 * `auth` option (auth.ts and its signer are loaded only by an operation that names it), and
 * Alibaba keys asked of the option or the chain only when an Alibaba signer is named, so an
 * unsigned operation never looks for them. A missing credential is a CredentialsError here,
 * before anything is sent.
 */
export async function callSigners(
  operation: OperationDescriptor,
  options: ClientOptions,
  signal: AbortSignal | undefined,
): Promise<CallSigners> {
  const call: CallSigners = { steps: [], secrets: [], sendsCredentials: false };
  for (const name of operation.signers) {
    if (name === 'spec-security') {
      const [{ placeAuth }, { specSecurity }] = await Promise.all([import('../auth.js'), import('./spec-security.js')]);
      const placement = placeAuth(operation.name, operation.security ?? [], operation.schemes ?? {}, options.auth);
      call.secrets.push(...placement.secrets);
      call.sendsCredentials ||= placement.add.length > 0;
      call.steps.push((request, stamp) => specSecurity.sign(request, placement, stamp));
    } else {
      const credentials = (call.credentials ??= await callCredentials(options.credentials, operation.name, signal));
      // The caller's signatureVersion, else the spec's default for the action (alibaba-rpc-v1), else DEFAULTS'.
      const version = name === 'alibaba-rpc-v1' ? (options.signatureVersion ?? 'v1') : setting(options, 'signatureVersion');
      const signer = name === 'alibaba-v3' ? alibabaV3 : version === 'v3' ? alibabaRpcV3 : alibabaV1;
      call.sendsCredentials = true;
      call.steps.push((request, stamp) => signer.sign(request, credentials, stamp));
    }
  }
  return call;
}

/** One attempt's request through the call's signers, in order, under one stamp. */
export function signRequest(request: OutgoingRequest, call: CallSigners, stamp: Stamp): OutgoingRequest {
  return call.steps.reduce((signed, step) => step(signed, stamp), request);
}
