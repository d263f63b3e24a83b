import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_BALANCER_ID, DEFAULT_REGION_ID, STATE_SESSION_HEADER, type StandIn, startStandIn } from './server.js';
import { send } from './sign-for-tests.js';
import { MAX_STATE_SESSIONS } from './state.js';

// The stand-in's state sessions (state.ts, STATE_SESSION_HEADER): the contract kit's state
// sequences send one fresh session per run, so what they read back does not depend on the order
// of the suite's files or on their requests running at the same time. Each row: removals, each
// in a session (or none: the live state), and the servers each removal answers as attached.

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn?.close());

/** One signed removal (V1, GET), in `session` or the live state; the ServerIds it lists as still attached. */
async function remove(server: string, session: string | undefined): Promise<string[]> {
  const response = await send(standIn.url, {
    scheme: 'v1',
    method: 'GET',
    params: { RegionId: DEFAULT_REGION_ID, LoadBalancerId: DEFAULT_LOAD_BALANCER_ID, BackendServers: JSON.stringify([server]) },
    tamper: (request) => {
      if (session !== undefined) request.headers[STATE_SESSION_HEADER] = session;
    },
  });
  expect(response.status, response.text).toBe(200);
  const body = response.json as { BackendServers: { BackendServer: { ServerId: string }[] } };
  return body.BackendServers.BackendServer.map((s) => s.ServerId);
}

const ALL = ['vm-231', 'vm-232', 'vm-233', 'vm-234'];
const rows: [string, [string, string | undefined][], string[][], string[]][] = [
  [
    'a session keeps its removals',
    [
      ['vm-233', 's-keep'],
      ['vm-234', 's-keep'],
    ],
    [
      ['vm-231', 'vm-232', 'vm-234'],
      ['vm-231', 'vm-232'],
    ],
    ALL,
  ],
  [
    'two sessions do not see each other, and the live state neither',
    [
      ['vm-231', 's-one'],
      ['vm-232', 's-two'],
      ['vm-233', 's-one'],
    ],
    [
      ['vm-232', 'vm-233', 'vm-234'],
      ['vm-231', 'vm-233', 'vm-234'],
      ['vm-232', 'vm-234'],
    ],
    ALL,
  ],
  [
    'a new session starts from the initial servers, whatever the live state lost',
    [
      ['vm-231', undefined],
      ['vm-232', 's-fresh'],
    ],
    [
      ['vm-232', 'vm-233', 'vm-234'],
      ['vm-231', 'vm-233', 'vm-234'],
    ],
    ['vm-232', 'vm-233', 'vm-234'],
  ],
];

describe('state sessions', () => {
  it.each(rows)('%s', async (_name, calls, answers, live) => {
    standIn.state.loadBalancers[DEFAULT_LOAD_BALANCER_ID]!.servers = ALL.map((ServerId) => ({ ServerId, Type: 'ecs', Weight: 100 }));
    const got: string[][] = [];
    for (const [server, session] of calls) got.push(await remove(server, session));
    expect(got).toEqual(answers);
    expect(standIn.state.loadBalancers[DEFAULT_LOAD_BALANCER_ID]!.servers.map((s) => s.ServerId)).toEqual(live);
  });

  it(`keeps at most ${MAX_STATE_SESSIONS} sessions: the oldest is dropped and starts afresh when used again`, async () => {
    expect(await remove('vm-231', 'oldest')).toEqual(['vm-232', 'vm-233', 'vm-234']);
    for (let i = 0; i < MAX_STATE_SESSIONS; i++) await remove('vm-231', `filler-${i}`);
    expect(await remove('vm-232', 'oldest')).toEqual(['vm-231', 'vm-233', 'vm-234']);
  });
});
