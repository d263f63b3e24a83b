import { beforeAll, describe, expect, inject, it } from 'vitest';
import { plan, probed, refusal } from '../support/judge.js';
import { type Kit, openKit } from '../support/kit.js';
import { entryName } from '../support/kits.js';
import { ABSENT_RESOURCE, type ContractTarget } from '../support/target.js';
import { FIXTURE } from './run-suite.js';

// The rule itself, on the fixture's operations (what the child runs of mutation.test.ts show end
// to end): what each operation may be sent on a real target, and which derived cases of an
// operation with a resource parameter go out (always with the probe in place) or stay home.

const target = (allowMutation: boolean): ContractTarget => ({
  kind: 'real',
  url: 'http://127.0.0.1:9',
  label: 'real http://127.0.0.1:9',
  credentials: { accessKeyId: 'plan-id', accessKeySecret: 'plan-secret' },
  auth: { bearerAuth: 'plan-token' },
  regionId: 'cn-hangzhou',
  allowMutation,
});
const kits: Record<'real' | 'allowed', Kit> = {} as never;
beforeAll(async () => {
  const entry = { spec: FIXTURE, name: entryName(FIXTURE), clientDir: inject('preparedClients')[FIXTURE]!, bundled: false };
  kits.real = await openKit({ ...entry, target: target(false) });
  kits.allowed = await openKit({ ...entry, target: target(true) });
});
const op = (kit: Kit, label: string) => kit.operations.find((k) => k.label === label)!;

describe('plan: what an operation may be sent on a real target', () => {
  it.each([
    ['CreateThing (RPC)', 'skip'],
    ['DeleteThing (RPC)', 'probe'],
    ['DescribeThings (RPC)', 'as-documented'],
    ['listOrders (GET /orders)', 'as-documented'],
    ['createOrder (POST /orders)', 'skip'],
    ['deleteOrder (DELETE /orders/{orderId})', 'probe'],
    // The schema refuses the probe text: no value can surely name nothing (the review of issue 17
    // saw DELETE /users/1, PUT of Swagger's example uuid and POST /stores/main/orders go out).
    ['deleteUser (DELETE /users/{userId})', 'skip'],
    ['putAccount (PUT /accounts/{accountId})', 'skip'],
    ['createStoreOrder (POST /stores/{store}/orders)', 'skip'],
  ])('%s -> %s (CONTRACT_ALLOW_MUTATION=1: as-documented)', (label, expected) => {
    expect(plan(kits.real, op(kits.real, label))).toBe(expected);
    expect(plan(kits.allowed, op(kits.allowed, label))).toBe('as-documented');
  });
});

describe('refusal: the check every sender makes just before sending', () => {
  it.each([
    ['CreateThing (RPC)', 'Name minLength: 0 -> fail', 'CreateThing (RPC) may change something and has no parameter naming a resource'],
    [
      'createOrder (POST /orders)',
      'body /item enum: a value outside it -> fail',
      'createOrder (POST /orders) may change something and has no parameter naming a resource',
    ],
    ['DeleteThing (RPC)', 'ThingId required: absent -> fail', 'the case changes ThingId, which must hold the probe'],
    ['DeleteThing (RPC)', 'ThingId maxLength: 64 -> pass', 'the case changes ThingId, which must hold the probe'],
    ['deleteOrder (DELETE /orders/{orderId})', 'orderId maxLength: 65 -> fail', 'the case changes orderId, which must hold the probe'],
    ['DeleteThing (RPC)', 'RegionId required: absent -> fail', undefined],
    ['deleteOrder (DELETE /orders/{orderId})', 'reason enum: a value outside it -> fail', undefined],
    ['DescribeThings (RPC)', 'PageSize maximum: 51 -> fail', undefined],
  ])('%s, case "%s": %s', (label, name, why) => {
    const kitOp = op(kits.real, label);
    const c = kitOp.cases.find((k) => k.name === name);
    expect(c, `${name} among ${kitOp.cases.map((k) => k.name).join(' | ')}`).toBeDefined();
    const values = probed(kits.real, kitOp, c!.values);
    if (why === undefined) expect(refusal(kits.real, kitOp, values, c!.parameter)).toBeUndefined();
    else expect(refusal(kits.real, kitOp, values, c!.parameter)).toContain(why);
    // With CONTRACT_ALLOW_MUTATION=1 nothing is refused.
    expect(refusal(kits.allowed, op(kits.allowed, label), c!.values, c!.parameter)).toBeUndefined();
  });

  it('every request it lets through to an operation that may change things names the probe', () => {
    const through = kits.real.operations
      .filter((k) => !k.op.readOnly)
      .flatMap((kitOp) =>
        kitOp.cases
          .map((c) => ({ kitOp, c, values: probed(kits.real, kitOp, c.values) }))
          .filter(({ kitOp, c, values }) => refusal(kits.real, kitOp, values, c.parameter) === undefined),
      );
    expect(through.length).toBeGreaterThan(0);
    for (const { kitOp, c, values } of through) expect(JSON.stringify(values), `${kitOp.label} ${c.name}`).toContain(ABSENT_RESOURCE);
  });

  it('a request without the probe is refused even when a caller forgets to probe', () => {
    const kitOp = op(kits.real, 'deleteOrder (DELETE /orders/{orderId})');
    expect(refusal(kits.real, kitOp, { orderId: 'ord-1' })).toContain('orderId must hold the probe');
  });
});
