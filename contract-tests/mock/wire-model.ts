import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSpec } from '../../generator/src/load/openapi-document.js';
import { deref, isObject, type JsonObject } from '../../generator/src/load/refs.js';
import { HTTP_METHODS } from '../../generator/src/load/openapi-document.js';
import { mergeParameters, parameterModel } from '../../generator/src/model/parameters.js';
import { mediaExamples } from '../../generator/src/model/responses.js';
import type { ParameterModel } from '../../generator/src/model/api-model.js';
import { toAjvSchema } from '../../generator/src/emit/validators.js';

/**
 * What the mock enforces, read from the spec with the generator's own loader: for each route
 * (method + path) every parameter as it travels (signer-owned and fixed ones too), with one ajv
 * validator over the decoded values. Prism skips `content` parameters; this does not.
 */
export interface WireRoute {
  method: string;
  path: string;
  operationId: string;
  parameters: ParameterModel[];
  validate: (values: Record<string, unknown>) => WireVerdict;
}

export type WireVerdict = { ok: true } | { ok: false; parameter: string; code: 'MissingParameter' | 'InvalidParameter'; reason: string };

export interface ErrorTemplate {
  status: number;
  hostId: string;
}

export interface WireModel {
  routes: WireRoute[];
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
  for (const [path, rawItem] of Object.entries(document.paths as JsonObject)) {
    const item = deref(document, rawItem, '#') as JsonObject;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const parameters = mergeParameters(document, item.parameters, op.parameters, '#', '#').map((p) => parameterModel(p, false));
      routes.push({ method: method.toUpperCase(), path, operationId: String(op.operationId), parameters, validate: routeValidator(ajv, parameters) });
    }
  }
  // Looked up once per Code: the answer to a broken request must not walk the whole document.
  const templates = new Map<string, ErrorTemplate>();
  const templateFor = (code: string) => {
    let template = templates.get(code);
    if (!template) templates.set(code, (template = errorTemplate(document, code)));
    return template;
  };
  return { routes, errorTemplate: templateFor };
}

/**
 * Checks decoded values parameter by parameter, in spec order, and names the first broken one,
 * as Alibaba's gateway does: a missing required parameter is MissingParameter, anything else
 * InvalidParameter.
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
        return { ok: false, parameter: parameter.name, code: 'InvalidParameter', reason: `${error?.instancePath || ''} ${error?.message ?? 'is not valid'}`.trim() };
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

/** Wire strings -> decoded values: JSON for `content` parameters, text otherwise. */
export function decodeWire(parameters: ParameterModel[], raw: Record<string, string>): { values: Record<string, unknown> } | { error: Exclude<WireVerdict, { ok: true }> } {
  const values: Record<string, unknown> = { ...raw };
  for (const parameter of parameters) {
    const text = raw[parameter.name];
    if (text === undefined || parameter.wireEncoding !== 'json') continue;
    try {
      values[parameter.name] = JSON.parse(text);
    } catch {
      return { error: { ok: false, parameter: parameter.name, code: 'InvalidParameter', reason: 'is not valid JSON' } };
    }
  }
  return { values };
}
