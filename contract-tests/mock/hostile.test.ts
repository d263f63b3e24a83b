// Over 400 lines: one table of hostile requests against one started mock (targets, bodies, encodings, sizes), sharing the server and the trap.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RPCClient from '@alicloud/pop-core';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/src/api.js';
import { percentEncode } from '../standin/pop-encoding.js';
import { BUNDLED_ACTION, responseExample } from '../support/spec-examples.js';
import { DEFAULT_SPEC, type Mock, startMock } from './server.js';

// The mock as a hostile client or a hostile spec meets it (issue 9, items 2 and 7): every row
// runs against the real mock on a free port of 127.0.0.1, and every answer must be the spec's
// error shape {Code, Message, RequestId, HostId}, never a 500.

/** A valid call: the documented request with the signer's parameters the mock checks (not the signature). */
const VALID: Record<string, string> = {
  Action: BUNDLED_ACTION,
  Version: '2014-05-15',
  BackendServers: '["vm-233","vm-234"]',
  LoadBalancerId: '139a00604ad-cn-east-hangzhou-01',
  RegionId: 'cn-hangzhou',
  Format: 'JSON',
  AccessKeyId: 'id',
  Signature: 'sig',
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  SignatureNonce: 'n-1',
  Timestamp: '2026-01-01T00:00:00Z',
};
const SUCCESS = responseExample('documentedSuccess').value;

/** The spec as js-yaml reads it, edited by the hostile rows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

/** The component response holding the documented success example (the rows edit it in the raw document). */
function successResponseName(doc: Doc): string {
  return Object.keys(doc.components.responses).find(
    (name) => doc.components.responses[name].content?.['application/json']?.examples?.documentedSuccess,
  )!;
}

/** The component schema of the success body. */
function successSchemaName(doc: Doc): string {
  return doc.components.responses[successResponseName(doc)].content['application/json'].schema.$ref.split('/').pop();
}

/** `name=value&...` in Alibaba's POP encoding, as pop-core writes its query and its form body. */
function encode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

interface RawAnswer {
  status: number;
  json: Record<string, unknown> | undefined;
  /** Bytes of body the client had handed to the kernel when the first byte of the answer came. */
  sentBeforeAnswer: number;
}

/**
 * One request written byte for byte on a socket: fetch and node:http normalise targets (they
 * would never send `//?` or an absolute-form), so the hostile ones go out raw. `bodyBytes` larger
 * than `body` streams filler with backpressure, stopping as soon as the answer starts.
 */
function exchange(port: number, request: { head: string; body?: string; bodyBytes?: number; chunked?: boolean }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('no answer in 20 s'))), 20_000);
    let received = Buffer.alloc(0);
    let sent = 0;
    let sentBeforeAnswer = -1;
    socket.on('data', (data: Buffer) => {
      if (sentBeforeAnswer < 0) sentBeforeAnswer = sent;
      received = Buffer.concat([received, data]);
    });
    const finish = () => {
      clearTimeout(timer);
      const text = received.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      let body = split < 0 ? '' : text.slice(split + 4);
      if (/\r\ntransfer-encoding: chunked/i.test(text.slice(0, split))) body = dechunk(body);
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      resolve({ status, json, sentBeforeAnswer });
    };
    // The mock closes after a refusal while a big body is still coming: EPIPE/ECONNRESET on
    // our side is expected then, and what was received is the answer.
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      socket.write(request.head);
      if (request.body !== undefined) socket.write(request.body);
      const total = request.bodyBytes ?? 0;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (sentBeforeAnswer < 0 && sent < total && !socket.destroyed) {
          const frame = request.chunked
            ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
            : chunk;
          sent += chunk.length;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
}

