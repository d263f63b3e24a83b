import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ThrottlingError, createClient } from '../generated/dist/index.js';
import { startReplayServer, type ReplayServer } from './support/replay-server.js';
import { explain, schemaAt } from './support/spec-ajv.js';
import { documentedRequestParameters, parameterExample, responseExamples } from './support/spec-examples.js';

// 2. The client against the documented bodies: a local replay server answers each one, the
// client turns it into the typed result or an ApiError, and the result validates against the
// response schema.

const credentials = { accessKeyId: 'replay-key', accessKeySecret: 'replay-secret' };
const input = {
  LoadBalancerId: parameterExample('LoadBalancerId', 'documentedRequest') as string,
  BackendServers: parameterExample('BackendServers', 'documentedRequest') as string[],
};
let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const successSchema = schemaAt('#/components/schemas/RemoveBackendServersResponse');
const errorSchema = schemaAt('#/components/schemas/ErrorResponse');

const documented = responseExamples().map((e) => [`${e.status} ${e.mediaType} ${e.name}`, e] as const);

describe.each(documented)('documented body %s', (_name, example) => {
  const format = example.mediaType.includes('xml') ? 'XML' : 'JSON';
  const client = () => createClient({ endpoint: server.url, regionId: 'cn-east-hangzhou-01', credentials, format, maxRetries: 0 });
  const body = typeof example.value === 'string' ? example.value : JSON.stringify(example.value);

  it(example.status < 300 ? 'becomes the typed result, which validates against the response schema' : 'becomes an ApiError whose fields are the error body, which validates', async () => {
    server.answer({ status: example.status, body, contentType: example.mediaType });
    if (example.status < 300) {
      const result = await client().removeBackendServers(input);
      expect(successSchema(result), explain(successSchema)).toBe(true);
      // Typed: Weight is a number in both formats.
      expect(result.BackendServers.BackendServer[0]?.Weight).toBe(100);
      if (format === 'JSON') expect(result).toEqual(example.value);
      else expect(result.BackendServers.BackendServer.map((s) => [s.ServerId, s.Weight])).toEqual([['vm-231', 100], ['vm-232', 100]]);
    } else {
      const error = (await client().removeBackendServers(input).catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      const rebuilt = { Code: error.code, Message: error.serverMessage, RequestId: error.requestId, HostId: error.hostId };
      expect(rebuilt).toEqual(example.value);
      expect(errorSchema(rebuilt), explain(errorSchema)).toBe(true);
      expect(error.status).toBe(example.status);
      expect(error.action).toBe('RemoveBackendServers');
      expect(error instanceof ThrottlingError).toBe(rebuilt.Code.startsWith('Throttling'));
    }
    expect(server.requests[0]!.query.Format).toBe(format);
  });
});

describe("the client's request for the documented request example", () => {
  it('matches it parameter by parameter', async () => {
    server.answer({ status: 200, body: JSON.stringify(responseExamples()[0]!.value) });
    await createClient({ endpoint: server.url, regionId: 'cn-east-hangzhou-01', credentials }).removeBackendServers(input);
    const sent = server.requests[0]!.query;
    for (const [name, value] of Object.entries(documentedRequestParameters())) expect(sent[name], name).toBe(value);
  });
});

describe("format 'XML' loads the XML parser only when asked", () => {
  // A copy of the package outside this repository's node_modules tree: nothing but Node there.
  const outside = mkdtempSync(join(tmpdir(), 'slbkit-no-deps-'));
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  it('works for JSON with no dependency installed, and names fast-xml-parser for XML', async () => {
    cpSync(new URL('../generated', import.meta.url), join(outside, 'client'), { recursive: true });
    const script = `
      import { createClient } from './client/dist/index.js';
      const options = { endpoint: ${JSON.stringify(server.url)}, regionId: 'r', credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, maxRetries: 0 };
      const input = { LoadBalancerId: 'lb-1', BackendServers: ['vm-1'] };
      const json = await createClient(options).removeBackendServers(input);
      console.log('json ok', json.RequestId);
      try { await createClient({ ...options, format: 'XML' }).removeBackendServers(input); console.log('xml parsed?!'); }
      catch (error) { console.log('xml error:', error.message); }
    `;
    writeFileSync(join(outside, 'probe.mjs'), script);
    server.answer({ status: 200, body: JSON.stringify(responseExamples()[0]!.value) }, { status: 200, body: '<RemoveBackendServersResponse><RequestId>x</RequestId></RemoveBackendServersResponse>', contentType: 'application/xml' });
    // Asynchronous: the replay server lives in this process and must keep answering.
    const result = await promisify(execFile)(process.execPath, ['probe.mjs'], { cwd: outside, encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^json ok 365F4154/m);
    expect(result.stdout).toMatch(/xml error: format 'XML' needs the optional peer dependency fast-xml-parser/);
  });
});
