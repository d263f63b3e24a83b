import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../generator/src/api.js';
import { modelAjv } from '../support/model-ajv.js';
import { type Action, removeBackendServers } from './actions/remove-backend-servers.js';
import { ACTION } from './server.js';
import type { LoadBalancer, StandInState } from './state.js';

// The action as a pure function of authenticated parameters and state, built from the bundled
// spec's model: no server, no signature. Each row names what the action must do to a fresh
// state; the state it was given must come back untouched (the server swaps in the next one).

const SPEC = fileURLToPath(new URL('../../spec/slb-2014-05-15.yaml', import.meta.url));
const REGION = 'cn-east-hangzhou-01';
const attached = (...ids: string[]): LoadBalancer => ({
  regionId: REGION,
  servers: ids.map((ServerId) => ({ ServerId, Type: 'ecs', Weight: 100 })),
});
const fresh = (): StandInState => ({
  loadBalancers: { 'lb-1': attached('vm-1', 'vm-2', 'vm-3'), 'lb-west': { ...attached('vm-1'), regionId: 'us-west-1' } },
});
const params = (backendServers: unknown, extra: Record<string, string> = {}): Record<string, string> => ({
  RegionId: REGION,
  LoadBalancerId: 'lb-1',
  BackendServers: typeof backendServers === 'string' ? backendServers : JSON.stringify(backendServers),
  Format: 'JSON',
  ...extra,
});
const ids = (n: number) => Array.from({ length: n }, (_, i) => `vm-${i + 1}`);

type Want = { left: string[]; xml?: boolean } | { code: string; message?: RegExp };
/** `both`: the gateway and the conforming reference agree; otherwise what each does. */
type Row = [string, { given: Record<string, string>; both?: Want; gateway?: Want; conform?: Want }];

const rows: Row[] = [
  ['ServerIds: removed', { given: params(['vm-1', 'vm-3']), both: { left: ['vm-2'] } }],
  ['a ServerId not attached: ignored, no error', { given: params(['vm-9']), both: { left: ['vm-1', 'vm-2', 'vm-3'] } }],
  ['server objects', { given: params([{ ServerId: 'vm-2', Type: 'eni', Weight: 0 }, { ServerId: 'vm-3' }]), both: { left: ['vm-1'] } }],
  ['20 servers: the limit', { given: params(ids(20)), both: { left: [] } }],
  // The mutant: a stand-in accepting any BackendServers. The limit comes from the spec's maxItems.
  [
    '21 servers',
    { given: params(ids(21)), both: { code: 'InvalidParameter', message: /"BackendServers" is not valid: lists 21 servers/ } },
  ],
  ['no server', { given: params([]), both: { code: 'InvalidParameter', message: /lists 0 servers/ } }],
  ['not JSON', { given: params('vm-1,vm-2'), both: { code: 'InvalidParameter', message: /"BackendServers" is not valid: not JSON/ } }],
  ['an object, not a list', { given: params({ ServerId: 'vm-1' }), both: { code: 'InvalidParameter', message: /not a JSON array/ } }],
  [
    'Weight 101',
    { given: params([{ ServerId: 'vm-1', Weight: 101 }]), both: { code: 'InvalidParameter', message: /"BackendServers\[0\]\.Weight"/ } },
  ],
  [
    'Weight -1',
    { given: params([{ ServerId: 'vm-1', Weight: -1 }]), both: { code: 'InvalidParameter', message: /"BackendServers\[0\]\.Weight"/ } },
  ],
  [
    'Weight 1.5',
    { given: params([{ ServerId: 'vm-1', Weight: 1.5 }]), both: { code: 'InvalidParameter', message: /"BackendServers\[0\]\.Weight"/ } },
  ],
  [
    'Weight "abc"',
    {
      given: params([{ ServerId: 'vm-1', Weight: 'abc' }]),
      both: { code: 'InvalidParameter', message: /"BackendServers\[0\]\.Weight" is not valid: must be integer/ },
    },
  ],
  [
    'Weight "101": the string read as a number, still out of range',
    { given: params([{ ServerId: 'vm-1', Weight: '101' }]), both: { code: 'InvalidParameter', message: /Weight/ } },
  ],
  [
    'Type vm',
    {
      given: params(['vm-3', { ServerId: 'vm-1', Type: 'vm' }]),
      both: { code: 'InvalidParameter', message: /"BackendServers\[1\]\.Type"/ },
    },
  ],
  [
    'an object without ServerId',
    {
      given: params([{ Weight: 100 }]),
      both: { code: 'InvalidParameter', message: /"BackendServers\[0\]\.ServerId" is not valid: missing/ },
    },
  ],
  ['an empty ServerId', { given: params(['']), both: { code: 'InvalidParameter', message: /"BackendServers\[0\]"/ } }],
  [
    'a number for a ServerId',
    { given: params([5]), both: { code: 'InvalidParameter', message: /"BackendServers\[0\]" is not valid: must be string or object/ } },
  ],
  // Where the gateway is looser than the spec: the conforming reference refuses, the gateway takes it.
  [
    'Weight "0", a numeric string',
    {
      given: params([{ ServerId: 'vm-1', Weight: '0' }]),
      gateway: { left: ['vm-2', 'vm-3'] },
      conform: { code: 'InvalidParameter', message: /"BackendServers\[0\]\.Weight" is not valid: must be integer/ },
    },
  ],
  [
    'a property the spec does not name',
    {
      given: params([{ ServerId: 'vm-1', Port: 80 }]),
      gateway: { left: ['vm-2', 'vm-3'] },
      conform: { code: 'InvalidParameter', message: /"BackendServers\[0\]\.Port"/ },
    },
  ],
  [
    'Format YAML',
    {
      given: params(['vm-1'], { Format: 'YAML' }),
      gateway: { left: ['vm-2', 'vm-3'] },
      conform: { code: 'InvalidParameter', message: /"Format"/ },
    },
  ],
  [
    'no Format: the spec default XML',
    {
      given: (({ Format: _, ...rest }) => rest)(params(['vm-1'])),
      gateway: { left: ['vm-2', 'vm-3'] },
      conform: { left: ['vm-2', 'vm-3'], xml: true },
    },
  ],
  [
    'no LoadBalancerId',
    {
      given: (({ LoadBalancerId: _, ...rest }) => rest)(params(['vm-1'])),
      both: { code: 'MissingParameter', message: /"LoadBalancerId"/ },
    },
  ],
  [
    'no BackendServers',
    {
      given: (({ BackendServers: _, ...rest }) => rest)(params(['vm-1'])),
      both: { code: 'MissingParameter', message: /"BackendServers"/ },
    },
  ],
  [
    'a load balancer of another region',
    { given: params(['vm-1'], { LoadBalancerId: 'lb-west' }), both: { code: 'InvalidLoadBalancerId.NotFound' } },
  ],
  [
    'a load balancer that does not exist',
    { given: params(['vm-1'], { LoadBalancerId: 'lb-none' }), both: { code: 'InvalidLoadBalancerId.NotFound' } },
  ],
  [
    'a LoadBalancerId named like an Object.prototype member',
    { given: params(['vm-1'], { LoadBalancerId: 'constructor' }), both: { code: 'InvalidLoadBalancerId.NotFound' } },
  ],
];

