import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/src/api.js';
import { runProcess } from '../../generator/test/cli-harness.js';
import { BUNDLED_ACTION } from '../support/spec-examples.js';
import { startMock } from './server.js';

// Issue 17: on main one 33-character request to a mock whose spec had `^(a+)+$` froze it for
// 36 s (every other request waited). The mock reads its spec through the generator's loader
// (generator/src/api.ts -> load/openapi-document.ts), which now refuses such a pattern with its
// pointer: no catastrophic pattern reaches the mock's ajv or Prism. A run that hangs is killed
// and fails its row; no timing assertion.

const EVIL = String.raw`^(a+)+$`;
let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-mock-patterns-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** One POST operation with `pattern` in the named place (the generator's hostile-patterns table has the same three). */
function specWith(place: 'query' | 'body' | 'response', pattern: string): string {
  const schema = (here: boolean) => (here ? `{type: string, pattern: ${JSON.stringify(pattern)}}` : '{type: string}');
  const file = join(root, `${place}-${Math.abs(hash(pattern))}.yaml`);
  writeFileSync(
    file,
    `openapi: 3.1.0
info: {title: Patterns, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      parameters:
        - {name: q, in: query, schema: ${schema(place === 'query')}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: ${schema(place === 'body')}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {name: ${schema(place === 'response')}}}
`,
  );
  return file;
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

const POINTERS = {
  query: '#/paths/~1things/post/parameters/0/schema/pattern',
  body: '#/paths/~1things/post/requestBody/content/application~1json/schema/properties/name/pattern',
  response: '#/paths/~1things/post/responses/200/content/application~1json/schema/properties/name/pattern',
} as const;

describe('the mock refuses a spec with a catastrophic or invalid pattern', () => {
  it.each([
    ['query', EVIL, /can backtrack catastrophically/],
    ['body', EVIL, /can backtrack catastrophically/],
    ['response', EVIL, /can backtrack catastrophically/],
    // An unknown letter escape the u flag refuses: on e6bb4a6 ajv threw inside the mock's start ("mock
    // failed to start", exit 1), with no pointer. (DigitalOcean's `\:` is now read as ":", issue 19.)
    ['query', String.raw`^[a-zA-Z0-9_\-]+\q$`, /is not a valid JavaScript regular expression with the u flag/],
  ] as const)('startMock: %s pattern %s', async (place, pattern, message) => {
    const started = startMock({ spec: specWith(place, pattern), warn: () => {} });
    const error = await started.then(
      async (mock) => (await mock.close(), undefined),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect(error).toMatchObject({ location: POINTERS[place], message: expect.stringMatching(message) });
  });

  it.each([
    ['query', EVIL],
    ['query', String.raw`^[a-zA-Z0-9_\-]+\q$`],
  ] as const)('npm run mock: %s pattern %s, exit 2 with the pointer', async (place, pattern) => {
    // On main the first row's mock starts and serves (killed after 60 s: the row fails).
    const run = await runProcess(
      process.execPath,
      ['--import', 'tsx', 'contract-tests/mock/cli.ts', '--port', '0', '--spec', specWith(place, pattern)],
      { timeoutMs: 60_000 },
    );
    expect(run.killed, `the mock started: ${run.stdout}`).toBeUndefined();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`: ${POINTERS[place]}: the pattern ${JSON.stringify(pattern)}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the mock stays responsive', () => {
  // The bundled spec's one pattern (Timestamp, linear) checked against a long value while a
  // normal request goes in: both are answered. A regression guard: it passes on main too, whose
  // bundled spec has no catastrophic pattern; with the refusal, none can reach a started mock.
  it('a long value for a patterned parameter and a concurrent normal request are both answered', async () => {
    const mock = await startMock({ warn: () => {} });
    try {
      const base = {
        Action: BUNDLED_ACTION,
        Version: '2014-05-15',
        BackendServers: '["vm-233"]',
        LoadBalancerId: 'lb-1',
        RegionId: 'cn-hangzhou',
        Format: 'JSON',
        AccessKeyId: 'id',
        Signature: 'sig',
        SignatureMethod: 'HMAC-SHA1',
        SignatureVersion: '1.0',
        SignatureNonce: 'n-1',
      };
      const long = new URLSearchParams({ ...base, Timestamp: `${'2026-01-01T00:00:00'.repeat(500)}!` });
      const normal = new URLSearchParams({ ...base, Timestamp: '2026-01-01T00:00:00Z' });
      const [bad, good] = await Promise.all([
        fetch(`${mock.url}/?${long}`, { signal: AbortSignal.timeout(30_000) }),
        fetch(`${mock.url}/?${normal}`, { headers: { prefer: 'example=documentedSuccess' }, signal: AbortSignal.timeout(30_000) }),
      ]);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('Timestamp') });
      expect(good.status).toBe(200);
    } finally {
      await mock.close();
    }
  }, 60_000);
});
