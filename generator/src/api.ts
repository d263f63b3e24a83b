/**
 * The generator's public API for readers of a spec other than the emitters: the mock, the
 * contract suite, the stand-in. Load and model, nothing emitted: one reader of the spec, so that
 * the mock enforces, and the suite checks, exactly what the client was printed from.
 */

import { asSpecError } from './generate.js';
import { loadSpec } from './load/openapi-document.js';
import type { JsonObject } from './load/refs.js';
import type { ApiModel } from './model/api-model.js';
import { buildApiModel } from './model/build.js';

export type { WireEncoding } from '../runtime/wire.js';
/** A schema of the model as ajv reads it: `#/components/schemas/X` -> `components.json#/$defs/X`. */
export { COMPONENTS_ID, toAjvSchema } from './emit/validators.js';
export { SpecError } from './errors.js';
export type { Json, JsonObject } from './load/refs.js';
export type {
  ApiModel,
  ExampleModel,
  OperationModel,
  ParameterModel,
  ResponseModel,
  SecurityRequirementModel,
  SecuritySchemeModel,
} from './model/api-model.js';
export type { XmlShapeModel } from './model/xml-shape.js';

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