function dechunk(body: string): string {
  let out = '';
  for (let rest = body; ; ) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

function head(method: string, target: string, headers: Record<string, string | number> = {}): string {
  const lines = Object.entries({ host: '127.0.0.1', connection: 'close', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join('')}\r\n`;
}

function formPost(target: string, body: string, contentType = 'application/x-www-form-urlencoded'): { head: string; body: string } {
  return { head: head('POST', target, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }), body };
}

/** The spec's error shape (components/schemas/ErrorResponse): four strings. */
function expectErrorShape(json: Record<string, unknown> | undefined): void {
  expect(json).toEqual({
    Code: expect.any(String),
    Message: expect.any(String),
    RequestId: expect.any(String),
    HostId: expect.any(String),
  });
}

describe('form bodies: the parameters of an RPC POST, checked like the query', () => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startMock({ example: 'documentedSuccess' });
  });
  afterAll(() => mock?.close());

  // @alicloud/pop-core 1.8 sends POST parameters as a form body to `/` (lib/rpc.js, request()).
  it.each([
    ['GET (query)', 'GET'],
    ['POST (form body)', 'POST'],
  ])('pop-core by %s gets the documented success body', async (_name, method) => {
    const client = new RPCClient({ endpoint: mock.url, apiVersion: '2014-05-15', accessKeyId: 'id', accessKeySecret: 'secret' });
    const params = { BackendServers: VALID.BackendServers!, LoadBalancerId: VALID.LoadBalancerId!, RegionId: VALID.RegionId! };
    await expect(client.request(BUNDLED_ACTION, params, { method, timeout: 10_000 })).resolves.toEqual(SUCCESS);
  });

  const withoutLoadBalancer = Object.fromEntries(Object.entries(VALID).filter(([name]) => name !== 'LoadBalancerId'));
  const { Action, Version, ...rest } = VALID;
  it.each([
    ['every parameter in the body', { given: formPost('/', encode(VALID)), want: { status: 200, body: SUCCESS } }],
    [
      'the body with a charset',
      { given: formPost('/', encode(VALID), 'application/x-www-form-urlencoded; charset=UTF-8'), want: { status: 200, body: SUCCESS } },
    ],
    [
      'Action and Version in the query, the rest in the body',
      { given: formPost(`/?${encode({ Action: Action!, Version: Version! })}`, encode(rest)), want: { status: 200, body: SUCCESS } },
    ],
    [
      '21 servers in the body',
      {
        given: formPost('/', encode({ ...VALID, BackendServers: JSON.stringify(Array.from({ length: 21 }, (_, i) => `vm-${i}`)) })),
        want: { status: 400, code: 'InvalidParameter', message: /"BackendServers"/ },
      },
    ],
    [
      'BackendServers that is not JSON, in the body',
      {
        given: formPost('/', encode({ ...VALID, BackendServers: '[vm-233' })),
        want: { status: 400, code: 'InvalidParameter', message: /"BackendServers" is not valid: is not valid JSON/ },
      },
    ],
    [
      'LoadBalancerId in neither',
      { given: formPost('/', encode(withoutLoadBalancer)), want: { status: 400, code: 'MissingParameter', message: /"LoadBalancerId"/ } },
    ],
    [
      'LoadBalancerId in the query and in the body',
      {
        given: formPost(`/?${encode({ LoadBalancerId: 'lb-other' })}`, encode(VALID)),
        want: { status: 400, code: 'InvalidParameter', message: /parameter "LoadBalancerId" is given both in the query and in the body/ },
      },
    ],
  ])('%s', async (_name, { given, want }) => {
    const answer = await exchange(mock.port, given);
    expect(answer.status).toBe(want.status);
    if ('body' in want) expect(answer.json).toEqual(want.body);
    else {
      expectErrorShape(answer.json);
      expect(answer.json).toMatchObject({ Code: want.code, Message: expect.stringMatching(want.message) });
    }
  });
});

describe('malformed request targets and percent-encoding: the documented 400, never a 500', () => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock?.close());

  const valid = encode(VALID);
  it.each([
    ['"//?" (WHATWG URL reads a host)', { given: { head: head('GET', '//?') }, want: /empty segment \("\/\/"\)/ }],
    ['"//?" with the valid query', { given: { head: head('GET', `//?${valid}`) }, want: /empty segment/ }],
    ['"/%zz" (not a %-escape)', { given: { head: head('GET', '/%zz') }, want: /path has a malformed percent-encoding/ }],
    [
      'a truncated UTF-8 escape in a value, "/?a=%E0%A4%A"',
      { given: { head: head('GET', '/?a=%E0%A4%A') }, want: /value of the parameter "a" in the query has a malformed percent-encoding/ },
    ],
    [
      '"%zz" as the value of Action',
      {
        given: { head: head('GET', `/?${valid.replace(`Action=${BUNDLED_ACTION}`, 'Action=%zz')}`) },
        want: /parameter "Action" in the query/,
      },
    ],
    [
      'an escaped UTF-16 surrogate (not UTF-8) in BackendServers',
      {
        given: { head: head('GET', `/?${valid}`.replace(/BackendServers=[^&]*/, 'BackendServers=%ED%A0%80')) },
        want: /parameter "BackendServers" in the query/,
      },
    ],
    ['a malformed escape in a name', { given: { head: head('GET', `/?${valid}&%zz=1`) }, want: /name of field 13 of the query/ }],
    ['the absolute-form to this mock', { given: { head: head('GET', `http://127.0.0.1/?${valid}`) }, want: /origin-form/ }],
    [
      'the absolute-form to another host',
      { given: { head: head('GET', 'http://169.254.169.254/latest/meta-data/') }, want: /origin-form/ },
    ],
    ['the asterisk-form', { given: { head: head('OPTIONS', '*') }, want: /origin-form/ }],
    ['a ".." segment', { given: { head: head('GET', `/a/../?${valid}`) }, want: /"\." or "\.\." segment/ }],
    ['an escaped ".." segment', { given: { head: head('GET', `/%2e%2E/?${valid}`) }, want: /"\." or "\.\." segment/ }],
    ['a "." segment', { given: { head: head('GET', `/./?${valid}`) }, want: /"\." or "\.\." segment/ }],
    ['a fragment', { given: { head: head('GET', `/?${valid}#x`) }, want: /fragment/ }],
    [
      'a truncated escape in a form body',
      {
        given: formPost('/', `${valid.replace(/LoadBalancerId=[^&]*/, 'LoadBalancerId=%E0%A4%A')}`),
        want: /parameter "LoadBalancerId" in the body has a malformed/,
      },
    ],
    [
      'a malformed name in a form body, not echoed',
      { given: formPost('/', `${valid}&%3Cscript%3E%zz=1`), want: /name of field 13 of the body/ },
    ],
    [
      'a name that is not a parameter name, not echoed',
      { given: { head: head('GET', `/?${valid}&%3Cscript%3E=%zz`) }, want: /value of the field whose name is not shown/ },
    ],
    // node's HTTP parser refuses these before our handler; the clientError answer has the same shape.
    ['a space in the target', { given: { head: 'GET /a b HTTP/1.1\r\nhost: x\r\n\r\n' }, want: /not valid HTTP\/1\.1 \(HPE_/ }],
    [
      'a control character in the target',
      { given: { head: 'GET /\x01 HTTP/1.1\r\nhost: x\r\n\r\n' }, want: /not valid HTTP\/1\.1 \(HPE_/ },
    ],
  ])('%s', async (_name, { given, want }) => {
    const answer = await exchange(mock.port, given);
    expect(answer.status).toBe(400);
    expectErrorShape(answer.json);
    expect(answer.json).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringMatching(want) });
    expect(String(answer.json?.Message)).not.toMatch(/<script>|%zz|%E0|169\.254/);
  });

  // Anything that fits on a request line: the answer is a documented body (or Prism's 404/405
  // problem for a path the spec does not have), never a 500.
  it('answers random targets and form bodies with no 500 (fast-check, 100 runs)', async () => {
    const piece = fc.constantFrom(
      '/',
      '?',
      '&',
      '=',
      '%',
      '%2',
      '%zz',
      '%E0%A4',
      '%ED%A0%80',
      '%00',
      '.',
      '..',
      '#',
      '+',
      ';',
      '*',
      'Action',
      BUNDLED_ACTION,
      'a',
      'é',
      '\u{1F600}',
      '__proto__',
      'http:',
    );
    const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, text, async (target, body) => {
        const answer = await exchange(mock.port, formPost(`/${target}`, body));
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).not.toBe(500);
        if (answer.status === 400) expectErrorShape(answer.json);
      }),
      { numRuns: 100 },
    );
  });

  it('still answers a valid call after all of them', async () => {
    const answer = await exchange(mock.port, { head: head('GET', `/?${valid}`, { prefer: 'example=documentedSuccess' }) });
    expect(answer).toMatchObject({ status: 200, json: SUCCESS });
  });
});

