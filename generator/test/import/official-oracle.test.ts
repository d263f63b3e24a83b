/**
 * The oracle on Alibaba's official runtime (issue 22, item 2): for every action of the imported
 * SLB spec (spec/slb-2014-05-15.imported.yaml, 93 actions), in signature V1 and V3, slbkit's
 * client and @alicloud/openapi-core 1.0.8 (as the generated SLB SDK calls it: official-oracle.ts)
 * send the same call to one capture server on 127.0.0.1; the two requests must agree on method,
 * path, every parameter and the protocol headers, and the stand-in's gateway must accept both
 * (its own V1/V3 verifiers, routing by Action or x-acs-action, the STS token).
 *
 * Inputs are random (fast-check, drawn from each action's input schemas: every value one the
 * spec allows, so slbkit's validation lets it through). In `npm test` each action runs once per
 * version from a fixed seed (186 rows, a few seconds); `npm run oracle` runs ORACLE_RUNS (25)
 * random inputs per row, and prints the seed of any failure (ORACLE_SEED replays it).
 *
 * The V3 rows use slbkit's defaults (no signatureVersion, no method): they show the change of
 * issue 22 item 1, and fail on the code before it (all 93: V1 by default, Action/Version/Format in a V3 query,
 * no x-acs-accesskey-id with STS). The V1 rows name V1 and keep the default method, POST.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiModel, type Json, loadModel, type OperationModel } from '../../src/api.js';
import { REPO } from '../cli-harness.js';
import { importSourcePackage } from '../source-package.js';
import { type CaptureServer, callOfficial, type Keys, type SignatureVersion, startCaptureServer, wireView } from './official-oracle.js';

const IMPORTED = `${REPO}/spec/slb-2014-05-15.imported.yaml`;
const RUNS = Number(process.env.ORACLE_RUNS ?? 1);
const SEED = process.env.ORACLE_SEED === undefined ? (RUNS === 1 ? 22 : undefined) : Number(process.env.ORACLE_SEED);
const AK: Keys = { accessKeyId: 'oracle-ak', accessKeySecret: 'oracle-secret' };
const STS: Keys = { accessKeyId: 'STS.oracle-sts', accessKeySecret: 'oracle-sts-secret', securityToken: 'CAIS/oracle+token==' };

type SlbClient = Record<string, (input: unknown) => Promise<unknown>>;
let model: ApiModel;
let createClient: (options: Record<string, unknown>) => SlbClient;
let capture: CaptureServer;
beforeAll(async () => {
  [model, { createClient }, capture] = await Promise.all([
    loadModel(IMPORTED),
    importSourcePackage<{ createClient: typeof createClient }>(IMPORTED),
    startCaptureServer(),
  ]);
}, 180_000);
afterAll(() => capture?.close());

/** A value the schema allows (the imported spec's keywords: type, enum, const, oneOf, bounds, items, properties, required). */
function arbitraryOf(schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return fc.string({ maxLength: 8 });
  const s = schema as Record<string, Json>;
  if (typeof s.$ref === 'string') return arbitraryOf(model.componentSchemas[s.$ref.split('/').pop()!], depth);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const choices = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (Array.isArray(choices)) return fc.oneof(...choices.map((choice) => arbitraryOf(choice, depth)));
  const bound = (name: string, fallback: number) => (typeof s[name] === 'number' ? (s[name] as number) : fallback);
  switch (s.type) {
    case 'integer': {
      // int32's range, else the integers a JavaScript number holds exactly (both clients write them with toString).
      const [low, high] = s.format === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      return fc.integer({ min: bound('minimum', low), max: bound('maximum', high) });
    }
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: bound('minimum', -1e9), max: bound('maximum', 1e9) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitraryOf(s.items, depth + 1), { maxLength: Math.min(bound('maxItems', 3), depth ? 2 : 3) });
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, Json>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      return fc.record(Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, arbitraryOf(sub, depth + 1)])), {
        requiredKeys: required.filter((name) => name in properties),
        // Plain objects, as an SDK caller writes them (openapi-core's flattening tests `instanceof Object`).
        noNullPrototype: true,
      });
    }
    default:
      // Any text, non-ASCII and astral characters included: both sides percent-encode the UTF-8 bytes.
      return fc.string({ unit: 'binary', maxLength: 12 });
  }
}

/** An action's input: each parameter drawn from its schema, the required ones always present. */
function inputOf(op: OperationModel): fc.Arbitrary<Record<string, unknown>> {
  const required = op.inputs.filter((p) => p.required).map((p) => p.name);
  return fc.record(Object.fromEntries(op.inputs.map((p) => [p.name, arbitraryOf(p.schema)])), {
    requiredKeys: required,
    noNullPrototype: true,
  }) as fc.Arbitrary<Record<string, unknown>>;
}

/** The request object of the official SDK for the same input: a JSON-text parameter is the JSON text the caller gives it. */
function officialQuery(op: OperationModel, input: Record<string, unknown>): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const p of op.inputs)
    if (input[p.name] !== undefined) query[p.name] = p.wireEncoding === 'json' ? JSON.stringify(input[p.name]) : input[p.name];
  return query;
}

async function bothRequests(op: OperationModel, version: SignatureVersion, keys: Keys, drawn: Record<string, unknown>) {
  const input = { ...drawn };
  // slbkit fills an absent idempotency token with a fresh UUID; the official SDK sends none: give both the same.
  if (op.idempotency?.kind === 'token' && input[op.idempotency.parameter] === undefined) input[op.idempotency.parameter] = 'oracle-token';
  const from = capture.requests.length;
  // V3: slbkit's defaults, nothing named. V1: named; the method stays the default (POST, as the official SDK).
  const client = createClient({
    endpoint: capture.url,
    credentials: keys,
    maxRetries: 0,
    ...(version === 'v1' ? { signatureVersion: 'v1' } : {}),
  });
  await client[op.methodName]!(input);
  await callOfficial(capture, version, keys, op.action!, op.version!, officialQuery(op, input));
  const [ours, theirs] = capture.requests.slice(from).map((captured) => wireView(captured, version, keys, op.action!, op.version!));
  return { ours: ours!, theirs: theirs! };
}

// The rows are the actions of the imported spec, read from the file at collection (as official-requests.test.ts does).
const ACTIONS = [...readFileSync(IMPORTED, 'utf8').matchAll(/^ {2}\/\?Action=(\w+):$/gm)].map((m) => m[1]!);
const ROWS = ACTIONS.flatMap((action, i) => (['v1', 'v3'] as const).map((version) => [action, version, i % 2 === 1] as const));

describe('each imported SLB action, as slbkit and as the official runtime send it', () => {
  it('covers all 93 actions of the spec, in both signature versions', () => {
    expect(new Set(ACTIONS).size).toBe(93);
    expect(model.operations.map((op) => op.action).sort()).toEqual([...ACTIONS].sort());
    expect(ROWS).toHaveLength(186);
  });

  it.each(ROWS)('%s (%s, STS keys on every other action)', async (action, version, sts) => {
    const op = model.operations.find((o) => o.action === action)!;
    await fc.assert(
      fc.asyncProperty(inputOf(op), RUNS === 1 ? fc.constant(sts) : fc.boolean(), async (input, useSts) => {
        const { ours, theirs } = await bothRequests(op, version, useSts ? STS : AK, input);
        expect(ours).toEqual(theirs);
        expect(ours.gateway).toBe(`accepted ${action}`);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
