/**
 * The gateway's error codes, statuses, messages and JSON body, shared by the gateway (which
 * authenticates) and the actions (which judge parameter values and state).
 */
import { randomUUID } from 'node:crypto';

export const HOST_ID = 'slb.aliyuncs.com';

/**
 * Codes, statuses and messages as the Alibaba Cloud gateway answers them. Where the brief left
 * the choice open: a missing Action is treated like an unknown one (404), and any difference
 * between the key's STS token and the request's (wrong, missing or unexpected) is a mismatch.
 */
export const ERRORS = {
  'InvalidAction.NotFound': [404, 'Specified api is not found, please check your url and method.'],
  InvalidVersion: [400, 'Specified parameter Version is not valid.'],
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
  SignatureDoesNotMatch: [400, 'Specified signature is not matched with our calculation.'],
  IncompleteSignature: [400, 'The request signature does not conform to Aliyun standards.'],
  SignatureNonceUsed: [400, 'Specified signature nonce was used already.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  'InvalidTimeStamp.Format': [400, 'Specified time stamp or date value is not well formatted.'],
  'InvalidSecurityToken.MismatchWithAccessKey': [400, 'Specified SecurityToken mismatch with the AccessKey.'],
  MissingParameter: [400, 'The input parameter that is mandatory for processing this request is not supplied.'],
  InvalidParameter: [400, 'The specified parameter is not valid.'],
  'InvalidLoadBalancerId.NotFound': [404, 'The specified load balancer does not exist.'],
  // api-docs.json, DeleteLoadBalancer's error codes (generator/test/fixtures/alibaba/).
  'OperationDenied.DeleteProtectionIsOn': [400, 'The loadbalancer can not be deleted due to DeleteProtection is enabled.'],
  'Throttling.User': [400, 'Request was denied due to user flow control.'],
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.'],
  InternalError: [500, 'The request processing has failed due to some unknown error, exception or failure.'],
} as const satisfies Record<string, readonly [number, string]>;
export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? ERRORS[code][1]);
  }
}

export const missing = (name: string): GatewayError =>
  new GatewayError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

export const invalid = (name: string, why: string): GatewayError =>
  new GatewayError('InvalidParameter', `The specified parameter "${name}" is not valid: ${why}.`);

/** What the server writes: status, content type, body, and the request id it also sends as a header. */
export interface Answer {
  status: number;
  code?: string;
  contentType: string;
  body: string;
  requestId: string;
}

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** The gateway's JSON error body: RequestId, HostId, Code, Message, Recommend. */
export function errorAnswer(code: ErrorCode, message: string = ERRORS[code][1]): Answer {
  const requestId = newRequestId();
  const body = {
    RequestId: requestId,
    HostId: HOST_ID,
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=Slb&requestId=${requestId}`,
  };
  return { status: ERRORS[code][0], code, contentType: 'application/json;charset=utf-8', body: JSON.stringify(body), requestId };
}
