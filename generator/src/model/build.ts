import { basename } from 'node:path';
import { pointer, SpecError } from '../errors.js';
import { HTTP_METHODS, type LoadedSpec } from '../load/openapi-document.js';
import { plainTemplate } from '../load/path-templates.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import { specWarning } from '../load/warnings.js';
import type { ApiModel, FixedParameter, OperationModel, ParameterModel } from './api-model.js';
import { contractFacts, READ_ONLY_EXTENSION } from './contract-facts.js';
import { linksOf } from './links.js';
import { requestMedia } from './media-types.js';
import { checkMethodNames, checkSpecNames, operationNames, TRANSPORT_WRITTEN_INPUTS } from './names.js';
import { checkClientHeaders, fixedParameter, mergeParameters, parameterModel, SIGNER_OWNED, warnSharedNames } from './parameters.js';
import { responseModels } from './responses.js';
import { signatureOf } from './security.js';
import { defaultEndpoint, regionEndpoints } from './servers.js';
import { typesDocument } from './types-document.js';
import { xmlShape } from './xml-shape.js';

/** spec -> model: every operation of the document, RPC actions grouped across their methods. */
export function buildApiModel(spec: LoadedSpec): ApiModel {
  const { document } = spec;
  const info = document.info as JsonObject;
  const components = isObject(document.components) ? document.components : {};
  checkSpecNames(document);
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const operations: OperationModel[] = [];
  // A webhooks-only document (load/openapi-document.ts) has no paths: types, no client methods.
  for (const [path, rawItem] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    const itemAt = pointer('paths', path);
    const item = deref(document, rawItem, itemAt) as JsonObject;
    // Document order, not HTTP_METHODS order: httpMethods[0] is the default method, documented
    // as "the first the spec lists" (a spec listing post before get used to default to GET).
    for (const method of Object.keys(item).filter((key): key is (typeof HTTP_METHODS)[number] =>
      (HTTP_METHODS as readonly string[]).includes(key),
    )) {
      if (!isObject(item[method])) continue;
      const model = operationModel(document, String(info.version), path, method, item, item[method] as JsonObject);
      // One RPC action reachable by GET and POST is one client method with a choice of method,
      // whether both sit on one path key or on two (`/?Action=X` and `/#Action=X`).
      const sameAction = model.action && operations.find((o) => o.action === model.action);
      if (sameAction) {
        if (sameAction.httpMethods.includes(model.httpMethods[0]!)) {
          throw new SpecError(
            `action ${model.action} is described twice for ${model.httpMethods[0]}`,
            pointer('paths', path, method),
            'keep one operation per action and method',
          );
        }
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
    ...regionEndpoints(servers),
  };
}

/**
 * The path key that names an Alibaba RPC action: `/?Action=Name` (the query-style convention
 * `slbkit import alibaba` writes). It lets one document hold many actions, each with its own GET
 * and POST; the request itself always goes to `/`.
 */
const ACTION_PATH_KEY = /^\/\?Action=([A-Za-z][\w.-]*)$/;

export function actionOfPathKey(path: string): string | undefined {
  return ACTION_PATH_KEY.exec(path)?.[1];
}

/**
 * `#Action=Name` at the end of a path key: APIs.guru's conversions of AWS query APIs
 * (`/#Action=AssumeRole`, `/{Account}/{Queue}/#Action=SendMessage`). A fragment is never sent
 * (RFC 9110 section 4.2.4): it only keeps operations apart in the document. Such an API is plain
 * HTTP whose query carries `Action=Name` (AWS "Query API requests"), signed by AWS's own scheme
 * (the spec's security), never by Alibaba's: its operations are http style, `Action` a fixed
 * query parameter.
 */
const ACTION_FRAGMENT = /#Action=([A-Za-z][\w.-]*)$/;

function operationModel(
  document: JsonObject,
  apiVersion: string,
  path: string,
  method: string,
  item: JsonObject,
  op: JsonObject,
): OperationModel {
  const at = pointer('paths', path, method);
  const specOperationId = typeof op.operationId === 'string' ? op.operationId : undefined;
  // Optional in OpenAPI 3.1: an operation that documents no response answers a body typed unknown.
  const responses = isObject(op.responses) ? op.responses : {};
  const raw = mergeParameters(document, item.parameters, op.parameters, pointer('paths', path), at);
  warnSharedNames(raw);
  const keyAction = actionOfPathKey(path);
  // A fragment is never sent (RFC 9110 section 4.2.4): APIs.guru's AWS conversions use it to keep
  // two operations on one path apart (`/{Bucket}/{Key}#x-amz-copy-source`, or a query action,
  // `/#Action=AssumeRole`, `/{Account}/{Queue}#Action=SendMessage`, its Action a fixed query parameter).
  const [sentPath, keyQuery] = keyAction === undefined ? splitPathKey(path) : [path, []];
  const unplaced = keyAction === undefined ? checkPathTemplate(plainTemplate(sentPath), raw, path) : [];
  const fixed = [...keyQuery, ...raw.map((p) => fixedParameter(document, p)).filter((p) => p !== undefined)];
  const actionParam = fixed.find((p) => p.name === 'Action' && p.in === 'query');
  const fragmentAction = keyAction === undefined ? ACTION_FRAGMENT.exec(path)?.[1] : undefined;
  const named = keyAction ?? fragmentAction;
  if (named !== undefined && actionParam && actionParam.value !== named) {
    throw new SpecError(
      `path "${path}" names action ${named} but its Action parameter is "${actionParam.value}"`,
      pointer('paths', path),
      'make them the same, or drop the Action parameter: the path key names it',
    );
  }
  // The AWS form without an Action parameter: the fragment's pair is what the query must carry.
  if (fragmentAction !== undefined && !actionParam) fixed.push({ name: 'Action', in: 'query', value: fragmentAction });
  // Alibaba RPC style: everything goes to "/", and the Action names the call: form (a), the
  // Action query parameter of an operation on "/"; form (b), the path key `/?Action=Name`. The AWS
  // form `/#Action=Name` is no RPC action (ACTION_FRAGMENT).
  const action = keyAction ?? (path === '/' ? actionParam?.value : undefined);
  const rpc = action !== undefined;
  // An RPC action's parameters travel in the signed query; Alibaba's signature does not cover a cookie.
  const cookie = rpc ? raw.find((p) => p.object.in === 'cookie') : undefined;
  if (cookie)
    throw new SpecError(
      `cookie parameter "${String(cookie.object.name)}" in an RPC action`,
      `${cookie.at}/in`,
      'send it as a query parameter',
    );
  // The client method and type names come from the action (so GET and POST are one method): it must
  // be a name, as Alibaba's actions are (PascalCase words), never arbitrary spec text.
  if (action !== undefined && !/^[A-Za-z][A-Za-z0-9_]*$/.test(action)) {
    const actionAt = raw.find((p) => p.object.name === 'Action' && p.object.in === 'query')?.at;
    throw new SpecError(
      `RPC action ${JSON.stringify(action)} is not a name made of letters, digits and _`,
      keyAction === undefined && actionAt ? `${actionAt}/schema` : pointer('paths', path),
      'Alibaba actions are PascalCase names such as DescribeLoadBalancers',
    );
  }
  const signerOwned = rpc ? raw.map((p) => String(p.object.name)).filter((n) => SIGNER_OWNED.includes(n)) : [];
  const isFixed = (p: (typeof raw)[number]) =>
    fixed.some((f) => f.name === p.object.name && f.in === p.object.in) ||
    (rpc && p.object.in === 'query' && (p.object.name === 'Action' || p.object.name === 'Version'));
  // A header the transport writes from the request itself (Content-Length) is no input (model/names.ts warned).
  const transportWritten = (p: (typeof raw)[number]) =>
    p.object.in === 'header' && TRANSPORT_WRITTEN_INPUTS.has(String(p.object.name).toLowerCase());
  const inputs = raw
    .filter((p) => !signerOwned.includes(String(p.object.name)) && !isFixed(p) && !transportWritten(p) && !unplaced.includes(p))
    .map((p) => parameterModel(document, p, rpc));
  const { success, errors } = responseModels(document, responses, `${at}/responses`);
  const successSchema = successBodySchema(document, responses, success.code);
  const version = fixed.find((p) => p.name === 'Version')?.value ?? apiVersion;
  // An RPC method is named after its action, so GET and POST (two operationIds) are one method;
  // an operation without an operationId is named after its method and path (model/names.ts).
  const { methodName, typeName, fromPath } = operationNames(action ?? specOperationId, method, path);
  const operationId = specOperationId ?? methodName;
  const signature = signatureOf(document, op, rpc, at);
  checkClientHeaders(raw, { requestBody: op.requestBody, rpc, signed: signature !== undefined });
  return {
    operationId,
    sourceOperationIds: [operationId],
    methodName,
    typeName,
    specPath: path,
    ...(fromPath && action === undefined ? { nameFromPath: true } : {}),
    style: rpc ? 'rpc' : 'http',
    ...(rpc ? { action, version } : {}),
    httpMethods: [method.toUpperCase()],
    path: rpc ? '/' : plainTemplate(sentPath),
    ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
    ...(typeof op.description === 'string' ? { description: op.description.trim() } : {}),
    inputs,
    // Form (b): the Action comes from the path key; the client sends it like a fixed parameter.
    fixed: [
      ...(rpc && !actionParam ? [{ name: 'Action', in: 'query' as const, value: action }] : []),
      ...fixed.filter((f) => !signerOwned.includes(f.name)),
    ],
    signerOwned,
    ...idempotency(op, inputs, at),
    ...contractFacts(document, at, op, raw, rpc, method, action ?? operationId),
    ...linksOf(document, responses, `${at}/responses`),
    ...(signature ? { signature } : {}),
    ...requestBody(document, op.requestBody, `${at}/requestBody`),
    success,
    errors,
    ...(successSchema === undefined ? {} : { successSchema, xmlShape: xmlShape(document, successSchema, `${operationId}Response`) }),
  };
}

/**
 * A path key's fixed query (OpenAI's `/responses?beta=true`, which openapi-typescript keys as
 * written): the pairs are sent with every call of that operation, as fixed query parameters, and
 * two keys that differ only by it are two operations. A template in the query (`?x={y}`) is no
 * fixed pair: refused, the fix a query parameter.
 */
function splitPathKey(path: string): [string, FixedParameter[]] {
  const [sent = '', query] = path.replace(/#.*$/s, '').split(/\?(.*)/s, 2);
  if (query === undefined) return [sent, []];
  if (/[{}]/.test(query))
    throw new SpecError(
      `path "${path}" has a query with a template in it`,
      pointer('paths', path),
      'write an RPC action as /?Action=Name (or /#Action=Name), a query parameter as a parameter with in: query',
    );
  return [sent, [...new URLSearchParams(query)].map(([name, value]) => ({ name, in: 'query' as const, value }))];
}

/** The idempotency-token parameter: Alibaba's `ClientToken`, or one the spec marks as such. */
export const IDEMPOTENCY_TOKEN_NAME = 'ClientToken';
export const IDEMPOTENCY_TOKEN_EXTENSION = 'x-slbkit-idempotency-token';
export const IDEMPOTENT_EXTENSION = 'x-slbkit-idempotent';

/**
 * Whether repeating the call after an ambiguous failure (5xx, timeout, reset after sending) is
 * safe. `token`: the action takes an idempotency token (a string parameter named ClientToken,
 * or one with `x-slbkit-idempotency-token: true`); the client sends one token on every attempt.
 * `safe`: the operation says `x-slbkit-idempotent: true` (repeating it changes nothing more), or
 * `x-slbkit-read-only: true` (it changes nothing at all: Alibaba's metadata marks its Describe*
 * actions so, and as RPC calls they go by POST, which RFC 9110 does not count as idempotent).
 * The name alone (Describe*) is not enough here: a wrong guess would repeat a write.
 * Neither: the call is sent once unless the answer proves it was not processed.
 */
function idempotency(op: JsonObject, inputs: ParameterModel[], at: string): Pick<OperationModel, 'idempotency'> {
  const marked = op[IDEMPOTENT_EXTENSION];
  if (marked !== undefined && typeof marked !== 'boolean')
    throw new SpecError(`${IDEMPOTENT_EXTENSION} must be true or false`, `${at}/${IDEMPOTENT_EXTENSION}`);
  // Idempotency-Key: the IETF httpapi draft's header, the same value on each retry of one call.
  const token =
    inputs.find((p) => p.idempotencyToken) ??
    inputs.find((p) => p.name === IDEMPOTENCY_TOKEN_NAME && p.in === 'query' && p.wireEncoding === 'plain') ??
    inputs.find((p) => p.name.toLowerCase() === 'idempotency-key' && p.in === 'header' && p.wireEncoding === 'plain');
  if (token) {
    token.idempotencyToken = true;
    return { idempotency: { kind: 'token', parameter: token.name } };
  }
  return marked === true || op[READ_ONLY_EXTENSION] === true ? { idempotency: { kind: 'safe' } } : {};
}

/**
 * OpenAPI 3.1 "Path Templating" and the Parameter Object's `name`: each template expression in
 * the path is a path parameter, and each path parameter appears in the path. Without this,
 * `/things/{id}` with no `id` parameter generated a client that sent the literal "{id}".
 */
function checkPathTemplate(path: string, raw: ReturnType<typeof mergeParameters>, key: string): ReturnType<typeof mergeParameters> {
  const inTemplate = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  const declared = raw.filter((p) => p.object.in === 'path');
  for (const name of inTemplate) {
    if (!declared.some((p) => p.object.name === name)) {
      throw new SpecError(
        `path "${path}" has {${name}} but the operation has no path parameter "${name}"`,
        pointer('paths', key),
        `add { name: ${name}, in: path, required: true, schema: { type: string } }`,
      );
    }
  }
  // A declared path parameter the path has no place for (hey-api's full.yaml): openapi-typescript
  // types it; the request is right without it, so it is no input of the method, with a warning.
  const unplaced = declared.filter((p) => !inTemplate.includes(String(p.object.name)));
  for (const p of unplaced)
    specWarning(
      `${p.at}/name`,
      `path parameter "${String(p.object.name)}" does not appear in the path "${path}": not an input of the method`,
      `add {${String(p.object.name)}} to the path or change "in"`,
    );
  return unplaced;
}

function successBodySchema(document: JsonObject, responses: JsonObject, code: string): Json | undefined {
  const response = deref(document, responses[code] ?? null, '#');
  const content = isObject(response) && isObject(response.content) ? response.content : {};
  const json = Object.entries(content).find(([type]) => /json/.test(type));
  return json && isObject(json[1]) ? json[1].schema : undefined;
}

/** The request body (OpenAPI 3.1 section 4.8.13), every media type it documents (model/media-types.ts). */
function requestBody(document: JsonObject, raw: Json | undefined, at: string): Pick<OperationModel, 'requestBody'> {
  if (raw === undefined) return {};
  const body = deref(document, raw, at);
  if (!isObject(body) || !isObject(body.content)) throw new SpecError('a requestBody needs "content"', at);
  const media = requestMedia(body.content, `${at}/content`);
  if (!media.length) throw new SpecError('a requestBody needs at least one media type in "content"', `${at}/content`);
  return { requestBody: { required: body.required === true, schema: media[0]!.schema, media } };
}
