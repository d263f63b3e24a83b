/**
 * An action's parameter values, judged by the model's own schemas compiled with the kit's ajv
 * (contract-tests/support/model-ajv.ts): no schema is copied here. The gateway is looser than the
 * spec in two documented ways (a number sent as a numeric string, an unknown property of an
 * object ignored); outside `conform` those are repaired before the value is judged again.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ParameterModel } from '../../../generator/src/api.js';
import { decodeWire } from '../../mock/wire-decode.js';
import type { ModelAjv } from '../../support/model-ajv.js';
import { type GatewayError, invalid, missing } from '../errors.js';

export interface ParameterCheck {
  parameter: ParameterModel;
  validate: ValidateFunction;
}

/** One compiled validator per parameter, once per server. */
export function compileChecks(parameters: readonly ParameterModel[], ajv: ModelAjv): ParameterCheck[] {
  return parameters.map((parameter) => ({ parameter, validate: ajv.compile(parameter.schema) }));
}

/** The value of each parameter present, decoded as it travels and judged; a required one absent is missing. */
export function readParameters(
  params: Readonly<Record<string, string>>,
  checks: readonly ParameterCheck[],
  options: { conform?: boolean } = {},
): { values: Record<string, unknown> } | { error: GatewayError } {
  const pairs = Object.entries(params);
  for (const { parameter } of checks) {
    if (parameter.required && !params[parameter.name]) return { error: missing(parameter.name) };
  }
  const values: Record<string, unknown> = {};
  for (const { parameter, validate } of checks) {
    const decoded = decodeWire(parameter.wireEncoding, parameter.name, pairs, parameter.schema as object);
    if (decoded === undefined) continue;
    if ('error' in decoded)
      return { error: invalid(parameter.name, parameter.wireEncoding === 'json' ? 'not JSON' : decoded.error.reason) };
    let value = decoded.value;
    // A number travels as text; decodeWire reads it for a plain numeric schema, not for a oneOf
    // or anyOf of numbers (SLB's Bandwidth: 1-5000 or -1), which the text then fails.
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) && !validate(value) && validate(Number(value)))
      value = Number(value);
    // Each repair removes one error, so the loop ends; the bound is a second guard.
    for (let round = 0; !validate(value) && round < 64; round += 1) {
      if (options.conform || !repairLeniently(value, validate.errors ?? [])) break;
    }
    if (!validate(value)) return { error: invalid(...explain(parameter.name, value, validate.errors ?? [])) };
    values[parameter.name] = value;
  }
  return { values };
}

/**
 * What the gateway tolerates and the spec does not: `"Weight":"0"` read as 0, and a property the
 * schema does not name ignored. Edits the value in place; false when nothing was repairable.
 */
function repairLeniently(value: unknown, errors: readonly ErrorObject[]): boolean {
  let repaired = false;
  for (const error of errors) {
    const [holder, key] = parentOf(value, error.instancePath);
    if (holder === undefined) continue;
    if (error.keyword === 'additionalProperties') {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      const object = key === undefined ? holder : holder[key];
      if (isObject(object) && name in object) {
        delete object[name];
        repaired = true;
      }
    } else if (error.keyword === 'type' && key !== undefined && /^(integer|number)$/.test(String(error.params.type))) {
      const text = holder[key];
      if (typeof text === 'string' && text.trim() !== '' && Number.isFinite(Number(text))) {
        holder[key] = Number(text);
        repaired = true;
      }
    }
  }
  return repaired;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The object or array holding the value at a JSON pointer, and its key there ([value] for the root). */
function parentOf(root: unknown, pointer: string): [Record<string, unknown> | undefined, string | undefined] {
  const keys =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (keys.length === 0) return [isObject(root) ? root : undefined, undefined];
  let holder: unknown = root;
  for (const key of keys.slice(0, -1)) holder = isObject(holder) ? holder[key] : undefined;
  return [isObject(holder) ? holder : undefined, keys.at(-1)];
}

/**
 * ajv's errors -> the parameter path the gateway names (`BackendServers[0].Weight`) and why.
 * The deepest error is the one a caller can act on; oneOf's summary and the type errors of the
 * branches that do not apply say less than a branch's own keyword.
 */
function explain(name: string, value: unknown, errors: readonly ErrorObject[]): [string, string] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const deepest = Math.max(...specific.map(depth));
  const atDeepest = specific.filter((e) => depth(e) === deepest);
  const chosen = atDeepest.find((e) => e.keyword !== 'type') ?? atDeepest[0] ?? errors[0];
  if (!chosen) return [name, 'not valid'];
  const path = name + chosen.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
  switch (chosen.keyword) {
    case 'required':
      return [`${path}.${(chosen.params as { missingProperty: string }).missingProperty}`, 'missing'];
    case 'additionalProperties':
      return [`${path}.${(chosen.params as { additionalProperty: string }).additionalProperty}`, 'not a property the spec names'];
    case 'minItems':
    case 'maxItems':
      return [path, `lists ${(value as unknown[]).length} servers, ${chosen.message}`];
    case 'type': {
      const types = [...new Set(atDeepest.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)))];
      return [path, chosen.instancePath === '' ? `not a JSON ${types.join(' or ')}` : `must be ${types.join(' or ')}`];
    }
    default:
      return [path, chosen.message ?? 'not valid'];
  }
}
