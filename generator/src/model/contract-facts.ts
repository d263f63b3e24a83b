import { SpecError } from '../errors.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { ExampleModel, OperationModel } from './api-model.js';
import { type mergeParameters, parameterModel } from './parameters.js';
import { mediaExamples } from './responses.js';
import { securityOf } from './security.js';

/**
 * What a contract kit needs of one operation beyond what the client is printed from: every
 * parameter as it travels (inputs, fixed and signer-owned), each with its named examples; the
 * named examples of the request body; the security the spec asks for; whether the operation is
 * documented as read-only. Computed by build.ts in its one pass over the operation (required
 * fields of OperationModel), read by the mock, the contract suite and the stand-in
 * (generator/src/api.ts is their door in).
 */
export type ContractFacts = Pick<OperationModel, 'wireParameters' | 'bodyExamples' | 'security' | 'readOnly' | 'requestTexts'>;

type RawParameter = ReturnType<typeof mergeParameters>[number];

export const READ_ONLY_EXTENSION = 'x-slbkit-read-only';
/**
 * RPC actions whose names say they only read (Alibaba's naming: DescribeLoadBalancers,
 * ListTagResources, GetXxx, QueryXxx, CheckXxx): the ones a real-target contract run may call.
 */
const READ_ONLY_ACTION = /^(Describe|List|Get|Query|Check)[A-Z0-9]/;

export function contractFacts(
  document: JsonObject,
  at: string,
  op: JsonObject,
  raw: RawParameter[],
  rpc: boolean,
  method: string,
  callName: string,
): ContractFacts {
  return {
    wireParameters: raw.map((p) => parameterModel(document, p, rpc)),
    bodyExamples: bodyExamples(document, op.requestBody, `${at}/requestBody`),
    security: securityOf(document, op, at),
    readOnly: readOnly(op, rpc, method, callName, at),
    requestTexts: requestTexts(op),
  };
}

/**
 * Read-only, so safe to call on a real endpoint: `x-slbkit-read-only: true|false` when the spec
 * says; otherwise an HTTP operation by GET, HEAD or OPTIONS (RFC 9110 section 9.2.1, safe
 * methods) and an RPC action named Describe*, List*, Get*, Query* or Check* (an RPC action is
 * reachable by GET whatever it does, so the method says nothing there).
 */
function readOnly(op: JsonObject, rpc: boolean, method: string, callName: string, at: string): boolean {
  const marked = op[READ_ONLY_EXTENSION];
  if (marked !== undefined && typeof marked !== 'boolean')
    throw new SpecError(`${READ_ONLY_EXTENSION} must be true or false`, `${at}/${READ_ONLY_EXTENSION}`);
  if (typeof marked === 'boolean') return marked;
  return rpc ? READ_ONLY_ACTION.test(callName) : ['get', 'head', 'options'].includes(method);
}

function bodyExamples(document: JsonObject, raw: Json | undefined, at: string): ExampleModel[] {
  if (raw === undefined) return [];
  const body = deref(document, raw, at);
  return isObject(body) && isObject(body.content) ? mediaExamples(document, body.content, `${at}/content`) : [];
}

/** Verbatim request texts of a reference page (`x-slbkit-request-examples`), as written. */
function requestTexts(op: JsonObject): ExampleModel[] {
  const texts = op['x-slbkit-request-examples'];
  if (!isObject(texts)) return [];
  return Object.entries(texts).flatMap(([name, entry]) =>
    isObject(entry) && typeof entry.value === 'string' ? [{ name, mediaType: 'text/plain', value: entry.value }] : [],
  );
}
