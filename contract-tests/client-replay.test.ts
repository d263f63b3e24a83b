import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { baseline } from './support/derive-cases.js';
import { check } from './support/judge.js';
import { clientAuth, clientInput, type Kit, type KitOperation, openKit } from './support/kit.js';
import { type ReplayServer, startReplayServer } from './support/replay-server.js';

// The generated client of every spec against the documented bodies: a local replay server
// answers each documented response example of each operation, the client turns it into its typed
// result (which validates against the success schema) or its typed error (which carries the
// documented fields). Nothing here names an operation: the rows come from the model.

const kits = await Promise.all(inject('kits').map(openKit));
let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(() => server?.close());
beforeEach(() => {
  if (server) server.requests.length = 0;
});

type ClientLike = Record<string, (input: unknown) => Promise<unknown>>;
const credentials = { accessKeyId: 'replay-key', accessKeySecret: 'replay-secret' };
// The spec's own security gets placeholder values (the replay server checks nothing): the client refuses to send without them.
const clientOf = (kit: Kit, kitOp: KitOperation, format: 'JSON' | 'XML') =>
  (kit.client.createClient as (o: object) => ClientLike)({
    endpoint: server.url,
    regionId: 'cn-east-hangzhou-01',
    credentials,
    auth: clientAuth(kitOp.op, {}, 'mock'),
    format,
    maxRetries: 0,
    // V1, named (V3 is the default): these rows read Format and the verbatim example's Action and Version as parameters.
    signatureVersion: 'v1',
  });
const inputOf = (kitOp: KitOperation) => clientInput(kitOp, baseline(kitOp.parameters, kitOp.exampleNames[0]));

for (const kit of kits) {
  for (const kitOp of kit.operations) {
    const { op } = kitOp;
    const documented = [op.success, ...op.errors].flatMap((r) =>
      r.examples
        // JSON bodies, and XML ones of an RPC action (the client asks for XML with Format=XML).
        .filter((e) => /json/.test(e.mediaType) || (op.style === 'rpc' && /xml/.test(e.mediaType) && typeof e.value === 'string'))
        .map((e) => [`${r.status || 'default'} ${e.mediaType} ${e.name}`, { status: r.status || 500, example: e }] as const),
    );
    describe(`${kit.entry.name} ${kitOp.label}`, () => {
      // Skipped where the operation documents no JSON (or RPC XML) response example: nothing to replay.
      if (documented.length === 0) it.skip('documented bodies: the operation documents none', () => {});
      else
        it.each(documented)('documented body %s -> the typed result or error', async (_name, { status, example }) => {
          const xml = /xml/.test(example.mediaType);
          server.answer({
            status,
            body: typeof example.value === 'string' ? example.value : JSON.stringify(example.value),
            contentType: example.mediaType,
          });
          const call = clientOf(kit, kitOp, xml ? 'XML' : 'JSON')[op.methodName]!(inputOf(kitOp));
          if (status < 300) {
            const result = await call;
            // An example that breaks its own schema (twilio's relative `uri` under format: uri) is the spec's
            // contradiction, reported once by the examples check: here the client only has to return it as it is.
            const contradicts = !xml && kitOp.successSchema !== undefined && check(kit, kitOp.successSchema, example.value) !== true;
            if (kitOp.successSchema && !contradicts) expect(check(kit, kitOp.successSchema, result)).toBe(true);
            if (!xml) expect(result).toEqual(example.value);
          } else {
            const error = (await call.catch((e: unknown) => e)) as Record<string, unknown>;
            expect(error).toBeInstanceOf(Error);
            expect(error.status).toBe(status);
            const body = example.value as Record<string, unknown>;
            // Every documented error body becomes an ApiError carrying it (issue 19); Alibaba's shape also fills its fields.
            expect(error).toBeInstanceOf(kit.client.ApiError as new () => Error);
            expect(error.body).toEqual(example.value);
            if (typeof body?.Code === 'string') {
              expect(error).toBeInstanceOf(kit.client.ApiError as new () => Error);
              expect({ Code: error.code, Message: error.serverMessage, RequestId: error.requestId, HostId: error.hostId }).toEqual(
                Object.fromEntries(
                  ['Code', 'Message', 'RequestId', 'HostId'].filter((k) => body[k] !== undefined).map((k) => [k, body[k]]),
                ),
              );
              expect(error instanceof (kit.client.ThrottlingError as new () => Error)).toBe(body.Code.startsWith('Throttling'));
            }
          }
          if (op.style === 'rpc') expect(sentParameters(0).Format).toBe(xml ? 'XML' : 'JSON');
        });

      // The reference page's request example, verbatim (`x-slbkit-request-examples`): the client sends each of its parameters as written.
      const texts = op.requestTexts.map((t) => [t.name, t.value as string] as const);
      if (texts.length > 0)
        it.each(texts)("the client's request for the verbatim request example %s matches it parameter by parameter", async (name, text) => {
          server.answer({ status: 200, body: JSON.stringify(op.success.examples.find((e) => /json/.test(e.mediaType))?.value ?? {}) });
          await clientOf(kit, kitOp, 'JSON')[op.methodName]!(clientInput(kitOp, baseline(kitOp.parameters, name))).catch(() => undefined);
          const sent = sentParameters(0);
          for (const [parameter, value] of Object.entries(verbatimParameters(text))) expect(sent[parameter], parameter).toBe(value);
        });
    });
  }
}

