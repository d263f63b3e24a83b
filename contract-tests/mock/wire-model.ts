import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSpec } from '../../generator/src/load/openapi-document.js';
import { deref, isObject, type Json, type JsonObject } from '../../generator/src/load/refs.js';
import { HTTP_METHODS } from '../../generator/src/load/openapi-document.js';
import { actionOfPathKey } from '../../generator/src/model/build.js';
import { fixedParameter, mergeParameters, parameterModel } from '../../generator/src/model/parameters.js';
import { mediaExamples } from '../../generator/src/model/responses.js';
import type { ParameterModel } from '../../generator/src/model/api-model.js';
import { toAjvSchema } from '../../generator/src/emit/validators.js';
import { decodeWire as decodeParameter, wireNameAt, type WirePair, type WireSchemaHint } from '../../generator/runtime/wire.js';

/**
 * What the mock enforces, read from the spec with the generator's own loader: for each route
 * (method + path, or method + Action for an RPC action) every parameter as it travels
 * (signer-owned and fixed ones too), with one ajv validator over the decoded values. Prism skips
 * `content` parameters and knows nothing of Alibaba's flattened lists; this decodes both by the
 * wire table (generator/runtime/wire.ts) before validating.
 */
export interface WireRoute {
  method: string;
  /** The spec's path key (`/`, `/?Action=Name`, `/things/{id}`). */
  path: string;
  operationId: string;
  /** RPC: the action the route answers (requests go to `/` with `Action=`). */
  action?: string;
  /** Where the route sits in the document Prism is given (RPC actions get a path of their own). */
  prismPath: string;
  parameters: ParameterModel[];
  /** Decoding hints (which texts are numbers, booleans, lists), per parameter name. */
  hints: Record<string, WireSchemaHint>;
  validate: (values: Record<string, unknown>) => WireVerdict;
}

export type WireVerdict = { ok: true } | { ok: false; parameter: string; code: 'MissingParameter' | 'InvalidParameter'; reason: string };

export interface ErrorTemplate {
  status: number;
  hostId: string;
}

export interface WireModel {
  routes: WireRoute[];
  /** The route a request is for: RPC actions by their `Action` (query or form body), others by path. */
  route(method: string, pathname: string, pairs: readonly WirePair[]): WireRoute | undefined;
  /** The document Prism answers from: each RPC action on a path of its own, its parameters checked here. */
  prismDocument: JsonObject;
  /** Status and HostId of the documented error example with this Code. */
  errorTemplate(code: string): ErrorTemplate;
}

export async function loadWireModel(specFile: string): Promise<WireModel> {
  const { document } = await loadSpec(specFile);
  const ajv = new Ajv2020.default({ allErrors: false, strict: true, strictTypes: false, coerceTypes: false, logger: false });
  addFormats.default(ajv);
  ajv.addVocabulary(['xml', 'example', 'externalDocs', 'discriminator']);
  const components = isObject(document.components) ? document.components : {};
  ajv.addSchema({ $id: 'components.json', $defs: toAjvSchema(isObject(components.schemas) ? components.schemas : {}) } as object);
  const routes: WireRoute[] = [];
  const prismPaths: JsonObject = {};
  for (const [path, rawItem] of Object.entries(document.paths as JsonObject)) {
    const item = deref(document, rawItem, '#') as JsonObject;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const raw = mergeParameters(document, item.parameters, op.parameters, '#', '#');
      const actionParam = raw.map((p) => fixedParameter(document, p)).find((f) => f?.name === 'Action' && f.in === 'query');
      const action = actionOfPathKey(path) ?? (path === '/' ? actionParam?.value : undefined);
      const parameters = raw.map((p) => parameterModel(document, p, action !== undefined));
      const hints = Object.fromEntries(parameters.map((p) => [p.name, hintOf(document, p.schema, 0)]));
      const prismPath = action === undefined ? path : `/_rpc/${action}`;
      routes.push({ method: method.toUpperCase(), path, operationId: String(op.operationId), ...(action ? { action } : {}), prismPath, parameters, hints, validate: routeValidator(ajv, parameters) });
      // Prism routes by path and would read `Tag.1.Key` as an unknown parameter: it gets each
      // RPC action on a path of its own, without the parameters this model has checked already.
      const target = ((prismPaths[prismPath] as JsonObject | undefined) ??= action === undefined ? { ...item } : {});
      // By POST an action's parameters may come as a form body (what pop-core sends), checked here too.
      const formBody = { content: { 'application/x-www-form-urlencoded': { schema: {} } } };
      target[method] = action === undefined ? op : { ...op, parameters: [], ...(method === 'post' ? { requestBody: formBody } : {}) };
    }
  }
  // Looked up once per Code: the answer to a broken request must not walk the whole document.
  const templates = new Map<string, ErrorTemplate>();
  const templateFor = (code: string) => {
    let template = templates.get(code);
    if (!template) templates.set(code, (template = errorTemplate(document, code)));
    return template;
  };
  const route = (method: string, pathname: string, pairs: readonly WirePair[]) => {
    const action = pathname === '/' ? pairs.find(([name]) => name === 'Action')?.[1] : undefined;
    return (
      (action === undefined ? undefined : routes.find((r) => r.method === method && r.action === action)) ??
      routes.find((r) => r.method === method && r.action === undefined && r.path === pathname) ??
      // An RPC request without a known Action: the spec's own `/` route, if any, names what is wrong.
      routes.find((r) => r.method === method && r.path === pathname)
    );
  };
  return { routes, route, prismDocument: { ...document, paths: prismPaths }, errorTemplate: templateFor };
}

