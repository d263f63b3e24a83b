/**
 * The runtime against servers that answer badly on purpose (issue 9, item 6): bodies far past
 * the cap, redirects to another origin, gzip nobody asked for, and servers that echo the whole
 * request (URL, headers, body, a string to sign) into every field of their error. Tested from
 * the source in generator/runtime, over real HTTP on 127.0.0.1, with both transports.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClientOptions, createContext } from '../../runtime/context.js';
import { SlbkitError, TransportError } from '../../runtime/errors.js';
import { invoke } from '../../runtime/invoke.js';
import type { OperationDescriptor } from '../../runtime/operation.js';
import type { TransportResponse } from '../../runtime/transport.js';

const SECRET = 'hostile-secret+/=!*9f';
// `+`, `/`, `=` and a space: each travels in a different form raw, in a query and in a string to sign.
const TOKEN = 'sts token+/=h0stile-77c1';
const KEY_ID = 'hostile-key';

/** A one-parameter RPC operation, as the generator would describe it; the validator accepts all. */
const echo: OperationDescriptor = {
  name: 'Echo',
  style: 'rpc',
  action: 'Echo',
  version: '2014-05-15',
  methods: ['GET', 'POST'],
  path: '/',
  parameters: [{ name: 'Value', in: 'query', wire: 'plain' }],
  fixed: [{ name: 'Action', in: 'query', value: 'Echo' }],
  signers: ['alibaba-rpc'],
  validate: Object.assign(() => true, { errors: null }),
};

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Loopback {
  url: string;
  seen: Seen[];
  /** Bytes of body the handler managed to write before the client hung up. */
  written: { bytes: number };
  close(): Promise<void>;
}