const cases = rows.flatMap(([name, row]) =>
  (['gateway', 'conform'] as const).map(
    (mode) => [`${name} (${mode})`, { mode, given: row.given, want: (row[mode] ?? row.both)! }] as const,
  ),
);

describe('RemoveBackendServers as a function of parameters and state', () => {
  const actions: Partial<Record<'gateway' | 'conform', Action>> = {};
  beforeAll(async () => {
    const model = await loadModel(SPEC);
    const operation = model.operations.find((op) => op.action === ACTION)!;
    actions.gateway = removeBackendServers(operation, modelAjv(model));
    actions.conform = removeBackendServers(operation, modelAjv(model), { conform: true });
  });

  it.each(cases)('%s', (_name, { mode, given, want }) => {
    const state = fresh();
    const result = actions[mode]!(given, state);
    expect(state).toEqual(fresh());
    if ('code' in want) {
      if (result.ok) throw new Error(`carried out: ${result.answer.body}`);
      expect(result.error.code).toBe(want.code);
      if (want.message) expect(result.error.message).toMatch(want.message);
      return;
    }
    if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
    expect(result.state.loadBalancers['lb-1']?.servers.map((s) => s.ServerId)).toEqual(want.left);
    expect(result.state.loadBalancers['lb-west']).toBe(state.loadBalancers['lb-west']);
    const { answer } = result;
    expect(answer.contentType).toBe(want.xml ? 'application/xml;charset=utf-8' : 'application/json;charset=utf-8');
    const listed = want.xml
      ? [...answer.body.matchAll(/<ServerId>([^<]*)<\/ServerId>/g)].map((m) => m[1])
      : (JSON.parse(answer.body) as { BackendServers: { BackendServer: { ServerId: string }[] } }).BackendServers.BackendServer.map(
          (s) => s.ServerId,
        );
    expect(listed).toEqual(want.left);
  });
});
