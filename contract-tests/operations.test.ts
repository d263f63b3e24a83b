import { isDeepStrictEqual } from 'node:util';
import { describe, expect, inject, it, type TestContext } from 'vitest';
import type { Json, TransportResponse } from '../generator/src/api.js';
import { SAMPLE_ABOVE } from './support/case-sample.js';
import { baseline } from './support/derive-cases.js';
import { responseFor } from './support/documented.js';
import { type Asked, check, judgeAnswer, mentions, pageLimit, plan, probed, refusal } from './support/judge.js';
import { clientAuth, clientInput, type Kit, type KitOperation, observedTransport, openKit } from './support/kit.js';
import { redacted, redactText } from './support/redact.js';
import { isRecord, resolveSchema, typeOf } from './support/sample.js';
import { sendCase, type WireAnswer } from './support/wire-request.js';

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
  return createClient({
    endpoint: target.url,
    regionId: target.regionId,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    auth: clientAuth(kitOp.op, target.auth, target.kind),
    maxRetries: 0,
    validateResponses: true,
    transport: observedTransport(kit),
    ...options,
  });
}

declare module 'vitest' {
  interface TaskMeta {
    /** What the lenient judgement let pass in this test (report.ts counts them). */
    letPass?: string[];
  }
}

/**
 * Whether the JSON error body documented for this status has a free-text string (a string property, at most two
 * levels down or in a list's items, with no enum, const, pattern or format) that a refusal can name a parameter in.
 */
function freeText(kit: Kit, status: number, kitOp: KitOperation): boolean {
  const response = responseFor(kitOp.documented, status);
  const schema = Object.entries(response?.content ?? {}).find(([type]) => /json/.test(type))?.[1];
  if (schema === undefined) return true;
  const holds = (node: Json | undefined, depth: number): boolean => {
    const s = resolveSchema(kit.model, node);
    if (typeOf(s) === 'string') return s.enum === undefined && s.const === undefined && s.pattern === undefined && s.format === undefined;
    if (depth > 2) return false;
    const parts = [
      ...(Array.isArray(s.allOf) ? s.allOf : []),
      ...(Array.isArray(s.oneOf) ? s.oneOf : []),
      ...(Array.isArray(s.anyOf) ? s.anyOf : []),
    ];
    if (parts.some((part) => holds(part, depth + 1))) return true;
    if (s.items !== undefined && holds(s.items as Json, depth + 1)) return true;
    return isRecord(s.properties) && Object.values(s.properties).some((child) => holds(child, depth + 1));
  };
  return holds(schema, 0);
}

/** The caller's parameters of a request (the signer writes its own fresh), for a message. */
function callerValues(kitOp: KitOperation, values: Record<string, unknown>): Record<string, unknown> {
  const signer = new Set(kitOp.parameters.filter((p) => p.signer).map((p) => p.name));
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => !signer.has(name) && value !== undefined));
}

