import { randomUUID } from 'node:crypto';
import { percentEncode, signV1 } from '../../generated/dist/runtime/signature-v1.js';
import type { ContractTarget } from './target.js';

/** The RPC common parameters a signer writes; a real target gets fresh ones on every request. */
export const SIGNER_PARAMETERS = ['Format', 'AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'SecurityToken'];

export interface WireAnswer {
  status: number;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * Send query parameters as they are (the mock checks them as written), or, for a real target,
 * with the signer's parameters replaced by fresh ones and signed with V1: a real gateway checks
 * the signature first, and the case under test must reach the action.
 */
export async function sendWire(target: ContractTarget, wire: Record<string, string>, method: 'GET' | 'POST' = 'GET', options: { form?: boolean } = {}): Promise<WireAnswer> {
  let query = wire;
  if (target.kind === 'real') {
    const params: Record<string, string> = Object.fromEntries(Object.entries(wire).filter(([name]) => !SIGNER_PARAMETERS.includes(name)));
    Object.assign(params, {
      Format: 'JSON',
      AccessKeyId: target.credentials.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(target.credentials.securityToken ? { SecurityToken: target.credentials.securityToken } : {}),
    });
    params.Signature = signV1(method, params, target.credentials.accessKeySecret);
    query = params;
  }
  const search = Object.entries(query)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  // By POST, `form` sends the parameters as an application/x-www-form-urlencoded body, as pop-core does.
  const form = method === 'POST' && options.form === true;
  const response = await fetch(form ? `${target.url}/` : `${target.url}/?${search}`, {
    method,
    headers: { accept: 'application/json', ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: search } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

