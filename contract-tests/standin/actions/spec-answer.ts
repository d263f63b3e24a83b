/**
 * Answers shaped by the spec: an action the local SLB keeps no state for answers its documented
 * success example (or a sample of its success schema) once its parameters are judged by the
 * model's validators; a stateful action's answer is passed through `shapeTo` so that its values
 * have the types the imported spec's response schema gives them (SLB's AddBackendServers answers
 * Weight as a string, RemoveBackendServers as an integer: the metadata says so, and a client's
 * response validator checks it).
 */
import type { ApiModel, Json, OperationModel } from '../../../generator/src/api.js';
import type { ModelAjv } from '../../support/model-ajv.js';
import { isRecord, resolveSchema, sampleOf, typeOf } from '../../support/sample.js';
import { type Answer, newRequestId } from '../errors.js';
import { compileChecks, readParameters } from './parameters.js';
import type { Action } from './remove-backend-servers.js';

/** A JSON success answer carrying its own request id (in the body when it has RequestId, and in the header). */
export function jsonAnswer(body: Record<string, unknown>, requestId = newRequestId()): Answer {
  return { status: 200, contentType: 'application/json;charset=utf-8', body: JSON.stringify({ ...body, RequestId: requestId }), requestId };
}

/**
 * A value with the types its schema says: a number where a string is expected is written as
 * text, a numeric string where a number is expected is read, properties the schema does not name
 * are dropped (when it names any), arrays and objects are shaped item by item. Anything else is
 * left as it is, for the tests' validators to judge.
 */
export function shapeTo(model: ApiModel, schema: Json | undefined, value: unknown, depth = 0): unknown {
  const s = resolveSchema(model, schema);
  if (depth > 16 || Object.keys(s).length === 0) return value;
  const type = typeOf(s);
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  if ((type === 'integer' || type === 'number') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (type === 'array' && Array.isArray(value)) return value.map((item) => shapeTo(model, s.items, item, depth + 1));
  if (type === 'object' && isRecord(value) && isRecord(s.properties)) {
    const properties = s.properties;
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      if (Object.hasOwn(properties, name) && child !== undefined) out[name] = shapeTo(model, properties[name], child, depth + 1);
    }
    return out;
  }
  return value;
}

/** The documented success example of an operation (JSON), else a sample of its success schema. */
export function documentedSuccess(model: ApiModel, operation: OperationModel): Record<string, unknown> {
  const example = operation.success.examples.find((e) => e.mediaType.includes('json') && isRecord(e.value));
  const value = example ? example.value : sampleOf(model, operation.successSchema);
  return isRecord(value) ? structuredClone(value) : {};
}

/** An action answered from the spec after its parameters are judged; state is left as it is. */
export function answerFromSpec(model: ApiModel, operation: OperationModel, ajv: ModelAjv): Action {
  // Compiled on first use: the imported spec has 93 actions, most never called in a run.
  let checks: ReturnType<typeof compileChecks> | undefined;
  const body = documentedSuccess(model, operation);
  return (params, state) => {
    const read = readParameters(params, (checks ??= compileChecks(operation.inputs, ajv)));
    if ('error' in read) return { ok: false, error: read.error };
    return { ok: true, state, answer: jsonAnswer(body) };
  };
}
