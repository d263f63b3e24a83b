import { describe, expect, inject, it } from 'vitest';
import { clientAuth, clientInput, observedTransport, openKit, type Kit, type KitOperation } from './support/kit.js';
import { baseline } from './support/derive-cases.js';
import { check, documentedRefusalStatus, mentions, plan, probed, refusal } from './support/judge.js';
import { redacted, redactText } from './support/redact.js';
import { sendCase } from './support/wire-request.js';

// The target (the enforcing mock of each spec by default; a real endpoint with CONTRACT_TARGET)
// against the spec, for every operation of every spec, with no code per operation: the
// generated client called with each documented request example, and every case derived from the
// parameters' constraints sent with the client's own encoder; every answer judged by ajv against
// the spec. Test names name the spec, the operation and the case.

const kits = await Promise.all(inject('kits').map(openKit));

type ClientLike = Record<string, (input: unknown, call?: unknown) => Promise<unknown>>;

/**
 * The generated client for this target, sending the spec's own security from its `auth` option
 * (the target's values, placeholders on the mock) and Alibaba credentials where they exist: the
 * client asks for them only for operations it signs.
 */
function clientFor(kit: Kit, kitOp: KitOperation, options: Record<string, unknown> = {}): ClientLike {
  const { target } = kit.entry;
  const createClient = kit.client.createClient as (options: Record<string, unknown>) => ClientLike;
  // validateResponses: every success body the target sends must also match the spec's schema.
  // The client's own transport, observed: the redaction step learns each signature it sends.
  return createClient({ endpoint: target.url, regionId: target.regionId, ...(target.credentials ? { credentials: target.credentials } : {}), auth: clientAuth(kitOp.op, target.auth, target.kind), maxRetries: 0, validateResponses: true, transport: observedTransport(kit), ...options });
}

