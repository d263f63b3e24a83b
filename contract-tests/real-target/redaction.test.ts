import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SPEC } from '../support/kits.js';
import { type RecordedExchange, type ReplayServer, startReplayServer } from '../support/replay-server.js';
import { FIXTURE, pathOf, runSuite, type SuiteRun } from './run-suite.js';

// In real-target mode nothing the suite prints shows a secret, even when the target echoes the
// whole request back (query, headers, body) inside a JSON error body: as written, with every `/`
// escaped as `\/`, and URL-encoded. The suite runs in its own vitest process with marker
// credentials, the default, JSON and JUnit reporters; its stdout, stderr and JUnit file are
// searched for every form of each marker and of every Signature the target received.

// Slashes, pluses and equals signs, as real STS tokens and base64 signatures have.
const MARKERS = {
  secret: 'marker/Secret+Key=0123456789',
  token: 'marker/Sts+Token=abc/def+ghi',
  bearer: 'marker/Bearer+Token=42/xyz',
};
const ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'marker-access-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: MARKERS.secret,
  ALIBABA_CLOUD_SECURITY_TOKEN: MARKERS.token,
  CONTRACT_AUTH: JSON.stringify({ bearerAuth: MARKERS.bearer }),
  // The client's debug lines (one per attempt, to the console) are printed too.
  NODE_DEBUG: 'slbkit',
};

/** The whole request, three times over, in a JSON error body that no error schema of the specs accepts (so it is quoted in failures). */
function echo(request: RecordedExchange): string {
  const text = JSON.stringify({ query: request.query, headers: request.headers, body: request.body, url: pathOf(request) });
  return `{"Echo":${JSON.stringify(text)},"Escaped":${JSON.stringify(text).replaceAll('/', '\\/')},"Encoded":${JSON.stringify(encodeURIComponent(text))}}`;
}

/** Each Signature a request carried: V1 in the query or a form body, V3 in Authorization. */
function signatures(request: RecordedExchange): string[] {
  const form = /x-www-form-urlencoded/.test(String(request.headers['content-type'] ?? ''))
    ? new URLSearchParams(request.body).get('Signature')
    : null;
  const v3 = /Signature=([^,\s]+)/.exec(String(request.headers.authorization ?? ''))?.[1];
  return [request.url.searchParams.get('Signature'), form, v3].filter((s): s is string => !!s);
}

/** The forms a value can come back in: raw, JSON-escaped slashes, URL-encoded once and twice. */
function forms(value: string): string[] {
  return [value, value.replaceAll('/', '\\/'), encodeURIComponent(value), encodeURIComponent(encodeURIComponent(value))];
}

const specs: [string, string][] = [
  ['bundled spec (RPC, signed, STS token)', BUNDLED_SPEC],
  ['fixture (RPC and REST with a bearer token)', FIXTURE],
];

const runs = new Map<string, { run: SuiteRun; received: RecordedExchange[] }>();
let target: ReplayServer;
beforeAll(async () => {
  target = await startReplayServer((request) => ({ status: 400, body: echo(request) }));
  try {
    for (const [, spec] of specs) {
      target.requests.length = 0;
      runs.set(spec, { run: await runSuite(spec, target.url, ENV), received: [...target.requests] });
    }
  } catch (error) {
    await target.close();
    throw error;
  }
}, 110_000);
afterAll(() => target?.close());

describe('an echoing target: no secret, token or Signature in the console or the JUnit file', () => {
  it.each(specs)('%s', (_name, spec) => {
    const { run, received } = runs.get(spec)!;
    const sent = received.flatMap(signatures);
    expect(sent.length).toBeGreaterThan(0);
    // The echo reached the output (the AccessKeyId is no secret): so a secret in it would have too.
    expect(run.junit).toContain('marker-access-key-id');
    expect(run.stdout + run.stderr).toContain('marker-access-key-id');
    // The client's debug lines were printed (an RPC action goes by POST, the default, a REST read by GET).
    expect(run.stdout + run.stderr).toMatch(/slbkit \w+ #1 (GET|POST)/);
    const secrets: [string, string][] = [...Object.entries(MARKERS), ...sent.map((s, i) => [`Signature #${i + 1}`, s] as [string, string])];
    const leaks = secrets.flatMap(([name, value]) =>
      Object.entries({ stdout: run.stdout, stderr: run.stderr, junit: run.junit }).flatMap(([where, text]) =>
        forms(value)
          .filter((form) => text.includes(form))
          .map((form) => `${name} in ${where} as ${JSON.stringify(form)}`),
      ),
    );
    expect(leaks).toEqual([]);
  });
});