/** A raw answer the client's transport read, as the judge reads a wire answer. */
function wireAnswer(raw: TransportResponse): WireAnswer {
  const headers = Object.fromEntries(
    Object.entries(raw.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
  let json: unknown;
  try {
    json = JSON.parse(raw.body);
  } catch {
    json = undefined;
  }
  return { status: raw.status, text: raw.body, contentType: headers['content-type'] ?? '', headers, json };
}

/**
 * The judge's verdict as the test's: every problem fails it (one message, redacted, naming what
 * was sent); what the lenient judgement let pass is annotated and kept in the test's meta.
 * `anyRefusal`: a forbidden request whose documented refusal is not one status (a wrong
 * signature): any documented 4xx will do.
 */
async function judged(
  kit: Kit,
  kitOp: KitOperation,
  context: TestContext,
  answer: WireAnswer,
  asked: Asked,
  options: { anyRefusal?: boolean } = {},
): Promise<void> {
  const verdict = await judgeAnswer(kit, kitOp, answer, asked);
  const problems =
    options.anyRefusal && answer.status >= 400 && answer.status < 500
      ? verdict.problems.filter((p) => !p.includes('not refused as the spec refuses it'))
      : verdict.problems;
  if (verdict.letPass.length > 0) {
    context.task.meta.letPass = [...(context.task.meta.letPass ?? []), ...verdict.letPass.map(redactText)];
    for (const text of verdict.letPass) await context.annotate(redactText(`lenient: let pass: ${text}`));
  }
  // The problems in the message itself: reporters that keep only the message (JSON, JUnit) show them too.
  expect(problems.length, `the answer breaks the spec:\n${problems.map(redactText).join('\n')}`).toBe(0);
}

for (const kit of kits) {
  const { target } = kit.entry;
  describe(`${kit.entry.name} [${target.kind}]`, () => {
    for (const kitOp of kit.operations) {
      const mode = plan(kit, kitOp);
      describe(kitOp.label, () => {
        // The generated client reads JSON (and, for RPC, XML) bodies: an operation whose success is only another media type (an image) is called by the derived cases alone.
        const codes = kitOp.documented.responses.map((r) => r.code);
        // No 2xx documented: only a redirect (twilio-oauth's 302 /v1/authorize) or only errors (AEM's
        // script.html: 404 disabled, 405 active): a request the spec allows is answered by one of those.
        const noSuccess = codes.length > 0 && !codes.some((code) => /^2/.test(code) || code === 'default');
        const readable = kitOp.op.success.mediaTypes.length === 0 || kitOp.op.success.mediaTypes.some((type) => /json|xml/.test(type));
        // Nothing goes to a real target for an operation that may change things and names no
        // resource to probe with (README, "Contract tests"): one skipped row says so.
        const why = mode === 'skip' ? refusal(kit, kitOp, {}) : undefined;
        if (why !== undefined) it.skip(why, () => {});
        // Said, not hidden: the cases a large spec's sample leaves out (support/case-sample.ts).
        if (kitOp.casesLeftOut)
          it.skip(`${kitOp.casesLeftOut} derived cases not sent: a spec of more than ${SAMPLE_ABOVE} operations sends a sample (each shared parameter's cases on its first operation, a failing and a passing case per parameter; CONTRACT_CASES=all sends every one)`, () => {});
        // Every test that talks to the target is `redacted`: what it throws is cleaned of the run's secrets (support/redact.ts).
        it.skipIf(mode === 'skip' || !readable).for(kitOp.exampleNames)(
          'client: request example "%s" -> the answer validates',
          redacted(async (name, context) => {
            // Probes in place on a real target (for an operation that may change things), checked once more just before the call.
            const input = clientInput(kitOp, probed(kit, kitOp, baseline(kitOp.parameters, name)));
            const refused = refusal(kit, kitOp, input);
            if (refused !== undefined) throw new Error(refused);
            // The raw answer the client read, judged whole (status, content type, body, headers) whatever the client made of it.
            let raw: TransportResponse | undefined;
            const call = clientFor(kit, kitOp, { transport: observedTransport(kit, (response) => (raw = response)) })[kitOp.op.methodName]!(
              input,
            );
            if (target.kind === 'real') {
              // A real target may answer a documented error (the probe's resource does not exist;
              // a documented example names a resource this account lacks): the typed error is
              // what the client gives, and the judge says whether the answer is documented.
              const outcome = await call.then(
                (result) => ({ result }),
                (error: unknown) => ({ error: error as { status?: number } }),
              );
              // No HTTP error answer (a redirect refused, a timeout, a body the client cannot read): the client's own error says why.
              if ('error' in outcome && (raw === undefined || !(Number(outcome.error.status) >= 400))) throw outcome.error;
              await judged(kit, kitOp, context, wireAnswer(raw!), { kind: 'allowed', what: `request example "${name}"` });
              if ('error' in outcome) expect(outcome.error, String(outcome.error)).toBeInstanceOf(Error);
              else if (kitOp.successSchema && outcome.result !== undefined)
                expect(check(kit, kitOp.successSchema, outcome.result)).toBe(true);
              return;
            }
            if (codes.length === 0) {
              // No response documented (3.1 makes `responses` optional): whatever the client makes of the
              // answer, the raw answer is what is judged (any status but a 5xx, any body).
              await call.catch(() => undefined);
              if (raw === undefined) await call;
              await judged(kit, kitOp, context, wireAnswer(raw!), { kind: 'allowed', what: `request example "${name}"` });
              return;
            }
            if (noSuccess) {
              // The client follows no redirect (runtime/transport.ts) and throws on an error status, so
              // its error is the outcome; the raw answer is judged whole (documented status, body, headers).
              await expect(call).rejects.toThrow(/redirect|HTTP [45]\d\d/);
              if (raw) await judged(kit, kitOp, context, wireAnswer(raw), { kind: 'allowed', what: `request example "${name}"` });
              return;
            }
            const outcome = await call.then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            );
            if (raw) await judged(kit, kitOp, context, wireAnswer(raw), { kind: 'allowed', what: `request example "${name}"` });
            if ('error' in outcome) {
              // The judge (above) found the answer to be one the spec documents, and the client's response
              // view refuses it: a writeOnly property in the spec's own answer example (Train Travel's cvc),
              // a discriminator whose implicit values its branches' enums refuse (spotify's type "track"),
              // an answer example that breaks its schema (ghes-diff). Each is the spec's, reported once by
              // examples.test.ts; every call answered so is not another failure of the target.
              if (raw === undefined || (outcome.error as Error)?.name !== 'ResponseValidationError') throw outcome.error;
              await context.annotate(
                redactText(`the client's response view refuses a documented answer: ${(outcome.error as Error).message}`),
              );
              return;
            }
            const result = outcome.value;
            const documented = kitOp.op.success.examples.filter((e) => /json/.test(e.mediaType)).map((e) => e.value);
            // The spec's own answer example, answered as documented: whether it breaks its schema is the examples check's to say, once.
            if (kitOp.successSchema && result !== undefined && !documented.some((e) => isDeepStrictEqual(e, result)))
              expect(check(kit, kitOp.successSchema, result)).toBe(true);
            // The mock answers a documented success example (Prism's first, as no Prefer header is sent).
            if (documented.length > 0) expect(documented).toContainEqual(result);
          }),
        );

        const xmlExample = kitOp.op.success.examples.find((e) => /xml/.test(e.mediaType));
        // Where the spec documents an XML success body (Alibaba's Format=XML): on the mock, and on a real target the run may send documented requests to.
        it.runIf(mode === 'as-documented' && kitOp.op.style === 'rpc' && xmlExample !== undefined)(
          "client: format 'XML' -> the XML answer, read by the schema, validates",
          redacted(async (context: TestContext) => {
            const values = { ...baseline(kitOp.parameters, kitOp.exampleNames[0]), Format: 'XML' };
            const answer = await sendCase(kit, kitOp, values, { parameter: 'Format' });
            await judged(kit, kitOp, context, answer, {
              kind: 'allowed',
              what: 'the first request example with Format=XML',
              format: 'XML',
            });
            if (target.kind === 'mock') {
              const result = await clientFor(kit, kitOp, { format: 'XML' })[kitOp.op.methodName]!(
                clientInput(kitOp, baseline(kitOp.parameters, kitOp.exampleNames[0])),
              );
              expect(kitOp.successSchema && check(kit, kitOp.successSchema, result)).toBe(true);
            }
          }),
        );

        // The other documented methods of an RPC action (its POST form: every parameter in a form body), with the first request example.
        const otherMethods = kitOp.op.style === 'rpc' && mode !== 'skip' ? kitOp.op.httpMethods.slice(1) : [];
        it.for(otherMethods)(
          'target: the first request example by %s',
          redacted(async (method, context) => {
            const values = probed(kit, kitOp, baseline(kitOp.parameters, kitOp.exampleNames[0]));
            // The same request by the first method first: the two forms of an RPC action are one action, so they get the same status (and the same error Code, where the body has one).
            const first = await sendCase(kit, kitOp, values);
            const answer = await sendCase(kit, kitOp, values, { method });
            await judged(kit, kitOp, context, answer, { kind: 'allowed', what: `the first request example by ${method}` });
            const outcome = (a: WireAnswer) =>
              `HTTP ${a.status}${a.status >= 400 && typeof (a.json as { Code?: unknown })?.Code === 'string' ? ` ${(a.json as { Code: string }).Code}` : ''}`;
            expect(`${method}: ${outcome(answer)}`, redactText(answer.text)).toBe(`${method}: ${outcome(first)}`);
            if (target.kind === 'mock') expect(answer.status, answer.text).toBeLessThan(300);
          }),
        );

        // A signed action must refuse a wrong signature with a documented error. Not sent to the
        // mock (it checks presence only); sent to the kit's stand-in, and to any other real target
        // only with CONTRACT_ALLOW_MUTATION=1: a target that skips the check would act on it.
        const signed =
          kitOp.op.style === 'rpc' && mode !== 'skip' && target.kind === 'real' && (target.standIn === true || target.allowMutation);
        it.runIf(signed)(
          'target: the first request example with a wrong signature -> refused',
          redacted(async (context: TestContext) => {
            const values = probed(kit, kitOp, baseline(kitOp.parameters, kitOp.exampleNames[0]));
            const answer = await sendCase(kit, kitOp, values, { signature: 'wrong' });
            await judged(
              kit,
              kitOp,
              context,
              answer,
              { kind: 'forbidden', what: 'the first request example with a wrong signature' },
              { anyRefusal: true },
            );
          }),
        );

        // On a real target the signer's own parameters stay as the signer writes them: a gateway checks the signature before anything else.
        const signerOwned = new Set(kitOp.parameters.filter((p) => p.signer).map((p) => p.name));
        const wireCases =
          mode === 'skip' ? [] : kitOp.cases.filter((c) => c.onWire && (target.kind === 'mock' || !signerOwned.has(c.parameter)));
        // it.for (not it.each): it hands the test context over, to record what a real target said.
        it.for(wireCases.map((c) => [c.name, c] as const))(
          'target: %s',
          redacted(async ([, c], context) => {
            const values = probed(kit, kitOp, c.values);
            // A case about a resource parameter of an operation that may change things would not keep the probe in place: not sent, and said why.
            const refused = refusal(kit, kitOp, values, c.parameter);
            if (refused !== undefined) return context.skip(refused);
            const answer = await sendCase(kit, kitOp, values, {
              parameter: c.parameter,
              ...(c.rawWire === undefined ? {} : { rawWire: c.rawWire }),
            });
            // The whole answer, judged strictly (support/judge.ts); CONTRACT_LENIENT=1 or x-slbkit-lenient records an accepted forbidden request instead.
            await judged(kit, kitOp, context, answer, {
              kind: c.verdict === 'pass' ? 'allowed' : 'forbidden',
              what: `${c.name} (${c.constraint})`,
              ...(c.code ? { code: c.code } : {}),
              values: callerValues(kitOp, values),
              // A page size bounds a real target's list; the mock answers the spec's example list whatever it is asked.
              ...(c.verdict === 'pass' && target.kind === 'real' && pageLimit(kitOp, c.parameter, values)
                ? { pageLimit: pageLimit(kitOp, c.parameter, values) }
                : {}),
            });
            if (target.kind === 'mock') {
              // The mock is ours: its refusal names the parameter and carries the case's Code; it accepts every request the spec allows.
              if (c.verdict === 'pass') {
                expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
                expect(answer.status, answer.text).toBeLessThan(noSuccess || codes.length === 0 ? 500 : 300);
              } else {
                // A refusal documented as text (text/html, text/plain) names the parameter in its text.
                // A refusal documented with no body (judged above: the mock sends none) has nothing to name it in.
                // Only where the documented error body has room for text: Slack's {ok, error: <enum of codes>} or
                // Clerk's {errors: [...]} have no free-text string the mock could name it in.
                if (answer.text !== '' && (answer.json === undefined || freeText(kit, answer.status, kitOp)))
                  expect(mentions(answer.json ?? answer.text, c.wireName), answer.text).toBe(true);
                if (typeof (answer.json as { Code?: unknown })?.Code === 'string')
                  expect((answer.json as { Code: string }).Code).toBe(c.code);
              }
            }
          }),
        );

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
  it.each(kits.map((kit) => [kit.entry.name, kit] as const))(
    '%s: every operation has a case per parameter and one check per documented request example',
    (_name, kit) => {
      for (const kitOp of kit.operations) {
        for (const p of kitOp.parameters.filter((p) => (p.in !== 'path' || !p.required) && !p.notJson))
          expect(
            // A sampled spec checks a shared parameter on the first operation that carries it (support/case-sample.ts).
            (kitOp.casesLeftOut ? kit.operations : [kitOp]).some((k) => k.cases.some((c) => c.parameter === p.name)),
            `${kitOp.label} ${p.name}`,
          ).toBe(true);
        expect(kitOp.exampleNames.length, kitOp.label).toBeGreaterThan(0);
      }
    },
  );

  it.runIf(kits.some((k) => k.entry.bundled))('derives cases for every constraint kind the bundled spec uses', () => {
    const kit = kits.find((k) => k.entry.bundled)!;
    const kinds = new Set(kit.operations.flatMap((k) => k.cases).map((c) => c.constraint.split(':')[0]!.replace(/ .*/, '')));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'JSON',
        'enum',
        'maxItems',
        'maximum',
        'minItems',
        'minimum',
        'minLength',
        'required',
        'pattern',
        'additionalProperties',
        'oneOf',
      ]),
    );
  });
});
