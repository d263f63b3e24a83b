/**
 * Issue 19: a spec not written for slbkit, as published, called through the client the real CLI
 * generates from it (source-package.ts: the runtime's source), against a real server on
 * 127.0.0.1 that records what arrived. Each row is one thing main refused to generate (a relative
 * server URL, a cookie parameter, an object query parameter in the default form style, an Accept
 * or User-Agent header parameter, an AWS path key with a fragment, YAML merge keys) or sent
 * wrongly (a GET not retried after a 503 or 429): the spec, generator/test/fixtures/issue-19/any-spec-wire.yaml,
 * holds each once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RecordedExchange,
  type ReplayAnswer,
  type ReplayServer,
  startReplayServer,
} from '../../contract-tests/support/replay-server.js';
import { REPO } from './cli-harness.js';
import { importSourcePackage } from './source-package.js';

const SPEC = join(REPO, 'generator/test/fixtures/issue-19/any-spec-wire.yaml');
const OK: ReplayAnswer = { status: 200, body: '{"ok":true}' };

type Client = Record<string, (input: Record<string, unknown>) => Promise<any>>;
let createClient: (options: Record<string, unknown>) => Client;
let server: ReplayServer;
beforeAll(async () => {
  ({ createClient } = await importSourcePackage<{ createClient: typeof createClient }>(SPEC));
  server = await startReplayServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
});

interface Row {
  method: string;
  input?: Record<string, unknown>;
  /** The server's answers, in order (the last repeats). */
  answers?: ReplayAnswer[];
  want: {
    /** Method and path (with query) of the last request. */
    request?: string;
    headers?: Record<string, string | undefined>;
    attempts?: number;
    error?: RegExp;
  };
}

const rows: [string, Row][] = [
  [
    'a relative server URL (/api/v1) resolved against the endpoint option',
    { method: 'putObject', input: { Bucket: 'b', Key: 'k' }, want: { request: 'PUT /api/v1/b/k' } },
  ],
  [
    'cookie parameters in one Cookie header, values percent-encoded, a list explode: false as a comma list',
    {
      method: 'listThings',
      input: { sid: 'a b;c', theme: 'dark', tags: ['x', 'y'] },
      want: { request: 'GET /api/v1/things', headers: { cookie: 'sid=a%20b%3Bc; theme=dark; tags=x%2Cy' } },
    },
  ],
  [
    'an object query parameter, form style, explode true (the default): one pair per property',
    { method: 'listThings', input: { filter: { color: 'red', size: 2 } }, want: { request: 'GET /api/v1/things?color=red&size=2' } },
  ],
  [
    'an object query parameter, form style, explode false: name=key,value,...',
    { method: 'listThings', input: { box: { w: 3, h: 4 } }, want: { request: 'GET /api/v1/things?box=w%2C3%2Ch%2C4' } },
  ],
  [
    "Accept and User-Agent header parameters: the spec's value wins over the client's default",
    {
      method: 'listThings',
      input: { Accept: 'application/vnd.things+json', 'User-Agent': 'probe/1.0' },
      want: { headers: { accept: 'application/vnd.things+json', 'user-agent': 'probe/1.0' } },
    },
  ],
  ['no Accept parameter given: the default stays', { method: 'listThings', input: {}, want: { headers: { accept: 'application/json' } } }],
  [
    'an AWS path key with a fragment (/{Bucket}/{Key}#x-amz-copy-source): its own method, the fragment never sent',
    {
      method: 'copyObject',
      input: { Bucket: 'b', Key: 'k', 'x-amz-copy-source': 'src/k' },
      want: { request: 'PUT /api/v1/b/k', headers: { 'x-amz-copy-source': 'src/k' } },
    },
  ],
  [
    'GET after a 503: idempotent (RFC 9110 section 9.2.2), retried',
    { method: 'getFlaky', answers: [{ status: 503, body: 'busy' }, OK], want: { request: 'GET /api/v1/flaky', attempts: 2 } },
  ],
  ['GET after a 429: retried', { method: 'getFlaky', answers: [{ status: 429, body: 'slow down' }, OK], want: { attempts: 2 } }],
  ['DELETE after a 503: retried', { method: 'deleteFlaky', answers: [{ status: 503, body: 'busy' }, OK], want: { attempts: 2 } }],
  [
    'POST after a 503: not idempotent, sent once',
    { method: 'postFlaky', answers: [{ status: 503, body: 'busy' }, OK], want: { attempts: 1, error: /HTTP 503.*not retried/ } },
  ],
  [
    'PATCH with an Idempotency-Key header parameter: the same key on each attempt, retried',
    { method: 'patchFlaky', answers: [{ status: 503, body: 'busy' }, OK], want: { attempts: 2 } },
  ],
];

describe('a spec as published, through the generated client, on the wire', () => {
  it.each(rows)('%s', async (_name, { method, input = {}, answers = [OK], want }) => {
    server.answer(...answers);
    const before = server.requests.length;
    const client = createClient({ endpoint: server.url, retryBaseDelayMs: 1, retryMaxDelayMs: 5 });
    const outcome = await client[method]!(input).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: error as Error }),
    );
    if (want.error) expect('error' in outcome && outcome.error.message).toMatch(want.error);
    else expect(outcome).toEqual({ value: { ok: true } });
    const sent = server.requests.slice(before);
    if (want.attempts !== undefined) expect(sent).toHaveLength(want.attempts);
    const last = sent.at(-1) as RecordedExchange;
    if (want.request) expect(`${last.method} ${last.url.pathname}${last.url.search}`).toBe(want.request);
    for (const [name, value] of Object.entries(want.headers ?? {})) expect([name, last.headers[name]]).toEqual([name, value]);
    // One idempotency key per call, the same on each attempt (IETF httpapi-idempotency-key-header).
    if (method === 'patchFlaky') {
      const keys = sent.map((r) => r.headers['idempotency-key']);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(keys).size).toBe(1);
    }
  });

  it.each([
    ['no endpoint option', {}],
    ['endpoint undefined', { endpoint: undefined }],
  ])('a relative server URL and %s: refused at construction, naming the option', (_name, options) => {
    expect(() => createClient(options)).toThrow(
      /option endpoint is required: the spec gives the relative server URL "\/api\/v1"; pass the API's base URL/,
    );
  });
});