for (const kit of kits) {
  const { target } = kit.entry;
  describe(`${kit.entry.name} [${target.kind}]`, () => {
    for (const kitOp of kit.operations) {
      const mode = plan(kit, kitOp);
      describe(kitOp.label, () => {
        // The generated client reads JSON (and, for RPC, XML) bodies: an operation whose success is only another media type (an image) is called by the derived cases alone.
        const readable = kitOp.op.success.mediaTypes.length === 0 || kitOp.op.success.mediaTypes.some((type) => /json|xml/.test(type));
        // Nothing goes to a real target for an operation that may change things and names no
        // resource to probe with (README, "Contract tests"): one skipped row says so.
        const why = mode === 'skip' ? refusal(kit, kitOp, {}) : undefined;
        if (why !== undefined) it.skip(why, () => {});
        // Every test that talks to the target is `redacted`: what it throws is cleaned of the run's secrets (support/redact.ts).
        it.skipIf(mode === 'skip' || !readable).each(kitOp.exampleNames)('client: request example "%s" -> the answer validates', redacted(async (name) => {
          // Probes in place on a real target (for an operation that may change things), checked once more just before the call.
          const input = clientInput(kitOp, probed(kit, kitOp, baseline(kitOp.parameters, name)));
          const refused = refusal(kit, kitOp, input);
          if (refused !== undefined) throw new Error(refused);
          const call = clientFor(kit, kitOp)[kitOp.op.methodName]!(input);
          if (mode === 'probe') {
            // A resource that does not exist: a typed error with a 4xx status, or (an idempotent
            // delete may say so) a success; either way a body the spec documents.
            const outcome = await call.then((result) => ({ result }), (error: unknown) => ({ error: error as { status?: number } }));
            if ('error' in outcome) {
              expect(outcome.error, String(outcome.error)).toBeInstanceOf(Error);
              expect(outcome.error.status, String(outcome.error)).toBeGreaterThanOrEqual(400);
              expect(outcome.error.status, String(outcome.error)).toBeLessThan(500);
            } else if (kitOp.successSchema && outcome.result !== undefined) expect(check(kit, kitOp.successSchema, outcome.result)).toBe(true);
            return;
          }
          const result = await call;
          if (kitOp.successSchema && result !== undefined) expect(check(kit, kitOp.successSchema, result)).toBe(true);
          const documented = kitOp.op.success.examples.filter((e) => /json/.test(e.mediaType)).map((e) => e.value);
          // The mock answers a documented success example (Prism's first, as no Prefer header is sent).
          if (target.kind === 'mock' && documented.length > 0) expect(documented).toContainEqual(result);
        }));

        const xmlExample = kitOp.op.success.examples.find((e) => /xml/.test(e.mediaType));
        // Only where the spec documents an XML success body (Alibaba's Format=XML), and on the mock: a real gateway's XML is not documented beyond the example.
        it.runIf(target.kind === 'mock' && kitOp.op.style === 'rpc' && xmlExample !== undefined)("client: format 'XML' -> the XML answer, read by the schema, validates", async () => {
          const result = await clientFor(kit, kitOp, { format: 'XML' })[kitOp.op.methodName]!(clientInput(kitOp, baseline(kitOp.parameters, kitOp.exampleNames[0])));
          expect(kitOp.successSchema && check(kit, kitOp.successSchema, result)).toBe(true);
        });

        // On a real target the signer's own parameters stay as the signer writes them: a gateway checks the signature before anything else.
        const signerOwned = new Set(kitOp.parameters.filter((p) => p.signer).map((p) => p.name));
        const wireCases = mode === 'skip' ? [] : kitOp.cases.filter((c) => c.onWire && (target.kind === 'mock' || !signerOwned.has(c.parameter)));
        // it.for (not it.each): it hands the test context over, to record what a real target said.
        it.for(wireCases.map((c) => [c.name, c] as const))('target: %s', redacted(async ([, c], context) => {
          const values = probed(kit, kitOp, c.values);
          // A case about a resource parameter of an operation that may change things would not keep the probe in place: not sent, and said why.
          const refused = refusal(kit, kitOp, values, c.parameter);
          if (refused !== undefined) return context.skip(refused);
          const answer = await sendCase(kit, kitOp, values, { parameter: c.parameter, ...(c.rawWire === undefined ? {} : { rawWire: c.rawWire }) });
          const errorSchema = kitOp.errorSchema(answer.status);
          if (target.kind === 'mock') {
            if (c.verdict === 'pass') {
              expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
              expect(answer.status, answer.text).toBeLessThan(300);
              if (kitOp.successSchema && answer.json !== undefined) expect(check(kit, kitOp.successSchema, answer.json), answer.text).toBe(true);
            } else {
              expect(answer.status, answer.text).toBe(documentedRefusalStatus(kitOp, c.code!));
              if (errorSchema) expect(check(kit, errorSchema, answer.json), answer.text).toBe(true);
              expect(mentions(answer.json, c.wireName), answer.text).toBe(true);
              if (typeof (answer.json as { Code?: unknown })?.Code === 'string') expect((answer.json as { Code: string }).Code).toBe(c.code);
            }
            return;
          }
          // A real target: whatever it answers must be a body the spec documents.
          if (answer.status >= 400 && errorSchema) expect(check(kit, errorSchema, answer.json), answer.text).toBe(true);
          if (answer.status < 300 && kitOp.successSchema && answer.json !== undefined) expect(check(kit, kitOp.successSchema, answer.json), answer.text).toBe(true);
          if (c.verdict === 'fail') {
            // The spec may be stricter than the gateway (the client refuses first either way): a case the target let through is recorded, not failed.
            await context.annotate(redactText(answer.status >= 400 ? `refused by ${target.label}: HTTP ${answer.status}` : `looser than the spec: ${target.label} accepted it`));
          }
        }));

        const inputCases = kitOp.cases.filter((c) => c.inInput);
        it.each(inputCases.map((c) => [c.name, c] as const))('client validator: %s', (_name, c) => {
          const input = clientInput(kitOp, c.values);
          expect(kitOp.descriptor.validate(input), JSON.stringify(kitOp.descriptor.validate.errors)).toBe(c.verdict === 'pass');
        });
      });
    }
  });
}

describe('the derivation covers the spec', () => {
  it.each(kits.map((kit) => [kit.entry.name, kit] as const))('%s: every operation has a case per parameter and one check per documented request example', (_name, kit) => {
    for (const kitOp of kit.operations) {
      for (const p of kitOp.parameters.filter((p) => p.in !== 'path' || !p.required)) expect(kitOp.cases.some((c) => c.parameter === p.name), `${kitOp.label} ${p.name}`).toBe(true);
      expect(kitOp.exampleNames.length, kitOp.label).toBeGreaterThan(0);
    }
  });

  it.runIf(kits.some((k) => k.entry.bundled))('derives cases for every constraint kind the bundled spec uses', () => {
    const kit = kits.find((k) => k.entry.bundled)!;
    const kinds = new Set(kit.operations.flatMap((k) => k.cases).map((c) => c.constraint.split(':')[0]!.replace(/ .*/, '')));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['JSON', 'enum', 'maxItems', 'maximum', 'minItems', 'minimum', 'minLength', 'required', 'pattern', 'additionalProperties', 'oneOf']));
  });
});