/** The parameters of a recorded RPC request: the query for GET, the form body for POST (as pop-core sends). */
function sentParameters(i: number): Record<string, string> {
  const request = server.requests[i]!;
  return request.method === 'POST' ? Object.fromEntries(new URLSearchParams(request.body)) : request.query;
}

/** `/? Action=...\n&Name=value...` as parameters; a `<CommonParameters>` placeholder is dropped. */
function verbatimParameters(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of text
    .trim()
    .replace(/^[^?]*\?\s*/, '')
    .split(/\s*&/)) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return params;
}

// The first RPC action with a documented XML success body, in the first spec that has one.
const xmlKit = kits.flatMap((kit) =>
  kit.operations
    .filter((k) => k.op.style === 'rpc' && k.op.success.examples.some((e) => /xml/.test(e.mediaType)))
    .map((k) => ({ kit, kitOp: k })),
)[0];
describe("format 'XML' loads the XML parser only when asked", () => {
  // A copy of the package outside this repository's node_modules tree: nothing but Node there.
  const outside = mkdtempSync(join(tmpdir(), 'slbkit-no-deps-'));
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  // Runs where a spec documents an XML success body of an RPC action (the bundled one does).
  it.runIf(xmlKit !== undefined)('works for JSON with no dependency installed, and names fast-xml-parser for XML', async () => {
    const { kit, kitOp } = xmlKit!;
    cpSync(kit.entry.clientDir, join(outside, 'client'), { recursive: true });
    const script = `
      import { createClient } from './client/dist/index.js';
      const options = { endpoint: ${JSON.stringify(server.url)}, regionId: 'r', credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, maxRetries: 0 };
      const input = ${JSON.stringify(inputOf(kitOp))};
      const json = await createClient(options)[${JSON.stringify(kitOp.op.methodName)}](input);
      console.log('json ok', JSON.stringify(json).length > 2);
      try { await createClient({ ...options, format: 'XML' })[${JSON.stringify(kitOp.op.methodName)}](input); console.log('xml parsed?!'); }
      catch (error) { console.log('xml error:', error.message); }
    `;
    writeFileSync(join(outside, 'probe.mjs'), script);
    const success = kitOp.op.success.examples.find((e) => /json/.test(e.mediaType))?.value ?? { RequestId: 'r' };
    server.answer(
      { status: 200, body: JSON.stringify(success) },
      {
        status: 200,
        body: kitOp.op.success.examples.find((e) => /xml/.test(e.mediaType))!.value as string,
        contentType: 'application/xml',
      },
    );
    // Asynchronous: the replay server lives in this process and must keep answering.
    const result = await promisify(execFile)(process.execPath, ['probe.mjs'], { cwd: outside, encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^json ok true/m);
    expect(result.stdout).toMatch(/xml error: format 'XML' needs the optional peer dependency fast-xml-parser/);
  });
});
