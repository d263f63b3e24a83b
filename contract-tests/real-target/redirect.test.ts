import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../support/replay-server.js';
import { FIXTURE, pathOf, runSuite, type SuiteRun } from './run-suite.js';

// The suite is as careful as the client: a target that redirects (302 for GET, 307 for the
// DELETE) to another origin gets its requests refused, not followed, by the generated client and
// by the suite's raw sender alike. Following would carry the signed query, the SecurityToken and
// the bearer token to the other origin; the other loopback server records whatever reaches it.

const ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'redirect-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'redirect-key-secret',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'redirect-sts-token',
  CONTRACT_AUTH: JSON.stringify({ bearerAuth: 'redirect-bearer-token' }),
};

let elsewhere: ReplayServer;
let redirecting: ReplayServer;
let run: SuiteRun;
beforeAll(async () => {
  try {
    elsewhere = await startReplayServer(() => ({ status: 200, body: '{"RequestId":"elsewhere"}' }));
    redirecting = await startReplayServer((request) => ({
      status: request.method === 'GET' ? 302 : 307,
      headers: { location: `${elsewhere.url}${pathOf(request)}` },
      body: '',
    }));
    run = await runSuite(FIXTURE, redirecting.url, ENV);
  } catch (error) {
    await Promise.all([elsewhere?.close(), redirecting?.close()]);
    throw error;
  }
}, 60_000);
afterAll(() => Promise.all([elsewhere?.close(), redirecting?.close()]));

const failures = () => run.report.testResults.flatMap((f) => f.assertionResults).filter((t) => t.status === 'failed');

describe('a redirecting target: nothing reaches the other origin, and the cases say why', () => {
  it('the other origin received no request, while the target received some', () => {
    expect(elsewhere.requests.map((r) => `${r.method} ${pathOf(r).slice(0, 80)}`)).toEqual([]);
    expect(redirecting.requests.length).toBeGreaterThan(0);
    expect(run.code).not.toBe(0);
  });

  it.each([
    ['the generated client', 'client: request example', /HTTP 302 redirect to http:\/\/127\.0\.0\.1:\d+; redirects are not followed/],
    ['the raw wire sender, GET', 'target: ', /HTTP 302 redirect to http:\/\/127\.0\.0\.1:\d+; the suite does not follow redirects/],
    [
      'the generated client, DELETE',
      'client: request example',
      /deleteOrder: HTTP 307 redirect to http:\/\/127\.0\.0\.1:\d+; redirects are not followed/,
    ],
    [
      'the raw wire sender, DELETE',
      'target: reason',
      /deleteOrder \(DELETE \/orders\/\{orderId\}\): HTTP 307 redirect to http:\/\/127\.0\.0\.1:\d+; the suite does not follow redirects/,
    ],
  ])('%s: its cases fail naming the redirect and its origin only', (_sender, title, why) => {
    const mine = failures().filter((t) => t.title.startsWith(title) && why.test(t.failureMessages[0] ?? ''));
    expect(mine.length).toBeGreaterThan(0);
    // The origin only: the path and query of the Location (the signed request) are not repeated.
    for (const t of mine) expect(t.failureMessages[0]).not.toMatch(/redirect to [^;\s]*\?/);
  });
});
