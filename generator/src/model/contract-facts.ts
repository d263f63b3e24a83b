import { pointer, pointerToken, SpecError } from '../errors.js';
import { HTTP_METHODS } from '../load/openapi-document.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { ApiModel, ExampleModel, OperationModel, ParameterModel, ResponseModel, SecurityRequirementModel } from './api-model.js';
import { mergeParameters, parameterModel } from './parameters.js';
import { mediaExamples } from './responses.js';
import { securityOf } from './security.js';

/**
 * What a contract kit needs of one operation beyond what the client is printed from: every
 * parameter as it travels (inputs, fixed and signer-owned), each with its named examples; the
 * named examples of the request body; the security the spec asks for; whether the operation is
 * documented as read-only. Plain data on the model, read by the mock, the contract suite and the
 * stand-in (generator/src/api.ts is their door in).
 */
export interface ContractFacts {
  wireParameters: ParameterModel[];
  bodyExamples: ExampleModel[];
  security: SecurityRequirementModel[];
  readOnly: boolean;
  requestTexts: ExampleModel[];
}

type RawParameter = ReturnType<typeof mergeParameters>[number];

/**
 * The model with the contract facts of each operation added (from the raw operation its
 * operationId names; an RPC action reachable by GET and POST takes the first method's), and the
 * body schema of each response. A copy: the model the emitters print from is not changed.
 */
export function withContractFacts(document: JsonObject, model: ApiModel): ApiModel {
  const byId = new Map(model.operations.flatMap((op) => op.sourceOperationIds.map((id) => [id, op] as const)));
  const facts = new Map<OperationModel, ContractFacts & { responses: Map<number, Record<string, Json>> }>();
  for (const [path, rawItem] of Object.entries(document.paths as JsonObject)) {
    const itemAt = pointer('paths', path);
    const item = deref(document, rawItem, itemAt) as JsonObject;
    for (const method of Object.keys(item).filter((key) => (HTTP_METHODS as readonly string[]).includes(key))) {
      const op = item[method];
      if (!isObject(op)) continue;
      const model = byId.get(String(op.operationId));
      if (!model || facts.has(model)) continue;
      const at = pointer('paths', path, method);
      const raw = mergeParameters(document, item.parameters, op.parameters, itemAt, at);
      facts.set(model, {
        ...contractFacts(document, at, op, raw, model.style === 'rpc', method, model.action ?? model.operationId),
        responses: responseSchemas(document, op.responses, `${at}/responses`),
      });
    }
  }
  return {
    ...model,
    operations: model.operations.map((op) => {
      const found = facts.get(op);
      if (!found) return op;
      const { responses, ...rest } = found;
      const withSchemas = (r: ResponseModel): ResponseModel => ({ ...r, schemas: responses.get(r.status) ?? {} });
      return { ...op, ...rest, success: withSchemas(op.success), errors: op.errors.map(withSchemas) };
    }),
  };
}

/** The body schema of each response's media types, by status (0 for `default`, as ResponseModel has it). */
function responseSchemas(document: JsonObject, responses: Json | undefined, at: string): Map<number, Record<string, Json>> {
  const out = new Map<number, Record<string, Json>>();
  if (!isObject(responses)) return out;
  for (const [code, raw] of Object.entries(responses)) {
    const response = deref(document, raw, `${at}/${pointerToken(code)}`);
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    const schemas = Object.fromEntries(
      Object.entries(content).flatMap(([type, media]) => (isObject(media) && media.schema !== undefined ? [[type, media.schema]] : [])),
    );
    out.set(code === 'default' ? 0 : Number(code), schemas);
  }
  return out;
}

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
  const wireParameters = raw.map((p) => ({ ...parameterModel(document, p, rpc), examples: parameterExamples(document, p) }));
  return {
    wireParameters,
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

/** A parameter's named examples (`examples`, `example`, or its content's), values resolved. */
function parameterExamples(document: JsonObject, raw: RawParameter): ExampleModel[] {
  const { object, at } = raw;
  if (isObject(object.content))
    return mediaExamples(document, object.content, `${at}/content`).map((e) => ({ ...e, mediaType: 'parameters' }));
  const found: ExampleModel[] = [];
  if (object.example !== undefined) found.push({ name: 'example', mediaType: 'parameters', value: object.example });
  if (isObject(object.examples)) {
    for (const [name, entry] of Object.entries(object.examples)) {
      const example = deref(document, entry, `${at}/examples/${pointerToken(name)}`);
      if (isObject(example) && example.value !== undefined) found.push({ name, mediaType: 'parameters', value: example.value as Json });
    }
  }
  return found;
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
