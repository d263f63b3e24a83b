import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiModel, loadModel } from '../../generator/src/api.js';
import { BUNDLED_SPEC } from '../support/kits.js';
import { type RecordedExchange, type ReplayServer, startReplayServer } from '../support/replay-server.js';
import { sampleOf } from '../support/sample.js';
import { ABSENT_RESOURCE } from '../support/target.js';
import { FIXTURE, operationOf, pathOf, runSuite } from './run-suite.js';

// Real-target mode changes nothing unless told (README, "Contract tests"). The whole suite runs,
// in its own vitest process, against a lenient target that accepts everything: it answers every
// request with its operation's documented success body, so nothing the suite sends is refused
// and any complete call to an operation that changes things would have done so. Such a call is
// a "creation": a request to an operation that is not read-only and carries no probe of a
// resource that cannot exist. With CONTRACT_ALLOW_MUTATION=1 the same count is above zero, so
// the counter can fail.

// CONTRACT_LENIENT=1: a target that accepts everything is looser than the spec by design; the
// strict judgement would fail the run for that, and this test counts requests, not verdicts.
const CREDENTIALS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'contract-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'contract-key-secret',
  CONTRACT_AUTH: JSON.stringify({ bearerAuth: 'contract-bearer-token' }),
  CONTRACT_LENIENT: '1',
};

interface Row {
  spec: string;
  env: Record<string, string>;
  creations: 'none' | 'some';
  /** Operations the run must report as not sent, with the reason. */
  skipped: string[];
}

const rows: [string, Row][] = [
  ['bundled spec (RemoveBackendServers: probe only)', { spec: BUNDLED_SPEC, env: {}, creations: 'none', skipped: [] }],
  [
    'fixture: CreateThing and POST /orders name no resource; DeleteThing and DELETE /orders/{orderId} do; three refuse the probe text',
    {
      spec: FIXTURE,
      env: {},
      creations: 'none',
      skipped: [
        'CreateThing (RPC)',
        'createOrder (POST /orders)',
        'deleteUser (DELETE /users/{userId})',
        'putAccount (PUT /accounts/{accountId})',
        'createStoreOrder (POST /stores/{store}/orders)',
      ],
    },
  ],
  [
    'fixture with CONTRACT_ALLOW_MUTATION=1: the counter counts',
    { spec: FIXTURE, env: { CONTRACT_ALLOW_MUTATION: '1' }, creations: 'some', skipped: [] },
  ],
];

const models = new Map<string, ApiModel>();
let target: ReplayServer;
let current: ApiModel;
beforeAll(async () => {
  for (const spec of new Set(rows.map(([, row]) => row.spec))) models.set(spec, await loadModel(spec));
  target = await startReplayServer((request) => {
    const op = operationOf(current, request);
    if (!op) return { status: 404, body: '{}' };
    const example = op.success.examples.find((e) => /json/.test(e.mediaType))?.value;
    return { status: op.success.status || 200, body: JSON.stringify(example ?? sampleOf(current, op.successSchema)) };
  });
});
afterAll(() => target?.close());

/** Requests to an operation that may change things (or to none the spec knows) with no probe in them. */
function creations(model: ApiModel, received: RecordedExchange[]): string[] {
  return received
    .filter((r) => operationOf(model, r)?.readOnly !== true && !`${pathOf(r)} ${r.body}`.includes(ABSENT_RESOURCE))
    .map((r) => `${r.method} ${pathOf(r).slice(0, 120)}`);
}

describe('real-target mode sends nothing that could change state unless told', () => {
  it.each(rows)('%s', async (_name, row) => {
    current = models.get(row.spec)!;
    target.requests.length = 0;
    const run = await runSuite(row.spec, target.url, { ...CREDENTIALS, ...row.env });
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    const made = creations(current, target.requests);
    if (row.creations === 'none') expect(made).toEqual([]);
    else expect(made.length).toBeGreaterThan(0);
    // Something was sent (the read-only and probe requests): a run that sends nothing proves nothing.
    expect(target.requests.length).toBeGreaterThan(0);
    const tests = run.report.testResults.flatMap((f) => f.assertionResults);
    for (const label of row.skipped)
      expect(
        tests.filter((t) => t.status !== 'passed' && t.title.includes(`${label} may change something`)),
        label,
      ).toHaveLength(1);
  });
});
