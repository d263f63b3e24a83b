import { type ApiModel, loadModel } from '../../generator/src/api.js';
import { BUNDLED_SPEC } from './kits.js';

/**
 * The bundled spec's named examples, read once through the generator's model: the mock's and
 * the client's tests take their expected values from here, never from a copy in a test file.
 */
export const bundledModel: ApiModel = await loadModel(BUNDLED_SPEC);

/** A named example of a response: its status, media type and value. */
export interface ResponseExample {
  status: number;
  mediaType: string;
  name: string;
  value: unknown;
}

/** Every named response example of the model's operations (success first, then errors). */
export function responseExamples(model: ApiModel = bundledModel): ResponseExample[] {
  return model.operations.flatMap((op) =>
    [op.success, ...op.errors].flatMap((r) =>
      r.examples.map((e) => ({ status: r.status, mediaType: e.mediaType, name: e.name, value: e.value as unknown })),
    ),
  );
}

export function responseExample(name: string, mediaType = 'application/json', model: ApiModel = bundledModel): ResponseExample {
  const example = responseExamples(model).find((e) => e.name === name && e.mediaType === mediaType);
  if (!example) throw new Error(`no response example ${name} (${mediaType}) in ${model.specName}`);
  return example;
}

/** The value of a parameter's named example (decoded, for a content parameter). */
export function parameterExample(parameter: string, name: string, model: ApiModel = bundledModel): unknown {
  for (const op of model.operations) {
    const example = op.wireParameters.find((p) => p.name === parameter)?.examples.find((e) => e.name === name);
    if (example) return example.value;
  }
  throw new Error(`no example ${name} on parameter ${parameter} in ${model.specName}`);
}

/** The bundled spec's first operation, for the mock's own tests: they send it without naming it. */
export const bundledOperation = bundledModel.operations[0]!;
/** Its RPC action (`Action=` value). */
export const BUNDLED_ACTION = bundledOperation.action ?? bundledOperation.operationId;
