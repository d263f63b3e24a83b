// Over 400 lines: the mock's one model of each operation's wire (decoding, coercion, validators) built once per spec; its parts share the compiled validators.
import { randomUUID } from 'node:crypto';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import {
  type ApiModel,
  type Json,
  type JsonObject,
  loadModelAndDocument,
  type OperationModel,
  type ParameterModel,
  type ResponseModel,
  type SecurityRequirementModel,
  type WirePair,
} from '../../generator/src/api.js';
import { type ModelAjv, modelAjv } from '../support/model-ajv.js';
import { errorBodyFor, errorTextFor } from './error-body.js';
import { type BodyCheck, bodyCheck } from './request-body.js';
import { chooseRoute, concreteFirst, matchesPath, prismPaths, templateValues } from './routing.js';
import { decodeWire as decodeParameter, type WireSchemaHint, wireNameAt } from './wire-decode.js';

/**
 * What the mock enforces, read from the generator's model (generator/src/api.ts): for each
 * route (method + path, or method + Action for an RPC action) every parameter as it travels
 * (signer-owned and fixed ones too) with one ajv validator over the decoded values, the JSON
 * request body, and the security the spec asks for. Prism skips `content` parameters and knows
 * nothing of Alibaba's flattened lists; this decodes both by the wire table
 * (generator/runtime/wire.ts) before validating.
 */
export interface WireRoute {
  method: string;
  /** The request path (`/` for an RPC action, `/things/{id}` otherwise). */
  path: string;
  operation: OperationModel;
  /** RPC: the action the route answers (requests go to `/` with `Action=`). */
  action?: string;
  /** Where the route sits in the document Prism is given: a path of its own (`/_rpc/Action`, `/_op/N`: routing.ts `prismPaths`). */
  prismPath: string;
  parameters: ParameterModel[];
  /** Decoding hints (which texts are numbers, booleans, lists), per parameter name. */
  hints: Record<string, WireSchemaHint>;
  /** `notRequired`: names whose absence is no MissingParameter (a V3 call's V1 common parameters, see {@link v3Carried}). */
  validate: (values: Record<string, unknown>, notRequired?: ReadonlySet<string>) => WireVerdict;
  /** The request body, when the operation documents one, read by its media type and checked (request-body.ts). */
  checkBody?: BodyCheck;
}

export type WireVerdict = { ok: true } | { ok: false; parameter: string; code: 'MissingParameter' | 'InvalidParameter'; reason: string };

/** An error answer the mock writes itself. */
export interface ErrorAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface WireModel {
  model: ApiModel;
  routes: WireRoute[];
  /**
   * The route a request is for: RPC actions by their `Action` (query or form body; a V3 call's
   * `x-acs-action` header is an `Action` pair, see {@link withHeaderAction}), others by path.
   * `{ noAction }` when the request is an RPC call (to `/` of a spec with RPC actions, no other
   * operation there) whose action is missing or not one the spec has for this method: Alibaba's
   * gateway answers 404 InvalidAction.NotFound, and so does the mock, never another action's answer.
   */
  route(
    method: string,
    pathname: string,
    pairs: readonly WirePair[],
    headers?: Record<string, string | string[] | undefined>,
  ): WireRoute | { noAction: string } | undefined;
  /** The document Prism answers from: each RPC action on a path of its own, its parameters checked here. */
  prismDocument: JsonObject;
  /** The answer to a broken request, in the spec's own error shape (see error-body.ts). */
  errorAnswer(route: WireRoute | undefined, code: string, message: string, status?: number): ErrorAnswer;
  /** Formats the spec uses that ajv-formats does not know: accepted unchecked. */
  unknownFormats: string[];
  /** The validator of a success answer's JSON body (the status's own response, that media type), when it documents a schema and no example. */
  answerCheck(route: WireRoute, status: number, contentType: string): ValidateFunction | undefined;
}