describe('request bodies are capped: 413 with the error body, the rest never read', () => {
  const HUNDRED_MIB = 100 * 1024 * 1024;
  let mock: Mock;
  let small: Mock;
  beforeAll(async () => {
    [mock, small] = await Promise.all([startMock(), startMock({ maxBodyBytes: 1024 })]);
  });
  afterAll(() => Promise.all([mock?.close(), small?.close()]));

  // The client streams 100 MiB with backpressure and stops when the answer starts. What it had
  // sent by then is the mock's 1 MiB plus the loopback socket buffers (a few MiB on Linux);
  // a mock that buffered the body would answer only after all 100 MiB.
  it.each([
    ['a declared Content-Length of 100 MiB (refused before reading)', { chunked: false }],
    ['100 MiB chunked (refused after 1 MiB)', { chunked: true }],
  ])('%s', async (_name, { chunked }) => {
    const framing: Record<string, string | number> = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': HUNDRED_MIB };
    const answer = await exchange(mock.port, {
      head: head('POST', '/', { 'content-type': 'application/x-www-form-urlencoded', ...framing }),
      bodyBytes: HUNDRED_MIB,
      chunked,
    });
    expect(answer.status).toBe(413);
    expectErrorShape(answer.json);
    expect(answer.json).toMatchObject({ Code: 'RequestEntityTooLarge', Message: expect.stringContaining('1048576 bytes') });
    expect(answer.sentBeforeAnswer).toBeGreaterThanOrEqual(0);
    expect(answer.sentBeforeAnswer).toBeLessThan(16 * 1024 * 1024);
    // And it keeps serving.
    const next = await exchange(mock.port, { head: head('GET', `/?${encode(VALID)}`, { prefer: 'example=documentedSuccess' }) });
    expect(next).toMatchObject({ status: 200, json: SUCCESS });
  });

  // --max-body-bytes 1024: a valid form body padded to exactly the limit passes, one byte more does not.
  const base = encode(VALID);
  const padded = (length: number) => `${base}&OwnerAccount=${'a'.repeat(length - base.length - '&OwnerAccount='.length)}`;
  it.each([
    ['exactly the limit', { given: padded(1024), want: 200 }],
    ['one byte over the limit', { given: padded(1025), want: 413 }],
  ])('a form body of %s', async (_name, { given, want }) => {
    const answer = await exchange(small.port, formPost('/', given));
    expect(answer.status).toBe(want);
    if (want === 413) expect(answer.json).toMatchObject({ Code: 'RequestEntityTooLarge', Message: expect.stringContaining('1024 bytes') });
  });
});

