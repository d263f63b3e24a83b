/**
 * Issue 17, through the real generated client (source-package.ts: printed by the CLI, running the
 * runtime's source) against servers on 127.0.0.1: a path value that would climb out of its
 * operation's path is refused before anything is sent; an XML answer's DTD entities are never
 * expanded; the values of secret parameters never show in debug lines, middleware views or
 * errors; a token or signature a gateway echoes with JSON escapes is redacted all the same.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../../contract-tests/support/replay-server.js';
import type * as Bundled from '../../../generated/src/index.js';
import { RequestValidationError, TransportError } from '../../runtime/errors.js';
import type { AttemptRequest, Middleware } from '../../runtime/middleware.js';
import { REPO } from '../cli-harness.js';
import { BUNDLED_SPEC, importSourcePackage } from '../source-package.js';

/** The client of fixtures/specs/secret-parameters.yaml, loosely typed (its types are not committed anywhere). */
interface ProfileClient {
  use(middleware: Middleware): ProfileClient;
  getProfile(input: Record<string, unknown>): Promise<unknown>;
}
type ProfileModule = { createClient(options: Record<string, unknown>): ProfileClient };

const TOKEN = 'bearer-token-of-the-profile-api';
let server: ReplayServer;
let profiles: ProfileModule;
let bundled: typeof Bundled;
beforeAll(async () => {
  [profiles, bundled, server] = await Promise.all([
    importSourcePackage<ProfileModule>(join(REPO, 'generator/test/fixtures/specs/secret-parameters.yaml')),
    importSourcePackage<typeof Bundled>(BUNDLED_SPEC),
    startReplayServer(),
  ]);
}, 120_000);
afterAll(() => server?.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('a path value that is not one segment is refused by name, and nothing is sent', () => {
  // `/users/../profile` is `/profile` once a server (or fetch's URL parser) removes dot segments
  // (RFC 3986 section 5.2.4), reached with this operation's bearer token; encoded forms do the
  // same at a server or proxy that decodes before routing.
  it.each([
    ['..', 'a parent segment'],
    ['.', 'a current segment'],
    ['%2e%2e', '.. percent-encoded'],
    ['.%2E', '.. half encoded, upper case'],
    ['%252e%252e', '.. encoded twice'],
    ['../admin', 'a parent segment and a new one'],
    ['a/b', 'a slash'],
    ['%2F', 'an encoded slash'],
    ['..\\admin', 'a backslash (a separator to some servers)'],
  ])('%j (%s)', async (userId) => {
    server.answer({ status: 200, body: '{"name":"Ada"}' });
    const client = profiles.createClient({ endpoint: server.url, auth: { bearerAuth: TOKEN }, maxRetries: 0 });
    const error = await client.getProfile({ userId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues).toEqual([
      { path: '/userId', keyword: 'pathSegment', message: expect.stringMatching(/^must not (be "\." or "\.\."|contain "\/" or "\\")/) },
    ]);
    expect((error as Error).message).toMatch(/^getProfile: invalid input, nothing was sent:\n {2}- \/userId: must not /);
    expect(server.requests).toHaveLength(0);
  });

  it('a value with dots that is not a dot segment is sent, encoded as one segment', async () => {
    server.answer({ status: 200, body: '{"name":"Ada"}' });
    await profiles.createClient({ endpoint: server.url, auth: { bearerAuth: TOKEN } }).getProfile({ userId: '..ada..' });
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/users/..ada../profile']);
  });
});

describe('an XML answer with DTD entities: none is expanded, the output stays bounded', () => {
  const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
  const bodies: [string, string, string][] = [
    // The classic billion laughs: 10^9 "lol" from under 1 KB. A guard more than a hostile row:
    // fast-xml-parser itself refuses an entity that names another (4.4.1 and 5.12.1 alike).
    ['billion laughs (nested entities)', `<!DOCTYPE R [<!ENTITY lol0 "lol">${laughs}]>`, '&lol9;'],
    // GHSA-jmr7-xgp7-cmfj: no entity refers to another, one is just referenced often. 110 KB of
    // answer; fast-xml-parser 4.4.1 made 180,000,022 characters of it (2.8 s), 5.12.1 refuses
    // past 100,000 (the call failed).
    ['one 9,000-character entity referenced 20,000 times', `<!DOCTYPE R [<!ENTITY big "${'x'.repeat(9000)}">]>`, '&big;'.repeat(20_000)],
    ['one short entity, referenced once', '<!DOCTYPE R [<!ENTITY company "Example Corp">]>', '&company;'],
  ];
  it.each(bodies)('%s', async (_name, doctype, references) => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>${doctype}<RemoveBackendServersResponse><RequestId>${references}</RequestId><LoadBalancerId>lb-1</LoadBalancerId></RemoveBackendServersResponse>`;
    server.answer({ status: 200, body, contentType: 'application/xml' });
    const client = bundled.createClient({
      endpoint: server.url,
      regionId: 'cn-hangzhou',
      credentials: { accessKeyId: 'id', accessKeySecret: 'xml-secret' },
      format: 'XML',
      maxRetries: 0,
    });
    const result = await client.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'] });
    expect(result).toMatchObject({ RequestId: references, LoadBalancerId: 'lb-1' });
    expect(JSON.stringify(result).length).toBeLessThan(body.length);
  });

  it('still decodes the predefined entities and character references once, and keeps CDATA as written', async () => {
    const body =
      '<RemoveBackendServersResponse><RequestId>a &amp; b &lt;c&gt; &#65;&#x42; &amp;lt;</RequestId><LoadBalancerId><![CDATA[lb &amp; <1>]]></LoadBalancerId></RemoveBackendServersResponse>';
    server.answer({ status: 200, body, contentType: 'application/xml' });
    const client = bundled.createClient({
      endpoint: server.url,
      regionId: 'cn-hangzhou',
      credentials: { accessKeyId: 'id', accessKeySecret: 'xml-secret' },
      format: 'XML',
      maxRetries: 0,
    });
    await expect(client.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'] })).resolves.toMatchObject({
      RequestId: 'a & b <c> AB &lt;',
      LoadBalancerId: 'lb &amp; <1>',
    });
  });
});

describe('secret parameters never show in debug lines, middleware views or errors', () => {
  // `pin` is a password by its format, `recoveryCode` by writeOnly, `ClientSecret` by its name;
  // the descriptor marks them `secret` (model/parameters.ts). A 3-character pin is hidden in the
  // request's view by position; in a server's words only values of 4 characters and more are
  // recognised (errors.ts secretPattern: a shorter one would match all over a message).
  const CODE = 'recovery-code-9f2c';
  const SECRET = 'client-secret-5d81';
  it.each([
    ['a success, with a 3-character pin', 'p1n', { status: 200, body: '{"name":"Ada"}' }, false],
    // A gateway page quoting the request: the error's bodyStart holds what it echoed.
    [
      'a gateway error echoing the request',
      'pin-4711',
      { status: 502, body: `bad gateway: pin=pin-4711&recoveryCode=${CODE} ClientSecret: ${SECRET}`, contentType: 'text/plain' },
      true,
    ],
  ])('%s', async (_name, PIN, answer, fails) => {
    const input = { userId: 'u-1', pin: PIN, recoveryCode: CODE, ClientSecret: SECRET, view: 'full' };
    server.answer(answer);
    const lines: string[] = [];
    const views: AttemptRequest[] = [];
    const client = profiles.createClient({
      endpoint: server.url,
      auth: { bearerAuth: TOKEN },
      maxRetries: 0,
      debug: (line: string) => lines.push(line),
    });
    client.use({ onRequest: (v) => void views.push(v), onResponse: (v) => void views.push(v), onError: (v) => void views.push(v) });
    const error = await client.getProfile(input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error !== undefined).toBe(fails);
    // The values did travel: the server got each of them.
    expect(server.requests[0]!.query).toMatchObject({ pin: PIN, recoveryCode: CODE });
    expect(server.requests[0]!.headers.clientsecret).toBe(SECRET);
    const shown = [
      ...lines,
      JSON.stringify(views),
      ...(error ? [String(error), JSON.stringify(error), inspect(error, { depth: 5 })] : []),
    ].join('\n');
    for (const value of [PIN, CODE, SECRET, TOKEN]) expect(shown).not.toContain(value);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/pin=\[redacted\]&recoveryCode=\[redacted\]&view=full /);
    expect(views[0]!.headers.clientsecret).toBe('[redacted]');
  });
});

describe('a token or signature echoed with JSON escapes is redacted from a TransportError', () => {
  // STS tokens and base64 signatures hold `/`, `+` and `=`; a JSON encoder may write them as
  // `\/` (PHP, many gateways), `\u003d` (Gson), or escape every such character.
  const SECRET = 'echo/secret+key=0001';
  const STS = 'CAIS/sts+token=/part2==';
  const styles: [string, (json: string) => string][] = [
    ['slashes as \\/', (json) => json.replaceAll('/', '\\/')],
    ['= + < > & as \\u escapes (Gson)', (json) => json.replace(/[=+<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
    [
      'every non-alphanumeric as an upper-case \\u escape',
      (json) =>
        json.replace(
          /"[^"]*"/g,
          (s) => `"${s.slice(1, -1).replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`)}"`,
        ),
    ],
  ];
  let gateway: Server;
  let url = '';
  let style: (json: string) => string = (json) => json;
  const signatures: string[] = [];
  beforeAll(async () => {
    // Echoes what it got, as a gateway error page would: token and signature first, then the URL.
    gateway = createServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      signatures.push(query.get('Signature') ?? '');
      const echo = JSON.stringify({
        SecurityToken: query.get('SecurityToken'),
        Signature: query.get('Signature'),
        Secret: SECRET,
        Url: `https://slb.aliyuncs.com${req.url}`,
      });
      res.writeHead(502, { 'content-type': 'application/json' }).end(style(echo));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

  it.each(styles)('%s', async (_name, escapeStyle) => {
    style = escapeStyle;
    signatures.length = 0;
    const client = bundled.createClient({
      endpoint: url,
      regionId: 'cn-hangzhou',
      credentials: { accessKeyId: 'echo-id', accessKeySecret: SECRET, securityToken: STS },
      maxRetries: 0,
      // V1 by GET: the token and the base64 signature travel in the query this gateway echoes.
      signatureVersion: 'v1',
      method: 'GET',
    });
    const error = await client.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).bodyStart).toMatch(
      /^\{"SecurityToken":"\[redacted\]","Signature":"\[redacted\]","Secret":"\[redacted\]"/,
    );
    // Every escape undone, no form of a secret is left in what a person or a log could see.
    const unescaped = (text: string) =>
      text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))).replaceAll('\\/', '/');
    const err = error as TransportError;
    for (const text of [err.message, err.bodyStart ?? '', JSON.stringify(err), inspect(err, { depth: 5 }), String(err.stack)]) {
      for (const secret of [SECRET, STS, ...signatures])
        for (const form of [secret, encodeURIComponent(secret)]) expect(unescaped(text)).not.toContain(form);
    }
  });
});