export async function loadWireModel(specFile: string): Promise<WireModel> {
  const { model, document } = await loadModelAndDocument(specFile);
  const ajv = modelAjv(model, { allErrors: false });
  const routes: WireRoute[] = [];
  const own = prismPaths(model.operations);
  for (const operation of model.operations) {
    const parameters = operation.wireParameters;
    const hints = Object.fromEntries(parameters.map((p) => [p.name, hintOf(model, p.schema, 0)]));
    for (const method of operation.httpMethods) {
      const prismPath =
        operation.action !== undefined ? `/_rpc/${operation.action}` : (own.get(`${method} ${operation.specPath}`) ?? operation.path);
      routes.push({
        method,
        path: operation.path,
        operation,
        ...(operation.action ? { action: operation.action } : {}),
        prismPath,
        parameters,
        hints,
        validate: routeValidator(ajv, parameters),
        ...(operation.requestBody && operation.action === undefined
          ? { checkBody: bodyCheck(ajv, operation.requestBody, (schema) => hintOf(model, schema as Json, 0)) }
          : {}),
      });
    }
  }
  const rpc = routes.some((r) => r.action !== undefined);
  const route: WireModel['route'] = (method, pathname, pairs, headers) => {
    const action = pathname === '/' ? pairs.find(([name]) => name === 'Action')?.[1] : undefined;
    const found =
      (action === undefined ? undefined : routes.find((r) => r.method === method && r.action === action)) ??
      chooseRoute(
        concreteFirst(routes.filter((r) => r.method === method && r.action === undefined && matchesPath(r.path, pathname))),
        pairs,
        headers,
      );
    if (found || !rpc || pathname !== '/') return found;
    // An RPC call that names no action of the spec: the first action's answer would be a false green.
    return { noAction: action === undefined ? 'The request names no action (no Action parameter, no x-acs-action header).' : NOT_FOUND };
  };
  const errors = errorShapes(model);
  const answerChecks = new Map<Json, ValidateFunction>();
  const answerCheck: WireModel['answerCheck'] = (route, status, contentType) => {
    const response = route.operation.success.status === status ? route.operation.success : undefined;
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    const schema =
      response && /json/.test(type) ? Object.entries(response.schemas).find(([t]) => t.toLowerCase() === type)?.[1] : undefined;
    // A documented example is answered as written (the suite expects it; one that breaks its schema is the examples check's to report).
    if (schema === undefined || response!.examples.some((e) => e.mediaType.toLowerCase() === type)) return undefined;
    let check = answerChecks.get(schema);
    if (!check) answerChecks.set(schema, (check = ajv.compile(schema)));
    return check;
  };
  return {
    answerCheck,
    model,
    routes,
    route,
    prismDocument: prismDocument(model, document, own),
    errorAnswer: errors,
    unknownFormats: ajv.unknownFormats,
  };
}

/** Alibaba's gateway's message for InvalidAction.NotFound (404), as the stand-in has it (standin/errors.ts). */
const NOT_FOUND = 'Specified api is not found, please check your url and method.';

/**
 * A V3 call as Alibaba's SDKs send it (ACS3-HMAC-SHA256, `@alicloud/openapi-core`) names its
 * action and version in the `x-acs-action` and `x-acs-version` headers only; they count as the
 * `Action` and `Version` pairs when the request has none (a pair, where given, wins).
 */
export function withHeaderAction(pairs: [string, string][], headers: Record<string, string | string[] | undefined>): [string, string][] {
  const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
  const action = header('x-acs-action');
  if (action === undefined || pairs.some(([name]) => name === 'Action')) return [...pairs];
  const version = header('x-acs-version');
  const added: [string, string][] = [['Action', action]];
  if (version !== undefined && !pairs.some(([name]) => name === 'Version')) added.push(['Version', version]);
  return [...pairs, ...added];
}

