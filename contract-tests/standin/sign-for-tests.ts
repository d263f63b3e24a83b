/**
 * Builds signed RemoveBackendServers requests for the stand-in's own tests, from the
 * verifiers' building blocks. It is deliberately not the generated client's signer: the
 * stand-in must be proven against the documented vectors and itself, not against the code it
 * is meant to check.
 */
import { randomUUID } from 'node:crypto';
import { percentEncode } from './pop-encoding.js';
import { ACTION, API_VERSION, DEFAULT_ACCESS_KEY } from './server.js';
import { signV1, stringToSignV1 } from './verify-v1.js';
import { ALGORITHM_V3, canonicalRequestV3, hashPayloadV3, signV3, stringToSignV3 } from './verify-v3.js';

export interface TestCall {
  scheme: 'v1' | 'v3';
  method?: 'GET' | 'POST';
  /** API parameters: RegionId, LoadBalancerId, BackendServers, ... */
  params?: Record<string, string>;
  accessKeyId?: string;
  secret?: string;
  securityToken?: string;
  action?: string;
  version?: string;
  /** Timestamp (V1) or x-acs-date (V3); defaults to now. */
  timestamp?: string;
  nonce?: string;
  /** V1 parameter or V3 header names to leave out, e.g. 'Action' or 'x-acs-action'. */
  omit?: string[];
  /** V3: header names to leave out of SignedHeaders while still sending them. */
  leaveUnsigned?: string[];
  /** Changes the request after it was signed. */
  tamper?: (request: BuiltRequest) => void;
}

export interface BuiltRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
}

/** yyyy-MM-ddTHH:mm:ssZ, the format the gateway wants (no milliseconds). */
export function gatewayTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const formEncode = (params: Record<string, string>): string =>
  Object.entries(params)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');

function without(record: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => !names.includes(name)));
}

export function buildRequest(baseUrl: string, call: TestCall): BuiltRequest {
  const method = call.method ?? 'POST';
  const omit = call.omit ?? [];
  const url = new URL('/', baseUrl);
  const accessKeyId = call.accessKeyId ?? DEFAULT_ACCESS_KEY.id;
  const secret = call.secret ?? DEFAULT_ACCESS_KEY.secret;
  const api = call.params ?? {};

  if (call.scheme === 'v1') {
    const params = without(
      {
        Action: call.action ?? ACTION,
        Version: call.version ?? API_VERSION,
        Format: 'JSON',
        AccessKeyId: accessKeyId,
        SignatureMethod: 'HMAC-SHA1',
        SignatureVersion: '1.0',
        SignatureNonce: call.nonce ?? randomUUID(),
        Timestamp: call.timestamp ?? gatewayTimestamp(),
        ...(call.securityToken === undefined ? {} : { SecurityToken: call.securityToken }),
        ...api,
      },
      omit,
    );
    params.Signature = signV1(stringToSignV1(method, params), secret);
    const request: BuiltRequest = { url, method, headers: {}, body: undefined };
    if (method === 'GET') {
      url.search = formEncode(params);
    } else {
      request.headers['content-type'] = 'application/x-www-form-urlencoded';
      request.body = formEncode(params);
    }
    call.tamper?.(request);
    return request;
  }

  const body = method === 'POST' ? formEncode(api) : '';
  if (method === 'GET') url.search = formEncode(api);
  const headers = without(
    {
      host: url.host,
      'x-acs-action': call.action ?? ACTION,
      'x-acs-version': call.version ?? API_VERSION,
      'x-acs-date': call.timestamp ?? gatewayTimestamp(),
      'x-acs-signature-nonce': call.nonce ?? randomUUID().replaceAll('-', ''),
      'x-acs-content-sha256': hashPayloadV3(body),
      ...(call.securityToken === undefined ? {} : { 'x-acs-security-token': call.securityToken }),
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    omit,
  );
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => {
    query[name] = value;
  });
  const signedHeaders = Object.keys(headers)
    .filter((name) => !(call.leaveUnsigned ?? []).includes(name))
    .sort();
  const stringToSign = stringToSignV3(canonicalRequestV3({ method, path: '/', query, headers, body }, signedHeaders));
  headers.authorization = `${ALGORITHM_V3} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signV3(stringToSign, secret)}`;
  delete headers.host; // fetch sends the same value itself and refuses to be given it
  const request: BuiltRequest = { url, method, headers, body: method === 'POST' ? body : undefined };
  call.tamper?.(request);
  return request;
}

export interface TestResponse {
  status: number;
  contentType: string;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export async function send(baseUrl: string, call: TestCall, signal?: AbortSignal): Promise<TestResponse> {
  const request = buildRequest(baseUrl, call);
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}