const open: Loopback[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A server on 127.0.0.1 (free port), recording each request, stopped after each test. */
async function loopback(handle: (req: Seen, res: ServerResponse, written: { bytes: number }) => void): Promise<Loopback> {
  const seen: Seen[] = [];
  const written = { bytes: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      handle(request, res, written);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const box: Loopback = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    written,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(box);
  return box;
}

/** Writes `chunk` until `total` bytes are out or the client hangs up, respecting backpressure. */
function stream(res: ServerResponse, written: { bytes: number }, total: number, chunk = Buffer.alloc(64 * 1024, 'x')): void {
  const pump = () => {
    while (written.bytes < total && !res.destroyed) {
      written.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => res.destroy());
  pump();
}

const transports = [
  ['node:http', {}],
  ['fetch', { fetch: globalThis.fetch }],
] as const satisfies readonly (readonly [string, ClientOptions])[];

function call(endpoint: string, options: ClientOptions = {}): Promise<unknown> {
  const context = createContext(endpoint, {
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
    maxRetries: 0,
    timeoutMs: 10_000,
    ...options,
  });
  return invoke(context, echo, { Value: 'v' }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.each(transports)('response size cap (%s)', (_transport, transportOptions) => {
  const MiB = 1024 * 1024;
  it.each([
    // [name, { given: server behaviour and cap, want: the cap the error names and the most the server may write }]
    [
      'an endless chunked body past a 64 KiB cap',
      { declared: undefined, total: 600 * MiB, cap: 64 * 1024, wantCap: '65536', wantWrittenBelow: 32 * MiB },
    ],
    [
      'a body that declares 600 MB, refused before reading',
      { declared: 600_000_000, total: 600 * MiB, cap: 64 * 1024, wantCap: '65536', wantWrittenBelow: 32 * MiB },
    ],
    [
      'a 64 MiB body past the default cap (10 MiB)',
      { declared: undefined, total: 64 * MiB, cap: undefined, wantCap: '10485760', wantWrittenBelow: 40 * MiB },
    ],
  ])('%s: a TransportError naming the cap, and the rest is not read', async (_name, given) => {
    const server = await loopback((_req, res, written) => {
      res.writeHead(200, { 'content-type': 'application/json', ...(given.declared ? { 'content-length': String(given.declared) } : {}) });
      stream(res, written, given.total);
    });
    const error = await call(server.url, { ...transportOptions, ...(given.cap ? { maxResponseBytes: given.cap } : {}) });
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      status: 200,
      errorCode: 'SLBKIT_RESPONSE_REFUSED',
      message: expect.stringContaining(`maxResponseBytes (${given.wantCap} bytes)`),
    });
    // The client hung up: the server stops far short of what it meant to send.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.written.bytes).toBeLessThan(given.wantWrittenBelow);
  });

  it('a body just under the cap is read whole', async () => {
    const body = JSON.stringify({ RequestId: 'r', Pad: 'x'.repeat(1000) });
    const server = await loopback((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    expect(await call(server.url, { ...transportOptions, maxResponseBytes: Buffer.byteLength(body) })).toBeUndefined();
    expect(await call(server.url, { ...transportOptions, maxResponseBytes: Buffer.byteLength(body) - 1 })).toBeInstanceOf(TransportError);
  });
});

describe('option maxResponseBytes is checked when the client is created', () => {
  it.each([0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN, '1024', 2 ** 40])('refuses %s', (value) => {
    expect(() => createContext('https://slb.aliyuncs.com', { maxResponseBytes: value as number })).toThrow(
      /^option maxResponseBytes must be a whole number from 1 to \d+, not /,
    );
  });
  it.each([1, 1024, 10 * 1024 * 1024])('takes %s', (value) => {
    expect(() => createContext('https://slb.aliyuncs.com', { maxResponseBytes: value })).not.toThrow();
  });
});

describe("a caller's transport is held to the cap by the body's length", () => {
  it.each([
    ['one character past the cap', { body: 'x'.repeat(1025), want: TransportError }],
    ['exactly the cap, not JSON', { body: 'x'.repeat(1024), want: TransportError }],
  ])('%s', async (_name, { body, want }) => {
    const transport = async (): Promise<TransportResponse> => ({ status: 200, headers: {}, body });
    const error = await call('https://slb.aliyuncs.com', { transport, maxResponseBytes: 1024 });
    expect(error).toBeInstanceOf(want);
    expect((error as TransportError).errorCode === 'SLBKIT_RESPONSE_REFUSED').toBe(body.length > 1024);
  });
});

describe.each(transports)('redirects are never followed (%s)', (_transport, transportOptions) => {
  it.each([
    ['307 with a signed query in the Location', 307, 'v3'],
    ['307 under signature V1', 307, 'v1'],
    ['302', 302, 'v3'],
    ['301', 301, 'v1'],
    ['308', 308, 'v3'],
    ['303', 303, 'v1'],
  ] as const)('%s: a TransportError naming the status and the origin only', async (_name, status, signatureVersion) => {
    const elsewhere = await loopback((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"stolen"}'),
    );
    const origin = await loopback((req, res) => {
      res.writeHead(status, { location: `${elsewhere.url}/collect${req.url}` }).end();
    });
    const error = await call(origin.url, { ...transportOptions, signatureVersion });
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ status, message: expect.stringContaining(`HTTP ${status} redirect to ${elsewhere.url};`) });
    expect((error as Error).message).not.toContain('/collect');
    expect(elsewhere.seen).toHaveLength(0);
    // The token went to the endpoint asked for, and nowhere else.
    expect(origin.seen).toHaveLength(1);
    if (signatureVersion === 'v3') expect(origin.seen[0]!.headers['x-acs-security-token']).toBe(TOKEN);
  });
});

describe('compression', () => {
  const body = JSON.stringify({ RequestId: 'gz' });
  it.each([
    // node:http asks for identity; a server that sends gzip anyway is refused, not read as text.
    ['node:http', {}, { acceptEncoding: 'identity', ok: false }],
    // fetch (undici) asks for gzip itself and decodes it; the cap counts decoded bytes.
    ['fetch', { fetch: globalThis.fetch }, { acceptEncoding: expect.stringContaining('gzip'), ok: true }],
  ] as const)('%s', async (_name, transportOptions, want) => {
    const server = await loopback((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(body)),
    );
    const error = await call(server.url, transportOptions);
    expect(server.seen[0]!.headers['accept-encoding']).toEqual(want.acceptEncoding);
    if (want.ok) expect(error).toBeUndefined();
    else
      expect(error).toMatchObject({
        name: 'TransportError',
        message: expect.stringContaining('gzip-encoded although identity was asked for'),
      });
  });

  it('a gzip bomb through fetch stops at the cap of decoded bytes', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '));
    const server = await loopback((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb),
    );
    const error = await call(server.url, { fetch: globalThis.fetch, maxResponseBytes: 1024 * 1024 });
    expect(error).toMatchObject({ name: 'TransportError', errorCode: 'SLBKIT_RESPONSE_REFUSED' });
  });
});

/** Every form a secret may come back in, to search for. */
function forms(secret: string): string[] {
  const once = encodeURIComponent(secret);
  return [secret, once, encodeURIComponent(once), once.replaceAll('%20', '+'), secret.replaceAll('+', ' ')];
}

/**
 * The whole request as a server might quote it, string to sign included. The signed parts come
 * first (URL, then the body: a V1 POST signs its form body), before the headers, so that they fall
 * inside the 200 characters of `bodyStart` whichever way the call was sent.
 */
function echoText(req: Seen): string {
  const [path, query = ''] = req.url.split('?');
  const signed = query || formOf(req);
  const stringToSign = `${req.method}&${encodeURIComponent(path!)}&${encodeURIComponent(signed)}`;
  return `${req.method} ${req.url} ${req.body} StringToSign: ${stringToSign} ${JSON.stringify(req.headers)}`;
}

/** The form body of a request, when it has one (V1 by POST may carry its parameters there). */
const formOf = (req: Seen): string => (/x-www-form-urlencoded/.test(String(req.headers['content-type'])) ? req.body : '');

/** The signature sent: V1 `Signature` in the query or a form body, V3 the hex in Authorization. */
function signatureOf(req: Seen): string {
  const v1 = new URL(req.url, 'http://x').searchParams.get('Signature') ?? new URLSearchParams(formOf(req)).get('Signature');
  const v3 = /Signature=([0-9a-f]{64})/.exec(String(req.headers.authorization ?? ''))?.[1];
  const signature = v1 ?? v3;
  if (!signature) throw new Error(`no signature in ${req.url}`);
  return signature;
}

const answers = {
  'an API error body with the request in every field': (req: Seen, res: ServerResponse) => {
    const text = echoText(req);
    res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ Code: `Bad.${text}`, Message: text, HostId: text, Recommend: text, RequestId: text }));
  },
  'a 500 HTML page quoting the request': (req: Seen, res: ServerResponse) => {
    res.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body>${echoText(req)}</body></html>`);
  },
  'a 500 page that cuts the token at the 200th character of bodyStart': (req: Seen, res: ServerResponse) => {
    res.writeHead(500, { 'content-type': 'text/html' }).end(`<html>${'.'.repeat(190)}${TOKEN} ${echoText(req)}</html>`);
  },
  'a 200 that is not JSON, quoting the request': (req: Seen, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(echoText(req));
  },
};

describe.each(transports)('an echoing server (%s)', (_transport, transportOptions) => {
  it.each(
    (['v1', 'v3'] as const).flatMap((version) =>
      (['GET', 'POST'] as const).flatMap((method) =>
        Object.keys(answers).map((answer) => [`${version} ${method}: ${answer}`, version, method, answer as keyof typeof answers] as const),
      ),
    ),
  )('%s: no secret, token, signature or signed query in any field', async (_name, signatureVersion, method, answer) => {
    const server = await loopback(answers[answer]);
    const error = await call(server.url, { ...transportOptions, signatureVersion, method });
    expect(error).toBeInstanceOf(SlbkitError);
    const sent = server.seen[0]!;
    const query = sent.url.split('?')[1] ?? '';
    // V1 signs the query (or form body) itself: all of it is a signed URL.
    const secrets = [SECRET, TOKEN, signatureOf(sent), ...(signatureVersion === 'v1' ? [query, formOf(sent)] : [])].filter(Boolean);
    const fields = Object.getOwnPropertyNames(error).map((key) => String((error as Record<string, unknown>)[key]));
    const cause = (error as Error).cause;
    const texts = [
      String(error),
      (error as Error).stack ?? '',
      ...fields,
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      String(cause),
      inspect(cause),
    ];
    for (const text of texts) for (const secret of secrets) for (const form of forms(secret)) expect(text).not.toContain(form);
    // The token's start must not survive a cut either.
    for (const text of texts) expect(text).not.toContain(TOKEN.slice(0, 9));
    // What is left is still useful: the action and the status.
    expect(String(error)).toContain('Echo');
    expect((error as Error).message).toContain('[red'); // '[redacted]', maybe cut at bodyStart's end
  });
});

describe('an http: endpoint warns once per client (SLBKIT_INSECURE_ENDPOINT)', () => {
  // A transport of the caller's answers, so no host name has to resolve: the warning is about
  // the endpoint the request is signed for, whoever carries it.
  const transport = async (): Promise<TransportResponse> => ({ status: 200, headers: {}, body: '{"RequestId":"ok"}' });
  it.each([
    ['http: off loopback, two calls', { endpoint: 'http://slb.example.com', calls: 2, want: ['http://slb.example.com'] }],
    ['http: with a port and a path', { endpoint: 'http://10.0.0.7:8080/api', calls: 1, want: ['http://10.0.0.7:8080'] }],
    ['https:', { endpoint: 'https://slb.aliyuncs.com', calls: 2, want: [] }],
    ['http://127.0.0.1 (loopback: mocks and tests)', { endpoint: 'http://127.0.0.1:9', calls: 1, want: [] }],
    ['http://localhost', { endpoint: 'http://localhost:9', calls: 1, want: [] }],
    ['http://[::1]', { endpoint: 'http://[::1]:9', calls: 1, want: [] }],
  ])('%s', async (_name, { endpoint, calls, want }) => {
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on('warning', listen);
    try {
      const context = createContext(endpoint, {
        credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
        transport,
      });
      for (let i = 0; i < calls; i++) await invoke(context, echo, { Value: 'v' });
      // emitWarning delivers on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listen);
    }
    const ours = warnings.filter((w) => (w as { code?: string }).code === 'SLBKIT_INSECURE_ENDPOINT');
    expect(ours.map((w) => /endpoint (\S+) is http:/.exec(w.message)?.[1])).toEqual(want);
    for (const w of ours) for (const secret of [SECRET, TOKEN]) expect(w.message).not.toContain(secret);
  });

  it('not before credentials are found: a call that ends in CredentialsError sends nothing and warns nothing', async () => {
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    const saved = { ...process.env };
    process.on('warning', listen);
    try {
      for (const name of [
        'ALIBABA_CLOUD_ACCESS_KEY_ID',
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        'ALIBABA_CLOUD_CREDENTIALS_FILE',
        'ALIBABA_CLOUD_PROFILE',
      ])
        delete process.env[name];
      process.env.HOME = '/nonexistent-slbkit-home';
      let sent = 0;
      const context = createContext('http://slb.example.com', {
        transport: async () => (sent++, { status: 200, headers: {}, body: '{}' }),
      });
      await expect(invoke(context, echo, { Value: 'v' })).rejects.toMatchObject({ name: 'CredentialsError' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(sent).toBe(0);
    } finally {
      process.env = saved;
      process.off('warning', listen);
    }
    expect(warnings.filter((w) => (w as { code?: string }).code === 'SLBKIT_INSECURE_ENDPOINT')).toEqual([]);
  });
});