/** The parts of a schema decoding needs (types of scalars, items, properties), `$ref`s followed. */
function hintOf(document: JsonObject, schema: Json | undefined, depth: number): WireSchemaHint {
  const resolved = schema === undefined || depth > 8 ? undefined : deref(document, schema, '#');
  if (!isObject(resolved)) return {};
  const type = typeof resolved.type === 'string' ? resolved.type : Array.isArray(resolved.type) ? resolved.type.find((t) => t !== 'null') : undefined;
  return {
    ...(typeof type === 'string' ? { type } : {}),
    ...(resolved.items !== undefined ? { items: hintOf(document, resolved.items, depth + 1) } : {}),
    ...(isObject(resolved.properties) ? { properties: Object.fromEntries(Object.entries(resolved.properties).map(([k, v]) => [k, hintOf(document, v, depth + 1)])) } : {}),
  };
}

/**
 * Checks decoded values parameter by parameter, in spec order, and names the first broken one
 * as the caller wrote it on the wire (`Tag.2.Key`), as Alibaba's gateway does: a missing
 * required parameter is MissingParameter, anything else InvalidParameter.
 */
function routeValidator(ajv: Ajv2020.default, parameters: ParameterModel[]): WireRoute['validate'] {
  const checks = parameters.map((p) => ({ parameter: p, check: ajv.compile(toAjvSchema(p.schema) as object) }));
  return (values) => {
    for (const { parameter, check } of checks) {
      const value = values[parameter.name];
      if (value === undefined) {
        if (parameter.required) return { ok: false, parameter: parameter.name, code: 'MissingParameter', reason: 'is not supplied' };
        continue;
      }
      if (!check(value)) {
        const error = check.errors?.[0];
        const flattened = parameter.wireEncoding === 'repeatList' || parameter.wireEncoding === 'flatObject';
        // A missing or unknown property of a flattened value has a wire name of its own (Tag.1.Key).
        const named = error?.keyword === 'required' ? error.params.missingProperty : error?.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
        const missing = named === undefined ? '' : `/${String(named)}`;
        const at = `${error?.instancePath ?? ''}${flattened ? missing : ''}`;
        const name = wireNameAt(parameter.wireEncoding, parameter.name, value, at);
        const reason = flattened ? (error?.keyword === 'required' ? 'is required' : error?.keyword === 'additionalProperties' ? 'is not a known property' : (error?.message ?? 'is not valid')) : `${error?.instancePath || ''} ${error?.message ?? 'is not valid'}`.trim();
        return { ok: false, parameter: name, code: 'InvalidParameter', reason };
      }
    }
    return { ok: true };
  };
}

function errorTemplate(document: JsonObject, code: string): ErrorTemplate {
  for (const item of Object.values(document.paths as JsonObject)) {
    for (const op of Object.values(deref(document, item, '#') as JsonObject)) {
      if (!isObject(op) || !isObject(op.responses)) continue;
      for (const [status, raw] of Object.entries(op.responses)) {
        const response = deref(document, raw, '#');
        if (!isObject(response) || !isObject(response.content)) continue;
        for (const example of mediaExamples(document, response.content, '#')) {
          if (isObject(example.value) && example.value.Code === code) {
            return { status: Number(status), hostId: String(example.value.HostId ?? 'localhost') };
          }
        }
      }
    }
  }
  throw new Error(`the spec documents no error example with Code ${code}; the mock cannot answer it`);
}

/** The documented error body for a broken request, with the message Alibaba's gateway uses. */
export function errorBody(verdict: Exclude<WireVerdict, { ok: true }>, hostId: string): Record<string, string> {
  const message =
    verdict.code === 'MissingParameter'
      ? `The input parameter "${verdict.parameter}" that is mandatory for processing this request is not supplied.`
      : `The specified parameter "${verdict.parameter}" is not valid: ${verdict.reason}.`;
  return { Code: verdict.code, Message: message, RequestId: randomUUID().toUpperCase(), HostId: hostId };
}

/** Wire pairs -> decoded values, by each parameter's wire encoding (the one table, runtime/wire.ts). */
export function decodeWire(route: Pick<WireRoute, 'parameters' | 'hints'>, pairs: readonly WirePair[]): { values: Record<string, unknown> } | { error: Exclude<WireVerdict, { ok: true }> } {
  const values: Record<string, unknown> = {};
  for (const parameter of route.parameters) {
    const decoded = decodeParameter(parameter.wireEncoding, parameter.name, pairs, route.hints[parameter.name]);
    if (decoded === undefined) continue;
    if ('error' in decoded) return { error: { ok: false, ...decoded.error, code: 'InvalidParameter' } };
    values[parameter.name] = decoded.value;
  }
  return { values };
}
