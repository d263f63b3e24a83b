import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { SpecError, pointer } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../load/refs.js';
import type { ApiModel, OperationModel } from '../model/api-model.js';
import { generatedHeader } from './header.js';

export const COMPONENTS_ID = 'components.json';

/** Keywords OpenAPI 3.1 adds to JSON Schema (section 4.8.24): annotations for a validator. */
const OPENAPI_KEYWORDS = ['xml', 'example', 'externalDocs', 'discriminator'];

/**
 * Schema refs point into the OpenAPI document (`#/components/schemas/X`); for ajv the component
 * schemas live in one schema `components.json` under `$defs`. Pure: returns a rewritten copy.
 */
export function toAjvSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toAjvSchema);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    // Specification extensions (x-*) are allowed in OpenAPI schemas; they are not keywords.
    if (key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      out.$ref = `${COMPONENTS_ID}#/$defs/${value.slice('#/components/schemas/'.length)}`;
    } else if (key === 'example' || key === 'examples' || key === 'default' || key === 'const' || key === 'enum') {
      out[key] = value;
    } else {
      out[key] = toAjvSchema(value);
    }
  }
  return out;
}

/** The object the validator checks: the operation's inputs by name (and `body`), nothing else. */
export function inputSchema(operation: OperationModel): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const parameter of operation.inputs) {
    properties[parameter.name] = toAjvSchema(parameter.schema);
    if (parameter.required) required.push(parameter.name);
  }
  if (operation.requestBody) {
    properties.body = toAjvSchema(operation.requestBody.schema);
    if (operation.requestBody.required) required.push('body');
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

export function validatorName(operation: OperationModel): string {
  return `validate${operation.typeName}Input`;
}

/**
 * One ajv instance compiles every operation's input validator into one standalone ES module
 * (shared component schemas are compiled once, not per operation). ajv's generated code
 * `require`s two runtime helpers; they are pointed at our own copies so the package has no
 * runtime dependency.
 */
export function emitValidators(model: ApiModel): { js: string; dts: string } {
  const ajv = new Ajv2020.default({
    code: { source: true, esm: true, lines: false },
    // A component used by many operations is one shared function, not a copy in each validator:
    // inlining made the validators grow with operations x references (13.7 MB at 2,000 operations).
    inlineRefs: false,
    allErrors: true,
    strict: true,
    strictTypes: false,
    // Formats are checked by the server; the client has no format library to ship.
    validateFormats: false,
    logger: false,
  });
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  const exports: Record<string, string> = {};
  const refuse = (where: string, cause: unknown): never => {
    throw new SpecError(`a schema cannot be compiled: ${(cause as Error).message}`, where, 'check the JSON Schema keywords (OpenAPI 3.1 schemas are JSON Schema 2020-12)');
  };
  // Components first, each compiled on its own, so a bad one is named by its pointer.
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: toAjvSchema(model.componentSchemas) } as object);
  for (const name of Object.keys(model.componentSchemas)) {
    try {
      ajv.getSchema(`${COMPONENTS_ID}#/$defs/${name}`);
    } catch (cause) {
      refuse(`#/components/schemas/${name}`, cause);
    }
  }
  for (const operation of model.operations) {
    const id = `input-${operation.operationId}.json`;
    try {
      ajv.addSchema({ $id: id, ...inputSchema(operation) });
      ajv.getSchema(id);
    } catch (cause) {
      refuse(pointer('paths', operation.path, operation.httpMethods[0]!.toLowerCase(), 'parameters'), cause);
    }
    exports[validatorName(operation)] = id;
  }
  const code = standaloneCode.default(ajv, exports);
  const helpers = new Set<string>();
  const portable = code.replace(/require\("ajv\/dist\/runtime\/(\w+)"\)\.default/g, (_all, helper: string) => {
    if (helper !== 'ucs2length' && helper !== 'equal') {
      throw new SpecError(`the validators need ajv's run-time helper "${helper}", which the generated package does not ship`, '#/components/schemas', 'avoid the keyword that needs it (formats and $async schemas are not supported)');
    }
    helpers.add(helper);
    return helper;
  });
  const imports = helpers.size ? `import { ${[...helpers].sort().join(', ')} } from './runtime/validator-support.js';\n` : '';
  const js = `${generatedHeader(model.specName, 'validators compiled by ajv')}${imports}${portable.replace(/^"use strict";/, '')}\n`;
  const names = Object.keys(exports);
  const dts =
    generatedHeader(model.specName, 'validators compiled by ajv') +
    `import type { InputValidator } from './runtime/operation.js';\n` +
    names.map((name) => `export declare const ${name}: InputValidator;\n`).join('');
  return { js, dts };
}
