import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Kit, KitOperation } from './kit.js';
import { resolveSchema, sampleOf } from './sample.js';
import { ABSENT_RESOURCE } from './target.js';

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
  if (mayChange(kit, kitOp) === false) return 'as-documented';
  return probeParameters(kitOp).length > 0 ? 'probe' : 'skip';
}

/** Whether a request to this operation may change something the run is not allowed to change. */
function mayChange(kit: Kit, kitOp: KitOperation): boolean {
  const { target } = kit.entry;
  return !(target.kind === 'mock' || kitOp.op.readOnly === true || target.allowMutation);
}

/**
 * The probe value of a resource parameter: ABSENT_RESOURCE where its schema takes it, else a
 * value built from the schema (a uuid, a pattern's shortest text) that no real resource is likely
 * to have. The same value every time, so that the sender can check it is in place.
 */
export function probeValue(kit: Kit, kitOp: KitOperation, name: string): unknown {
  const schema = kitOp.parameters.find((p) => p.name === name)!.schema;
  const { example: _example, examples: _examples, default: _default, ...unlikely } = resolveSchema(kit.model, schema);
  return kit.ajv.compile(schema)(ABSENT_RESOURCE) ? ABSENT_RESOURCE : sampleOf(kit.model, unlikely);
}

/** The values with every resource parameter replaced by its probe (on a real target, for an operation that may change things). */
export function probed(kit: Kit, kitOp: KitOperation, values: Record<string, unknown>): Record<string, unknown> {
  if (plan(kit, kitOp) !== 'probe') return values;
  const out = { ...values };
  for (const name of probeParameters(kitOp)) out[name] = probeValue(kit, kitOp, name);
  return out;
}

/**
 * Why this request must not go to the target, or undefined when it may: the one rule every
 * sender (the generated client's calls and the raw wire requests) checks just before sending.
 * An operation that may change something gets a request only with every resource parameter at
 * its probe: a case that breaks a resource parameter (leaves it out, makes it too long) would
 * otherwise be a complete call naming no probe, and a lenient target would act on it.
 */
export function refusal(kit: Kit, kitOp: KitOperation, values: Record<string, unknown>, parameter?: string): string | undefined {
  if (!mayChange(kit, kitOp)) return undefined;
  const probes = probeParameters(kitOp);
  const allow = 'CONTRACT_ALLOW_MUTATION=1 sends it as documented';
  if (probes.length === 0) return `not sent to ${kit.entry.target.label}: ${kitOp.label} may change something and has no parameter naming a resource to replace with one that cannot exist (${allow})`;
  if (parameter !== undefined && probes.includes(parameter)) return `not sent to ${kit.entry.target.label}: the case changes ${parameter}, which must hold the probe of a resource that cannot exist (${allow})`;
  const missing = probes.filter((name) => JSON.stringify(values[name]) !== JSON.stringify(probeValue(kit, kitOp, name)));
  if (missing.length > 0) return `not sent to ${kit.entry.target.label}: ${missing.join(', ')} must hold the probe of a resource that cannot exist (${allow})`;
  return undefined;
}
