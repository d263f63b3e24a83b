/**
 * The generator's one door for the contract kit (contract-tests/: the mock, the contract suite,
 * the stand-in): everything the kit uses of generator/src and generator/runtime is exported here
 * and nowhere else, so the kit reads the spec exactly as the client was printed from it, and a
 * change inside the generator that the kit depends on shows up as a change to this file.
 * generator/test/kit-door.test.ts refuses any other import from contract-tests/ into generator/.
 *
 * - Load and model, nothing emitted: `loadModelAndDocument`, the model's types, ajv's view of a
 *   schema, and `generateFromFile` (the kit builds a client per spec to call it).
 * - Spec errors and how the CLIs print them: `SpecError`, `printable`, `escapeInvisible`, and
 *   `closest`/`flagHint` for "did you mean" on a mistyped flag.
 * - The loader's reading of JSON data (`isDataKey`, `NAME_MAPS`, `resolvePointer`), so Prism is
 *   handed the document with `$ref` and data keys told apart by the same rule.
 * - From the runtime that ships in every client, what the kit must do as the client does: the
 *   wire encodings' types (the decoder is the kit's, contract-tests/mock/wire-decode.ts), the
 *   transport's types and redirect rule, the secret redactor, and the XML body parser.
 */

import { asSpecError } from './generate.js';
import { loadSpec } from './load/openapi-document.js';
import type { JsonObject } from './load/refs.js';
import type { ApiModel } from './model/api-model.js';
import { buildApiModel } from './model/build.js';

export { redactError, redactor } from '../runtime/errors.js';
export { redirectTarget, type Transport, type TransportResponse } from '../runtime/transport.js';
export type { WireEncoding, WirePair } from '../runtime/wire.js';
export { parseXmlBody } from '../runtime/xml.js';
/** ajv's strict mode as warnings naming the schema's pointer (the generator's one rule, reused by the kit's ajv). */
export { compiling, LENIENT_STRICTNESS, readDraft04Id } from './emit/ajv-compile.js';
/** A schema of the model as ajv reads it: `#/components/schemas/X` -> `components.json#/$defs/X`. */
export { COMPONENTS_ID, toAjvSchema } from './emit/validators.js';
export { escapeInvisible, printable, SpecError } from './errors.js';
export { generateFromFile } from './generate.js';
export { isDataKey, isObject, type Json, type JsonObject, NAME_MAPS, resolvePointer } from './load/refs.js';
export type {
  ApiModel,
  ExampleModel,
  LinkModel,
  OperationModel,
  ParameterModel,
  ResponseModel,
  SecurityRequirementModel,
  SecuritySchemeModel,
} from './model/api-model.js';
export type { XmlShapeModel } from './model/xml-shape.js';
export { closest, flagHint } from './suggest.js';

export interface LoadedModel {
  model: ApiModel;
  /** The document as the loader read and checked it (every `$ref` local and resolvable). */
  document: JsonObject;
}

/** spec file -> model (and the checked document, for Prism). A broken spec is a SpecError with its location. */
export async function loadModelAndDocument(specFile: string): Promise<LoadedModel> {
  let loaded;
  try {
    loaded = await loadSpec(specFile);
    return { model: buildApiModel(loaded), document: loaded.document };
  } catch (error) {
    throw asSpecError(error, loaded ? 'modelling the spec' : 'reading the spec', specFile);
  }
}

/** spec file -> the model every emitter prints from, with what the contract kit reads. */
export async function loadModel(specFile: string): Promise<ApiModel> {
  return (await loadModelAndDocument(specFile)).model;
}
