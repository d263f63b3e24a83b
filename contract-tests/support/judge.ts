import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Kit, KitOperation } from './kit.js';

/**
 * The status the spec documents for a refused request with this Code: the status of an error
 * example with that Code (Alibaba documents InvalidParameter so), else 422 when the operation
 * documents 422 and not 400, else 400 (RFC 9110 section 15.5.1).
 */
export function documentedRefusalStatus(kitOp: KitOperation, code: string): number {
  const { errors } = kitOp.op;
  for (const response of errors) {
    if (response.examples.some((e) => typeof e.value === 'object' && e.value !== null && (e.value as Record<string, unknown>).Code === code)) return response.status;
  }
  return errors.some((r) => r.status === 422) && !errors.some((r) => r.status === 400) ? 422 : 400;
}

/** Whether some string in the body names the wire parameter in quotes (`"Tag.2.Key"`). */
export function mentions(json: unknown, name: string): boolean {
  if (typeof json === 'string') return json.includes(`"${name}"`);
  if (Array.isArray(json)) return json.some((v) => mentions(v, name));
  if (typeof json === 'object' && json !== null) return Object.values(json).some((v) => mentions(v, name));
  return false;
}

/** ajv's verdict with its errors, as one line for an assertion message. */
export function check(kit: Kit, validate: ValidateFunction, value: unknown): string | true {
  return validate(value) ? true : kit.ajv.explain(validate);
}

/** Parameters whose values name a resource: replaced by one that cannot exist on a real target. */
export function probeParameters(kitOp: KitOperation): string[] {
  return kitOp.parameters
    .filter((p) => p.input && p.required && (p.in === 'path' || (kitOp.op.style === 'rpc' && /[a-z]Id$/.test(p.name) && !/^(Region|Zone|ResourceGroup|Owner)Id$/.test(p.name))))
    .map((p) => p.name);
}

/**
 * What a run may send to this operation (README, "Contract tests"): on the mock, everything; on a
 * real target, the documented requests of a read-only operation (or any with
 * CONTRACT_ALLOW_MUTATION=1); otherwise only requests naming a resource that cannot exist
 * (`probe`), and nothing when the operation has no parameter that names one.
 */
export function plan(kit: Kit, kitOp: KitOperation): 'as-documented' | 'probe' | 'skip' {
  const { target } = kit.entry;
  if (target.kind === 'mock' || kitOp.op.readOnly === true || target.allowMutation) return 'as-documented';
  return probeParameters(kitOp).length > 0 ? 'probe' : 'skip';
}