describe('no I/O outside the spec: $refs in data are inert, references outside the document are refused', () => {
  let trap: Server;
  let trapUrl: string;
  const hits: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'slbkit-mock-hostile-'));
  const CANARY = 'LOCAL-FILE-CANARY-6d1f';
  let mock: Mock;
  let document: Doc;

  /** The bundled spec with `change` applied, written next to the canary file. */
  function hostileSpec(name: string, change: (doc: Doc) => void): string {
    const doc = yaml.load(readFileSync(DEFAULT_SPEC, 'utf8')) as Doc;
    change(doc);
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, yaml.dump(doc));
    return file;
  }

  beforeAll(async () => {
    trap = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ trapped: CANARY }));
    });
    await new Promise<void>((ok) => trap.listen(0, '127.0.0.1', ok));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    writeFileSync(join(dir, 'canary.json'), JSON.stringify({ canary: CANARY }));
    const file = hostileSpec('data-refs', (doc) => {
      const media = doc.components.responses[successResponseName(doc)].content['application/json'];
      media.examples.absoluteFile = { value: { $ref: join(dir, 'canary.json') } };
      media.examples.relativeFile = { value: { $ref: 'canary.json' } };
      media.examples.fileUrl = { value: { $ref: `file://${join(dir, 'canary.json')}` } };
      media.examples.httpNested = { value: { ...(SUCCESS as object), RequestId: { $ref: `${trapUrl}/example-value` } } };
      media.examples.localPointer = { value: { $ref: '#/info' } };
      media.examples.externalValue = { summary: 'an Example Object with externalValue only', externalValue: `${trapUrl}/external-value` };
      const serverId = doc.components.schemas.ServerId;
      Object.assign(serverId, {
        example: { $ref: `${trapUrl}/schema-example` },
        default: { $ref: `${trapUrl}/schema-default` },
        examples: [{ $ref: `${trapUrl}/schema-examples` }],
        'x-origin': { $ref: `${trapUrl}/schema-extension` },
      });
      doc.components.schemas.BackendServer.properties.Type.default = { $ref: join(dir, 'canary.json') };
      doc.components.schemas.BackendServer.properties.Weight.examples = [{ $ref: 'canary.json' }];
      doc.components.schemas.ErrorResponse.$schema = `${trapUrl}/schema-dialect`;
      const regionId = doc.components.parameters.RegionId;
      regionId.schema.default = { $ref: `${trapUrl}/parameter-default` };
      regionId.examples.fetched = { value: { $ref: `${trapUrl}/parameter-example` } };
      doc.components.parameters.OwnerAccount.schema.enum = [{ $ref: `${trapUrl}/parameter-enum` }, 'owner'];
      doc.jsonSchemaDialect = `${trapUrl}/dialect`;
      doc['x-top'] = { $ref: `${trapUrl}/top-extension` };
      doc.paths['/'].get['x-slbkit-request-examples'].fetched = { value: { $ref: `${trapUrl}/request-example` } };
    });
    document = yaml.load(readFileSync(file, 'utf8')) as Doc;
    mock = await startMock({ spec: file });
  });
  afterAll(async () => {
    await mock?.close();
    await new Promise((ok) => trap.close(ok));
    rmSync(dir, { recursive: true, force: true });
  });

  const served = (name: string) =>
    document.components.responses[successResponseName(document)].content['application/json'].examples[name].value;
  it.each([
    ['an absolute file path', 'absoluteFile'],
    ['a path relative to the spec', 'relativeFile'],
    ['a file: URL', 'fileUrl'],
    ['an http URL nested in the value', 'httpNested'],
    ['a local JSON pointer (data, not a reference)', 'localPointer'],
    ['an Example Object with externalValue', 'externalValue'],
    ['the documented example', 'documentedSuccess'],
  ])('a $ref as %s inside an example value is served as written', async (_name, example) => {
    const answer = await exchange(mock.port, { head: head('GET', `/?${encode(VALID)}`, { prefer: `example=${example}` }) });
    expect(answer.status).toBe(200);
    // externalValue names no value: Prism builds one from the schema, without fetching it.
    if (example !== 'externalValue') expect(answer.json).toEqual(served(example));
    expect(JSON.stringify(answer.json)).not.toContain(CANARY);
    expect(hits).toEqual([]);
  });

  // Prism's other ways to answer read the schemas whose example, default, examples, x- and $id
  // carry the references.
  it.each([
    ['a generated body (Prefer: dynamic=true)', 'dynamic=true'],
    ['a documented error (Prefer: code=404)', 'code=404'],
    ['the first example', ''],
  ])('%s reads nothing either', async (_name, prefer) => {
    const answer = await exchange(mock.port, { head: head('GET', `/?${encode(VALID)}`, prefer ? { prefer } : {}) });
    expect(answer.status).toBeLessThan(500);
    expect(JSON.stringify(answer.json)).not.toContain(CANARY);
    expect(hits).toEqual([]);
  });

  // `$id` and `$dynamicRef` could make a local reference mean another document. The loader may
  // refuse them with their pointer or leave them to Prism, which must not fetch them: either
  // way the trap sees nothing.
  it.each([
    [
      '$id',
      (doc: Doc) => (doc.components.schemas[successSchemaName(doc)].$id = `${trapUrl}/schema-id`),
      `#/components/schemas/${successSchemaName(yaml.load(readFileSync(DEFAULT_SPEC, 'utf8')) as Doc)}/$id`,
    ],
    [
      '$dynamicRef',
      (doc: Doc) => (doc.components.schemas.BackendServer.properties.Description.$dynamicRef = `${trapUrl}/dynamic#meta`),
      '#/components/schemas/BackendServer/properties/Description/$dynamicRef',
    ],
  ])('a schema with an http %s is refused with its pointer or served without fetching', async (keyword, change, pointer) => {
    let started: Mock | undefined;
    try {
      started = await startMock({ spec: hostileSpec(`keyword-${keyword.slice(1)}`, change) });
      for (const prefer of ['example=documentedSuccess', 'dynamic=true']) {
        const answer = await exchange(started.port, { head: head('GET', `/?${encode(VALID)}`, { prefer }) });
        expect(answer.status).toBe(200);
      }
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      expect(error).toMatchObject({ location: pointer });
    } finally {
      await started?.close();
    }
    expect(hits).toEqual([]);
  });

  // In a position where OpenAPI allows a Reference Object the generator's loader refuses a
  // reference outside the document, with its pointer, before Prism sees the spec.
  it.each([
    ['an http parameter', (doc: Doc) => doc.paths['/'].parameters.push({ $ref: `${trapUrl}/parameter` }), '#/paths/~1/parameters/14/$ref'],
    [
      'a file schema',
      (doc: Doc) => (doc.components.schemas.ServerId = { $ref: join(dir, 'canary.json') }),
      '#/components/schemas/BackendServersToRemove/items/oneOf/0/$ref',
    ],
    [
      'a relative response',
      (doc: Doc) => (doc.paths['/'].get.responses['200'] = { $ref: 'canary.json' }),
      '#/paths/~1/get/responses/200/$ref',
    ],
  ])('a $ref to %s is refused at startup with its pointer', async (name, change, pointer) => {
    const file = hostileSpec(`reference-${name.replaceAll(' ', '-')}`, change);
    const started = startMock({ spec: file });
    await expect(started).rejects.toBeInstanceOf(SpecError);
    await expect(started).rejects.toMatchObject({ location: pointer, message: expect.stringContaining('points outside this document') });
    expect(hits).toEqual([]);
  });
});