/**
 * A V3 call (an ACS3-HMAC-SHA256 Authorization) carries what a V1 spec documents as RPC common
 * query parameters in headers (AccessKeyId in the Credential, x-acs-signature-nonce, x-acs-date,
 * x-acs-security-token, the signature) or not at all (Format: the Accept header says JSON), as
 * the official runtime sends it (@alicloud/openapi-core 1.0.8 doRequest): their absence from
 * the query is no MissingParameter. Undefined for any other request.
 */
export function v3Carried(route: WireRoute, headers: Record<string, string | string[] | undefined>): ReadonlySet<string> | undefined {
  return route.action !== undefined && /^ACS3-HMAC-SHA256 /.test(String(headers.authorization ?? ''))
    ? new Set(route.operation.signerOwned)
    : undefined;
}

/**
 * Prism routes by path and would read `Tag.1.Key` as an unknown parameter: it gets each RPC
 * action on a path of its own, without the parameters this model has checked already (and, by
 * POST, a form body it accepts as it comes). Other operations reach Prism as the spec has them.
 */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function prismDocument(model: ApiModel, document: JsonObject, own: ReadonlyMap<string, string>): JsonObject {
  const paths: JsonObject = {};
  // Which raw operation is an RPC action is the model's decision, looked up by operationId.
  const actionOf = new Map(model.operations.flatMap((op) => op.sourceOperationIds.map((id) => [id, op.action] as const)));
  for (const [path, rawItem] of Object.entries((document.paths ?? {}) as JsonObject)) {
    const item = resolveLocal(document, rawItem) as JsonObject;
    for (const [method, op] of Object.entries(item)) {
      if (!isRecord(op) || !METHODS.includes(method)) continue;
      const action = actionOf.get(String(op.operationId));
      const prefix = own.get(`${method.toUpperCase()} ${path}`);
      const prismPath = action !== undefined ? `/_rpc/${action}` : (prefix ?? path);
      // A path of its own holds this operation only (with the item's shared fields), not its neighbours.
      const shared = prefix ? Object.fromEntries(Object.entries(item).filter(([key]) => !METHODS.includes(key))) : item;
      const target = ((paths[prismPath] as JsonObject | undefined) ??= action === undefined ? forPrism(document, shared) : {});
      const formBody = { content: { 'application/x-www-form-urlencoded': { schema: {} } } };
      // No responses documented (optional in OpenAPI 3.1): any answer is the spec's, and Prism would answer 500
      // (NO_RESPONSE_DEFINED); a 200 with no body is one a correct server may give.
      const responses: JsonObject =
        isRecord(op.responses) && Object.keys(op.responses).length > 0 ? {} : { responses: { '200': { description: 'OK' } } };
      target[method] =
        action === undefined
          ? { ...forPrism(document, op), ...responses }
          : { ...op, parameters: [], ...responses, ...(method === 'post' ? { requestBody: formBody } : {}) };
    }
  }
  return { ...document, paths };
}

/**
 * A path item or operation as Prism gets it: without parameters, and with no schema on a request
 * body in a media type other than JSON. This model has checked both already (decoded by their wire
 * encoding and media type, which Prism does not know: it reads an XML body as text against the
 * object schema and refuses it, 422 "must be object"); Prism 5.14 also throws on an absent optional
 * header whose schema is an array (its simple-style deserializer splits `undefined`), a 500, and
 * reads `oneOf: [integer, string]` path text as both (422 "must match exactly one").
 */
function forPrism(document: JsonObject, node: JsonObject): JsonObject {
  const { parameters: _parameters, ...rest } = node;
  const body = resolveLocal(document, node.requestBody);
  if (!isRecord(body) || !isRecord(body.content)) return rest;
  const content = Object.fromEntries(
    Object.entries(body.content).map(([type, media]) => [type, /json/i.test(type) || !isRecord(media) ? media : { ...media, schema: {} }]),
  );
  return { ...rest, requestBody: { ...body, content } };
}

