import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFromFile } from '../src/generate.js';
import { REPO } from './generated-package.js';

// Issue 21: a generated package works in a browser bundle. A consumer that imports the client and
// passes `fetch` (or relies on the global one) is bundled by real esbuild for --platform=browser,
// which refuses any `node:` import on its path (old main: 6 errors, "Could not resolve
// node:buffer / node:crypto / node:http / node:https"). The bundle then runs in a node:vm context
// holding web globals only (no require, process or Buffer) against a real loopback server.
// Alibaba-signed packages bundle too, and refuse to sign off Node with a clear error.

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-browser-'));
let server: Server;
let endpoint = '';
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

/** The globals a browser (or a worker) gives: nothing of Node's. */
function webGlobals(): Record<string, unknown> {
  const names = [
    'fetch',
    'Headers',
    'Request',
    'Response',
    'URL',
    'URLSearchParams',
    'TextEncoder',
    'TextDecoder',
    'crypto',
    'AbortController',
    'AbortSignal',
    'btoa',
    'atob',
    'setTimeout',
    'clearTimeout',
    'queueMicrotask',
    'structuredClone',
    'console',
  ] as const;
  return Object.fromEntries(names.map((name) => [name, globalThis[name]]));
}

/** A package folder of generated files, as node_modules/<name> of the consumer project. */
function install(name: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    const target = join(scratch, 'node_modules', name, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

beforeAll(async () => {
  install(
    'notes-client',
    await generateFromFile(join(REPO, 'generator/test/fixtures/browser/notes-api.yaml'), { name: 'notes-client', version: '1.0.0' }),
  );
  // The bundled spec's committed package: Alibaba-signed (RPC actions).
  cpSync(join(REPO, 'generated'), join(scratch, 'node_modules', 'slb-client'), { recursive: true });
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      const authorized = request.headers.authorization === 'Bearer t0ken' || request.headers['x-api-key'] === 'k3y';
      response.writeHead(authorized ? (request.method === 'POST' ? 201 : 200) : 401, { 'content-type': 'application/json' });
      const text = request.method === 'POST' ? (JSON.parse(body) as { text: string }).text : `note ${request.url!.split('/').pop()}`;
      response.end(JSON.stringify(authorized ? { id: 'n1', text } : { message: 'no credentials' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

interface Row {
  /** The consumer's code: it imports the package and sets globalThis.result to a promise. */
  consumer: string;
  /** What the promise gives (or, rejected, its message). */
  want: string | RegExp;
  /** The request the server saw, when one is expected. */
  request?: { method: string; url: string; header: [string, string] };
}

const ROWS: [string, Row][] = [
  [
    'bearer scheme, fetch passed: a typed GET',
    {
      consumer: `import { createClient, type GetNoteOutput } from 'notes-client';
const client = createClient({ endpoint: (globalThis as any).endpoint, fetch: (input, init) => fetch(input, init), auth: { token: 't0ken' } });
const note: GetNoteOutput = await client.getNote({ id: 'n7' });
(globalThis as any).result = note.text;`,
      want: 'note n7',
      request: { method: 'GET', url: '/v1/notes/n7', header: ['authorization', 'Bearer t0ken'] },
    },
  ],
  [
    'apiKey scheme, no fetch passed (off Node the global fetch is the default): a typed POST',
    {
      consumer: `import { createClient } from 'notes-client';
const client = createClient({ endpoint: (globalThis as any).endpoint, auth: { key: 'k3y' } });
(globalThis as any).result = (await client.createNote({ body: { text: 'from a browser' } })).text;`,
      want: 'from a browser',
      request: { method: 'POST', url: '/v1/notes', header: ['x-api-key', 'k3y'] },
    },
  ],
  [
    'an error class, as the issue tried it: a refused token (a JSON error body) is an ApiError with its status and body',
    {
      consumer: `import { ApiError, createClient } from 'notes-client';
const client = createClient({ endpoint: (globalThis as any).endpoint, fetch, auth: { token: 'expired' } });
(globalThis as any).result = await client.getNote({ id: 'n1' }).then(() => 'no error', (error) => (error instanceof ApiError ? 'ApiError ' + error.status + ' ' + JSON.stringify(error.body) : String(error)));`,
      want: 'ApiError 401 {"message":"no credentials"}',
    },
  ],
  [
    'the Alibaba-signed package bundles too, and refuses to sign off Node (it is Node-only)',
    {
      consumer: `import { createClient } from 'slb-client';
const client = createClient({ endpoint: (globalThis as any).endpoint, regionId: 'cn-hangzhou', fetch, credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });
(globalThis as any).result = await client.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'] }).then(() => 'sent', (error) => error.message);`,
      want: /Alibaba Cloud signing needs Node\.js/,
    },
  ],
];

describe('a generated package in a browser bundle (esbuild --platform=browser, run with web globals only)', () => {
  it.each(ROWS)('%s', async (name, { consumer, want, request }) => {
    const entry = join(scratch, `${name.replace(/\W+/g, '-')}.ts`);
    writeFileSync(entry, consumer);
    const bundled = await build({
      entryPoints: [entry],
      absWorkingDir: scratch,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    expect(bundled.errors).toEqual([]);
    const code = bundled.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);

    const context = createContext({ ...webGlobals(), endpoint });
    // An ES module bundle with no imports left: a top-level await becomes an async function here.
    runInContext(`globalThis.done = (async () => {\n${code}\n})();`, context, { timeout: 5_000 });
    const before = seen.length;
    await (context.done as Promise<void>).catch((error: unknown) => {
      context.result = `threw ${String(error)}`;
    });
    if (typeof want === 'string') expect(context.result).toBe(want);
    else expect(context.result).toMatch(want);
    if (request) {
      const last = seen.slice(before).at(-1);
      expect(last).toMatchObject({ method: request.method, url: request.url });
      expect(last?.headers[request.header[0]]).toBe(request.header[1]);
    }
  });
});
