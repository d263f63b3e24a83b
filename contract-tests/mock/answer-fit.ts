import type { ValidateFunction } from 'ajv/dist/2020.js';
import { FORMAT_SAMPLES } from '../support/sample.js';

/**
 * A success body made to fit the schema the spec documents for it. Prism's static sample writes
 * "string" for any string (discord's snowflake `pattern`, `format: byte` in Google's APIs) and
 * ignores `multipleOf`; a spec's example may break its own schema (asana's dates). Such a body is
 * no answer of the spec, and the contract suite rightly fails it. What breaks one keyword is put
 * right in place (a value of that format, the enum's first value, a number moved to its limit or
 * multiple, a text or list cut or padded, the empty value of the type); a pattern is the caller's
 * to rebuild (Prism's dynamic mode honours it).
 */

/** The body text as it is when it validates, a fitted copy when what broke it can be put right in place, else undefined. */
export function fitAnswer(check: ValidateFunction, text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (check(value)) return text;
  for (let fixes = 0; fixes < 64; fixes++) {
    const error = check.errors?.[0];
    if (!error) return undefined;
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
    const holder = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], value);
    const current = path.length === 0 ? value : (holder as Record<string, unknown> | undefined)?.[path.at(-1)!];
    const wanted = fitted(error.keyword, error.params as Record<string, unknown>, current);
    if (wanted === NO_FIT) return undefined;
    if (path.length === 0) value = wanted;
    else if (typeof holder === 'object' && holder !== null) (holder as Record<string, unknown>)[path.at(-1)!] = wanted;
    else return undefined;
    if (check(value)) return JSON.stringify(value);
  }
  return undefined;
}

const NO_FIT = Symbol('no fit');

/** The value put in place of one that breaks one keyword (ajv's error params), or NO_FIT (a pattern: the caller rebuilds). */
function fitted(keyword: string, params: Record<string, unknown>, value: unknown): unknown {
  const limit = params.limit as number;
  switch (keyword) {
    case 'format':
      return FORMAT_SAMPLES[String(params.format)] ?? NO_FIT;
    case 'enum':
      return (params.allowedValues as unknown[])[0];
    case 'const':
      return params.allowedValue;
    case 'multipleOf':
      return typeof value === 'number' ? Math.ceil(value / (params.multipleOf as number)) * (params.multipleOf as number) : NO_FIT;
    case 'minimum':
    case 'maximum':
      return limit;
    case 'exclusiveMinimum':
      return limit + 1;
    case 'exclusiveMaximum':
      return limit - 1;
    case 'maxLength':
      return typeof value === 'string' ? [...value].slice(0, limit).join('') : NO_FIT;
    case 'minLength':
      return typeof value === 'string' ? value.padEnd(limit, 'x') : NO_FIT;
    case 'required':
      // A required property the schema does not describe (openapi-fetch-common's `required: [status]`): any value holds.
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? { ...value, [String(params.missingProperty)]: 'string' }
        : NO_FIT;
    case 'maxItems':
      return Array.isArray(value) ? value.slice(0, limit) : NO_FIT;
    case 'type': {
      const type = String(params.type).split(',')[0];
      const empty: Record<string, unknown> = { null: null, string: 'string', integer: 0, number: 0, boolean: false, array: [], object: {} };
      return type !== undefined && type in empty ? empty[type] : NO_FIT;
    }
    default:
      return NO_FIT;
  }
}