function resolveLocal(document: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  for (let hops = 0; isRecord(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref: string = current.$ref;
    current = ref
      .slice(2)
      .split('/')
      .reduce<Json | undefined>((n, token) => (isRecord(n) ? n[token.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined), document);
  }
  return current;
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts of a schema decoding needs (types of scalars, items, properties), component `$ref`s followed. */
function hintOf(model: ApiModel, schema: Json | undefined, depth: number): WireSchemaHint {
  const resolved =
    schema === undefined || depth > 8 ? undefined : resolveLocal({ components: { schemas: model.componentSchemas } }, schema);
  if (!isRecord(resolved)) return {};
  const type =
    typeof resolved.type === 'string'
      ? resolved.type
      : Array.isArray(resolved.type)
        ? resolved.type.find((t) => t !== 'null')
        : numericUnion(model, resolved, depth);
  const own: WireSchemaHint = {
    ...(typeof type === 'string' ? { type } : {}),
    ...(resolved.items !== undefined ? { items: hintOf(model, resolved.items, depth + 1) } : {}),
    ...(isRecord(resolved.properties)
      ? { properties: Object.fromEntries(Object.entries(resolved.properties).map(([k, v]) => [k, hintOf(model, v, depth + 1)])) }
      : {}),
    // A map (additionalProperties, no named properties): its pairs are every name no other parameter takes.
    ...(resolved.additionalProperties !== undefined && resolved.additionalProperties !== false && !isRecord(resolved.properties)
      ? { additional: hintOf(model, resolved.additionalProperties, depth + 1) }
      : {}),
  };
  // allOf: every branch holds, so the facts of each add up (APIs.guru's AWS specs wrap each property
  // as allOf [$ref, {description}]: ELB's HealthCheck Interval is an integer only through its $ref).
  const hint = own;
  for (const branch of Array.isArray(resolved.allOf) ? resolved.allOf : []) {
    const b = hintOf(model, branch, depth + 1);
    hint.type ??= b.type;
    hint.items ??= b.items;
    hint.additional ??= b.additional;
    if (b.properties) hint.properties = { ...b.properties, ...hint.properties };
  }
  return hint;
}

/**
 * A `oneOf`/`anyOf` whose every branch is a number (`type: integer|number`, or a `const`/`enum`
 * of numbers: SLB's Bandwidth, 1 to 5120 or -1) decodes its text as a number; 'number' when any
 * branch allows a fraction. Anything else (a union with a string branch) stays text.
 */
function numericUnion(model: ApiModel, schema: JsonObject, depth: number): string | undefined {
  const branches = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (!branches || branches.length === 0 || depth > 8) return undefined;
  const kinds = branches.map((branch) => {
    const b = resolveLocal({ components: { schemas: model.componentSchemas } }, branch);
    if (!isRecord(b)) return undefined;
    if (b.type === 'integer' || b.type === 'number') return b.type;
    const values = 'const' in b ? [b.const] : Array.isArray(b.enum) ? b.enum : [];
    if (values.length > 0 && values.every((v) => typeof v === 'number')) return values.every(Number.isInteger) ? 'integer' : 'number';
    return numericUnion(model, b, depth + 1);
  });
  if (!kinds.every((k) => k === 'integer' || k === 'number')) return undefined;
  return kinds.includes('number') ? 'number' : 'integer';
}

/**
 * Checks decoded values parameter by parameter, in spec order, and names the first broken one
 * as the caller wrote it on the wire (`Tag.2.Key`), as Alibaba's gateway does: a missing
 * required parameter is MissingParameter, anything else InvalidParameter.
 */
function routeValidator(ajv: ModelAjv, parameters: ParameterModel[]): WireRoute['validate'] {
  const checks = parameters.map((p) => ({ parameter: p, check: ajv.compile(p.schema) }));
  return (values, notRequired) => {
    for (const { parameter, check } of checks) {
      const value = values[parameter.name];
      if (value === undefined) {
        if (parameter.required && !notRequired?.has(parameter.name))
          return { ok: false, parameter: parameter.name, code: 'MissingParameter', reason: 'is not supplied' };
        continue;
      }
      // No wire form (a form-style list of objects, model/parameters.ts): present is all the mock can tell.
      if (parameter.wireEncoding === 'noWireForm') continue;
      if (!check(value)) return refusal(parameter, value, check);
    }
    return { ok: true };
  };
}

function refusal(parameter: ParameterModel, value: unknown, check: ValidateFunction): Exclude<WireVerdict, { ok: true }> {
  const error = check.errors?.[0];
  const flattened = parameter.wireEncoding === 'repeatList' || parameter.wireEncoding === 'flatObject';
  // A missing or unknown property of a flattened value has a wire name of its own (Tag.1.Key).
  const named =
    error?.keyword === 'required'
      ? error.params.missingProperty
      : error?.keyword === 'additionalProperties'
        ? error.params.additionalProperty
        : undefined;
  const missing = named === undefined ? '' : `/${String(named)}`;
  const at = `${error?.instancePath ?? ''}${flattened ? missing : ''}`;
  const name = wireNameAt(parameter.wireEncoding, parameter.name, value, at);
  const reason = flattened
    ? error?.keyword === 'required'
      ? 'is required'
      : error?.keyword === 'additionalProperties'
        ? 'is not a known property'
        : (error?.message ?? 'is not valid')
    : `${error?.instancePath || ''} ${error?.message ?? 'is not valid'}`.trim();
  return { ok: false, parameter: name, code: 'InvalidParameter', reason };
}

/** The message Alibaba's gateway uses for a broken parameter. */
export function verdictMessage(verdict: Exclude<WireVerdict, { ok: true }>): string {
  return verdict.code === 'MissingParameter'
    ? `The input parameter "${verdict.parameter}" that is mandatory for processing this request is not supplied.`
    : `The specified parameter "${verdict.parameter}" is not valid: ${verdict.reason}.`;
}

/**
 * The answer to a broken request, in the shape the spec documents, never a 500:
 * 1. a documented error example with this Code (Alibaba's InvalidParameter page): its status and HostId;
 * 2. else status 400 (422 when the operation documents 422 and not 400), the body built from
 *    the schema of that response, else of `default`, else of any error response (error-body.ts);
 * 3. else Alibaba's usual shape {Code, Message, RequestId, HostId} with 400.
 */
function errorShapes(model: ApiModel): WireModel['errorAnswer'] {
  // Per operation, and for the whole spec (for a request that reaches no operation).
  const documentedIn = (ops: OperationModel[]) => {
    const found = new Map<string, { status: number; hostId: string }>();
    for (const op of ops) {
      for (const response of op.errors) {
        for (const example of response.examples) {
          const value = example.value;
          if (isRecord(value) && typeof value.Code === 'string' && !found.has(value.Code) && response.status >= 400) {
            found.set(value.Code, { status: response.status, hostId: String(value.HostId ?? '127.0.0.1') });
          }
        }
      }
    }
    return found;
  };
  const documented = documentedIn(model.operations);
  const perOperation = new Map(model.operations.map((op) => [op, documentedIn([op])]));
  const anyInvalid = documented.get('InvalidParameter');
  return (route, code, message, status) => {
    const requestId = randomUUID().toUpperCase();
    // Another operation's example is no guide to this one's error shape (a spec may mix Alibaba RPC actions and problem+json operations).
    const known = (route ? perOperation.get(route.operation) : documented)?.get(code);
    const chosen = route ? badRequestResponse(route.operation, status) : undefined;
    const schemaEntry = chosen ? Object.entries(chosen.response.schemas).find(([type]) => /json/.test(type)) : undefined;
    const textType = chosen && !schemaEntry ? chosen.response.mediaTypes.find(isText) : undefined;
    const text =
      chosen && textType !== undefined && !known
        ? errorTextFor(model, chosen.response.schemas[textType], { code, message, status: chosen.status, requestId, hostId: '127.0.0.1' })
        : undefined;
    // Documented with no body (hashlookup's 400): the status alone, as documented.
    if (chosen && chosen.response.mediaTypes.length === 0 && !known) return { status: chosen.status, contentType: '', body: '' };
    if (chosen && textType !== undefined && text !== undefined) {
      // Documented as text only (Tic Tac Toe's 400 is text/html): a JSON answer would break the spec.
      return { status: chosen.status, contentType: withCharset(textType), body: text };
    }
    if (chosen && schemaEntry && !known) {
      const [contentType, schema] = schemaEntry;
      const answerStatus = chosen.status;
      const body = errorBodyFor(model, schema, {
        code,
        message,
        status: answerStatus,
        requestId,
        hostId: anyInvalid?.hostId ?? '127.0.0.1',
      });
      return {
        status: answerStatus,
        contentType: withCharset(contentType),
        body: JSON.stringify(body),
      };
    }
    const hostId = known?.hostId ?? anyInvalid?.hostId ?? '127.0.0.1';
    return {
      status: status ?? known?.status ?? anyInvalid?.status ?? 400,
      contentType: 'application/json;charset=utf-8',
      body: JSON.stringify({ Code: code, Message: message, RequestId: requestId, HostId: hostId }),
    };
  };
}

/** A text media type an error message can be written in (`text/html`, `text/plain`, AEM's `text/xml` under a string schema). */
function isText(mediaType: string): boolean {
  return /^text\//i.test(mediaType.trim());
}

function withCharset(contentType: string): string {
  return contentType.includes('charset') ? contentType : `${contentType};charset=utf-8`;
}

/**
 * The response a refusal takes its status and schema from: the one of that status (400, else a
 * documented 422: RFC 9110 section 15.5.1 and 15.5.21) or `default`, when it documents JSON, text or
 * no body at all, else the first error
 * response with a JSON schema (whose status is not used: a 404 is no answer to a bad parameter).
 */
function badRequestResponse(op: OperationModel, status: number | undefined): { status: number; response: ResponseModel } | undefined {
  const errors = op.errors;
  const wanted = status ?? (errors.some((r) => r.status === 422) && !errors.some((r) => r.status === 400) ? 422 : 400);
  const hasJson = (r: ResponseModel) => Object.keys(r.schemas).some((type) => /json/.test(type));
  // The status's own response (or `default`) may be documented as text only: answered as text.
  const answerable = (r: ResponseModel) => hasJson(r) || r.mediaTypes.some(isText) || r.mediaTypes.length === 0;
  const response =
    errors.find((r) => r.status === wanted && answerable(r)) ?? errors.find((r) => r.status === 0 && answerable(r)) ?? errors.find(hasJson);
  return response ? { status: wanted, response } : undefined;
}

/**
 * Whether the request carries what the spec's security asks for, presence only (the mock
 * verifies no secret): an RPC action needs Alibaba's signature (V1 `AccessKeyId` and
 * `Signature`, or a V3 `Authorization: ACS3-HMAC-SHA256 ...` header); an operation with
 * `security` needs one alternative whose schemes are all present (http basic/bearer: an
 * `Authorization` header with that scheme; apiKey: the named header, query parameter or cookie).
 * oauth2, openIdConnect and mutualTLS cannot be checked by presence and are taken as met.
 * Returns what is missing, or undefined.
 */
export function missingCredentials(
  route: WireRoute,
  headers: Record<string, string | string[] | undefined>,
  pairs: readonly WirePair[],
): string | undefined {
  const authorization = String(headers.authorization ?? '');
  if (route.action !== undefined) {
    const has = (name: string) => pairs.some(([n]) => n === name);
    if (/^ACS3-HMAC-SHA256 /.test(authorization) || (has('AccessKeyId') && has('Signature'))) return undefined;
    return 'the Alibaba signature (AccessKeyId and Signature, or an ACS3-HMAC-SHA256 Authorization header)';
  }
  const alternatives: SecurityRequirementModel[] = route.operation.security;
  if (alternatives.length === 0 || alternatives.some((schemes) => schemes.every((s) => present(s, authorization, headers, pairs))))
    return undefined;
  return alternatives.map((schemes) => schemes.map(describeScheme).join(' and ')).join(', or ');
}

function present(
  scheme: SecurityRequirementModel[number],
  authorization: string,
  headers: Record<string, string | string[] | undefined>,
  pairs: readonly WirePair[],
): boolean {
  if (scheme.type === 'http') return authorization.toLowerCase().startsWith(`${scheme.scheme} `) && authorization.trim().includes(' ');
  if (scheme.type === 'apiKey') {
    if (scheme.in === 'header') return headers[scheme.parameterName.toLowerCase()] !== undefined;
    if (scheme.in === 'query') return pairs.some(([n]) => n === scheme.parameterName);
    return String(headers.cookie ?? '')
      .split(';')
      .some((c) => c.trim().startsWith(`${scheme.parameterName}=`));
  }
  return true;
}

function describeScheme(scheme: SecurityRequirementModel[number]): string {
  if (scheme.type === 'http')
    return `an Authorization: ${scheme.scheme.charAt(0).toUpperCase()}${scheme.scheme.slice(1)} header (${scheme.name})`;
  if (scheme.type === 'apiKey')
    return `the ${scheme.in === 'query' ? 'query parameter' : scheme.in} "${scheme.parameterName}" (${scheme.name})`;
  return scheme.name;
}

/** Where the non-query parameters of a request are: its headers and the path's template values. */
export interface RequestParts {
  headers: Record<string, string | string[] | undefined>;
  pathname: string;
}

/**
 * Wire pairs -> decoded values, by each parameter's wire encoding (the one table, runtime/wire.ts):
 * query parameters from the query (or an RPC form body), header parameters from their header,
 * path parameters from the segment the path template puts them in (percent-decoded).
 */
export function decodeWire(
  route: Pick<WireRoute, 'parameters' | 'hints' | 'path'>,
  pairs: readonly WirePair[],
  parts?: RequestParts,
): { values: Record<string, unknown> } | { error: Exclude<WireVerdict, { ok: true }> } {
  const values: Record<string, unknown> = {};
  const pathValues = parts ? templateValues(route.path, parts.pathname) : {};
  for (const parameter of route.parameters) {
    let source: readonly WirePair[] = pairs;
    if (parameter.in === 'header') {
      const text = parts?.headers[parameter.name.toLowerCase()];
      source = text === undefined ? [] : [[parameter.name, Array.isArray(text) ? text.join(',') : text]];
    } else if (parameter.in === 'path') {
      const text = pathValues[parameter.name];
      source = text === undefined ? [] : [[parameter.name, text]];
    } else if (parameter.in === 'cookie') {
      // The Cookie header's name=value pairs (RFC 6265 section 4.2.1), values percent-decoded (runtime/cookie.ts `cookieText`).
      source = cookiePairs(parts?.headers.cookie);
    } else if (parameter.in !== 'query') continue;
    // A form-exploded map's pairs are those no other query parameter of the operation names.
    if (parameter.wireEncoding === 'formObject' && route.hints[parameter.name]?.additional)
      source = source.filter(([n]) => !route.parameters.some((p) => p !== parameter && p.in === 'query' && p.name === n));
    const decoded = decodeParameter(parameter.wireEncoding, parameter.name, source, route.hints[parameter.name]);
    if (decoded === undefined) continue;
    if ('error' in decoded) return { error: { ok: false, ...decoded.error, code: 'InvalidParameter' } };
    values[parameter.name] = decoded.value;
  }
  return { values };
}

function cookiePairs(header: string | string[] | undefined): WirePair[] {
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => {
      const at = part.indexOf('=');
      let value = part.slice(at + 1);
      try {
        value = decodeURIComponent(value);
      } catch {
        // not percent-encoding: kept as sent, for the validator to judge
      }
      return [part.slice(0, at), value] as const;
    });
}
