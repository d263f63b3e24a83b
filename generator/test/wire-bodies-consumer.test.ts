/**
 * Issue 19, the other half of wire-bodies.test.ts: the types a strict consumer of the two
 * fixture specs' clients sees, and the client against the real mock (Prism behind slbkit's
 * checks), which chooses its answer by the request's Accept header.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mock, startMock } from '../../contract-tests/mock/server.js';
import { REPO } from './cli-harness.js';
import { typecheck } from './generated-package.js';
import { importSourcePackage, sourcePackage } from './source-package.js';

const BODIES = join(REPO, 'generator/test/fixtures/wire-bodies/wire-bodies.yaml');
const ANSWERS = join(REPO, 'generator/test/fixtures/wire-bodies/wire-answers.yaml');

type AnyClient = Record<string, (input?: unknown, options?: unknown) => Promise<unknown>>;

/**
 * The types a strict consumer sees (generated-package.ts STRICT_TSC_FLAGS): each line that must
 * compile does, and each `@ts-expect-error` line must be an error (tsc reports an unused one).
 * On e6bb4a6 the application/json-patch+json body was indexed as application/json (an error),
 * and `getHealth()` needed an argument.
 */
const CONSUMER = `
import { createClient, type ApplyPatchInput, type CreateThingError, type RawResult } from '@pkg/bodies';
import { createClient as answersClient, type GetPetError } from '@pkg/answers';
const c = createClient({ endpoint: 'http://127.0.0.1:9' });
const health: Promise<string> = answersClient({}).getHealth();
const file: Promise<Uint8Array> = c.getFile({ id: 'x' });
const note: Promise<string> = c.postNote({ body: 'hi' });
void c.createThing({ body: { name: 'a', tags: ['x'] } });
void c.createThing({ body: { name: 'a', file: new Uint8Array([1]) }, contentType: 'multipart/form-data' });
void c.createThing({ body: { name: 'a', file: new Blob(['x']) }, contentType: 'multipart/form-data' });
// @ts-expect-error a multipart body needs its file
void c.createThing({ body: { name: 'a' }, contentType: 'multipart/form-data' });
// @ts-expect-error not a documented media type
void c.createThing({ body: { name: 'a' }, contentType: 'text/csv' });
void c.putFile({ id: 'x', body: new Blob(['x']) });
// @ts-expect-error an octet-stream body is bytes
void c.putFile({ id: 'x', body: 42 });
const patch: ApplyPatchInput = { id: 'x', body: [{ op: 'add', path: '/a', value: 1 }] };
void c.applyPatch(patch);
void c.deleteLegacy();
// @ts-expect-error getFile needs its id
void c.getFile();
const raw: Promise<RawResult<{ name: string; tags?: string[] }>> = c.createThing({ body: { name: 'a' } }, { raw: true });
declare const thingError: CreateThingError;
const detail: string | undefined = thingError.body && 'detail' in thingError.body ? thingError.body.detail : undefined;
declare const petError: GetPetError;
const code: string = petError.body.code;
export { health, file, note, raw, detail, code };
`;

describe('the types a strict consumer sees (issue 19 items 1, 4, 5)', () => {
  it('compiles what the wire allows and refuses what it does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slbkit-wire-consumer-'));
    try {
      const [a, b] = await Promise.all([sourcePackage(BODIES), sourcePackage(ANSWERS)]);
      const file = join(dir, 'consumer.mts');
      writeFileSync(
        file,
        CONSUMER.replace("'@pkg/bodies'", JSON.stringify(join(a, 'src/index.js'))).replace(
          "'@pkg/answers'",
          JSON.stringify(join(b, 'src/index.js')),
        ),
      );
      const run = await typecheck([file]);
      expect(run.stdout + run.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * The real mock (Prism behind slbkit's checks) chooses its answer by the request's Accept: on
 * e6bb4a6 the client always asked for application/json, and the mock answered 406 to an
 * operation documenting only application/ld+json or text/xml.
 */
describe('the client against the real mock (issue 19 item 2)', () => {
  let mock: Mock | undefined;
  let client: AnyClient;
  beforeAll(async () => {
    mock = await startMock({ spec: ANSWERS, warn: () => {} });
    const { createClient } = await importSourcePackage<{ createClient(o: object): AnyClient }>(ANSWERS);
    client = createClient({ endpoint: mock.url, maxRetries: 0 });
  }, 240_000);
  afterAll(() => mock?.close());

  it.each([
    ['getHealth', 'text/plain', 'ok'],
    ['getDoc', 'application/ld+json', { '@id': 'urn:x' }],
    ['getReport', 'text/xml', '<report/>'],
  ] as const)('%s: documented %s, answered and read as it', async (method, _type, want) => {
    expect(await client[method]!({})).toEqual(want);
  });

  it('getPet: a documented JSON answer, as before', async () => {
    expect(await client.getPet!({ id: 'p' })).toEqual({ name: 'rex' });
  });
});
