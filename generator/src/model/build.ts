import { basename } from 'node:path';
import { SpecError, pointer } from '../errors.js';
import { HTTP_METHODS, type LoadedSpec } from '../load/openapi-document.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { ApiModel, OperationModel } from './api-model.js';
import { checkMethodNames, checkSpecNames, methodNameOf, upperCamel } from './names.js';
import { SIGNER_OWNED, fixedParameter, mergeParameters, parameterModel } from './parameters.js';
import { responseModels } from './responses.js';
import { defaultEndpoint } from './servers.js';
import { typesDocument } from './types-document.js';
import { xmlShape } from './xml-shape.js';

/** spec -> model: every operation of the document, RPC actions grouped across their methods. */
export function buildApiModel(spec: LoadedSpec): ApiModel {
  const { document } = spec;
  const info = document.info as JsonObject;
  const components = isObject(document.components) ? document.components : {};
  checkSpecNames(document);
  const operations: OperationModel[] = [];
  for (const [path, rawItem] of Object.entries(document.paths as JsonObject)) {
    const itemAt = pointer('paths', path);
    const item = deref(document, rawItem, itemAt) as JsonObject;
    // Document order, not HTTP_METHODS order: httpMethods[0] is the default method, documented
    // as "the first the spec lists" (a spec listing post before get used to default to GET).
    for (const method of Object.keys(item).filter((key): key is (typeof HTTP_METHODS)[number] => (HTTP_METHODS as readonly string[]).includes(key))) {
      if (!isObject(item[method])) continue;
      const model = operationModel(document, String(info.version), path, method, item, item[method] as JsonObject);
      const sameAction = model.action && operations.find((o) => o.action === model.action && o.path === path);
      if (sameAction) {
        // One RPC action reachable by GET and POST is one client method with a choice of method.
        sameAction.httpMethods.push(...model.httpMethods);
        sameAction.sourceOperationIds.push(model.operationId);
      } else {
        operations.push(model);
      }
    }
  }
  checkMethodNames(operations);
  return {
    title: String(info.title),
    apiVersion: String(info.version),
    specName: basename(spec.file),
    defaultEndpoint: defaultEndpoint(document),
    operations,
    componentSchemas: isObject(components.schemas) ? components.schemas : {},
    typesDocument: typesDocument(document),
  };
}

function operationModel(document: JsonObject, apiVersion: string, path: string, method: string, item: JsonObject, op: JsonObject): OperationModel {
  const at = pointer('paths', path, method);
  const operationId = String(op.operationId);
  const raw = mergeParameters(document, item.parameters, op.parameters, pointer('paths', path), at);
  // Checked on every parameter, fixed ones included, and pointing at the parameter itself: the
  // runtime places only query, header and path parameters, so a cookie would silently never be sent.
  for (const p of raw) {
    if (p.object.in === 'cookie') throw new SpecError(`cookie parameter "${String(p.object.name)}" is not supported`, `${p.at}/in`, 'send it as a header parameter');
  }
  checkPathTemplate(path, raw);
  const fixed = raw.map((p) => fixedParameter(document, p)).filter((p) => p !== undefined);
  const actionParam = fixed.find((p) => p.name === 'Action' && p.in === 'query');
  // Alibaba RPC style: everything goes to "/", and the Action query parameter names the call.
  const rpc = path === '/' && actionParam !== undefined;
  const signerOwned = rpc ? raw.map((p) => String(p.object.name)).filter((n) => SIGNER_OWNED.includes(n)) : [];
  const inputs = raw
    .filter((p) => !signerOwned.includes(String(p.object.name)) && !fixed.some((f) => f.name === p.object.name && f.in === p.object.in))
    .map((p) => parameterModel(p, rpc));
  const { success, errors } = responseModels(document, op.responses as JsonObject, `${at}/responses`);
  const successSchema = successBodySchema(document, op.responses as JsonObject, success.status);
  const version = fixed.find((p) => p.name === 'Version')?.value ?? apiVersion;
  return {
    operationId,
    sourceOperationIds: [operationId],
    methodName: methodNameOf(operationId),
    typeName: upperCamel(operationId),
    style: rpc ? 'rpc' : 'http',
    ...(rpc ? { action: actionParam.value, version } : {}),
    httpMethods: [method.toUpperCase()],
    path,
    ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
    ...(typeof op.description === 'string' ? { description: op.description.trim() } : {}),
    inputs,
    fixed: fixed.filter((f) => !signerOwned.includes(f.name)),
    signerOwned,
    ...requestBody(document, op.requestBody, `${at}/requestBody`),
    success,
    errors,
    ...(successSchema === undefined ? {} : { successSchema, xmlShape: xmlShape(document, successSchema, `${operationId}Response`) }),
  };
}

/**
 * OpenAPI 3.1 "Path Templating" and the Parameter Object's `name`: each template expression in
 * the path is a path parameter, and each path parameter appears in the path. Without this,
 * `/things/{id}` with no `id` parameter generated a client that sent the literal "{id}".
 */
function checkPathTemplate(path: string, raw: ReturnType<typeof mergeParameters>): void {
  const inTemplate = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  const declared = raw.filter((p) => p.object.in === 'path');
  for (const name of inTemplate) {
    if (!declared.some((p) => p.object.name === name)) {
      throw new SpecError(`path "${path}" has {${name}} but the operation has no path parameter "${name}"`, pointer('paths', path), `add { name: ${name}, in: path, required: true, schema: { type: string } }`);
    }
  }
  for (const p of declared) {
    if (!inTemplate.includes(String(p.object.name))) {
      throw new SpecError(`path parameter "${String(p.object.name)}" does not appear in the path "${path}"`, `${p.at}/name`, `add {${String(p.object.name)}} to the path or change "in"`);
    }
  }
}

function successBodySchema(document: JsonObject, responses: JsonObject, status: number): Json | undefined {
  const response = deref(document, responses[String(status)] ?? null, '#');
  const content = isObject(response) && isObject(response.content) ? response.content : {};
  const json = Object.entries(content).find(([type]) => /json/.test(type));
  return json && isObject(json[1]) ? json[1].schema : undefined;
}

/** A JSON request body (OpenAPI 3.1 section 4.8.13). Other media types are refused by name. */
function requestBody(document: JsonObject, raw: Json | undefined, at: string): Pick<OperationModel, 'requestBody'> {
  if (raw === undefined) return {};
  const body = deref(document, raw, at);
  if (!isObject(body) || !isObject(body.content)) throw new SpecError('a requestBody needs "content"', at);
  const json = Object.entries(body.content).find(([type]) => /^application\/([\w.+-]+\+)?json$/.test(type));
  if (!json || !isObject(json[1])) {
    throw new SpecError(`request body media type ${Object.keys(body.content).join(', ')} is not supported`, `${at}/content`, 'the generator sends application/json bodies');
  }
  return { requestBody: { required: body.required === true, schema: json[1].schema ?? {} } };
}
