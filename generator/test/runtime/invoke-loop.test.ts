/**
 * invoke.ts is the retry loop over request -> signer -> transport -> response. Watched from the
 * outside with the real runtime over real HTTP on 127.0.0.1: a credentials provider notes when
 * the signer's keys are asked, middleware notes the signed request (after the signer, before the
 * transport) and the answer read (after response.ts), a `transport` option that wraps the default
 * node:http transport notes each exchange, and the server notes what arrived. Nothing of our
 * own code path is replaced.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../runtime/context.js';
import type { CredentialProvider } from '../../runtime/credentials.js';
import { invoke } from '../../runtime/invoke.js';
import type { OperationDescriptor } from '../../runtime/operation.js';
import { nodeTransport, type Transport } from '../../runtime/transport.js';

/** A one-parameter RPC operation as the generator would describe it; `Value` must be a string. */
function operation(extra: Partial<OperationDescriptor> = {}): OperationDescriptor {
  const validate = Object.assign((data: unknown) => typeof (data as { Value?: unknown }).Value === 'string', {
    errors: [{ instancePath: '/Value', keyword: 'type', message: 'must be string', params: {} }],
  });
  return {
    name: 'Echo',
    style: 'rpc',
    action: 'Echo',
    version: '2014-05-15',
    methods: ['GET'],
    path: '/',
    parameters: [{ name: 'Value', in: 'query', wire: 'plain' }],
    fixed: [{ name: 'Action', in: 'query', value: 'Echo' }],
    signers: ['alibaba-rpc'],
    validate,
    ...extra,
  };
}

const OK = { status: 200, body: '{"RequestId":"r-ok"}' };
const THROTTLED = { status: 400, body: '{"Code":"Throttling","Message":"slow down","RequestId":"r-t"}' };
const UNAVAILABLE = { status: 503, body: '{"Code":"ServiceUnavailable","Message":"later","RequestId":"r-u"}' };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server answering `answers` in turn, noting each arrival in `events`. */
async function serve(answers: { status: number; body: string }[], events: string[]): Promise<string> {
  let next = 0;
  server = createServer((request, response) => {
    events.push(`server ${request.method} nonce=${new URL(request.url ?? '', 'http://x').searchParams.get('SignatureNonce')}`);
    const answer = answers[Math.min(next++, answers.length - 1)]!;
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Row {
  descriptor: OperationDescriptor;
  input: unknown;
  answers: { status: number; body: string }[];
  /** The events in order, nonces replaced by #1, #2, ... in order of appearance. */
  want: string[];
  /** The call's outcome: the result, or the error's message pattern. */
  result?: unknown;
  fails?: RegExp;
}

const attempt = (n: string, answer: string, read: string) => [
  'middleware onRequest: signed (Signature in the URL)',
  `transport GET nonce=${n}`,
  `server GET nonce=${n}`,
  `transport answered ${answer}`,
  read,
];

const rows: [string, Row][] = [
  [
    'one call: values checked, keys asked, the request signed, sent, and its answer read, in that order',
    {
      descriptor: operation(),
      input: { Value: 'v' },
      answers: [OK],
      want: ['credentials asked', ...attempt('#1', '200', 'middleware onResponse: RequestId r-ok')],
      result: { RequestId: 'r-ok' },
    },
  ],
  [
    'an input that breaks the spec: refused before the keys are asked or anything is sent',
    { descriptor: operation(), input: { Value: 7 }, answers: [OK], want: [], fails: /Value: must be string/ },
  ],
  [
    'throttled once: the loop goes round again, the request signed anew (a fresh nonce); the keys are asked once per call',
    {
      descriptor: operation(),
      input: { Value: 'v' },
      answers: [THROTTLED, OK],
      want: [
        'credentials asked',
        ...attempt('#1', '400', 'middleware onError: ThrottlingError'),
        ...attempt('#2', '200', 'middleware onResponse: RequestId r-ok'),
      ],
      result: { RequestId: 'r-ok' },
    },
  ],
  [
    'a 503 for an operation with no idempotency: one attempt, and the error says why it was not retried',
    {
      descriptor: operation(),
      input: { Value: 'v' },
      answers: [UNAVAILABLE, OK],
      want: ['credentials asked', ...attempt('#1', '503', 'middleware onError: ApiError')],
      fails: /ServiceUnavailable.*\(not retried: the request may have been processed, and Echo has no idempotency token/,
    },
  ],
  [
    'a 503 for an operation marked safe to repeat: retried',
    {
      descriptor: operation({ idempotency: { kind: 'safe' } }),
      input: { Value: 'v' },
      answers: [UNAVAILABLE, OK],
      want: [
        'credentials asked',
        ...attempt('#1', '503', 'middleware onError: ApiError'),
        ...attempt('#2', '200', 'middleware onResponse: RequestId r-ok'),
      ],
      result: { RequestId: 'r-ok' },
    },
  ],
  [
    'no signer named: no keys asked, and the request travels as built',
    {
      descriptor: operation({ signers: [] }),
      input: { Value: 'v' },
      answers: [OK],
      want: [
        'middleware onRequest: unsigned',
        'transport GET nonce=null',
        'server GET nonce=null',
        'transport answered 200',
        'middleware onResponse: RequestId r-ok',
      ],
      result: { RequestId: 'r-ok' },
    },
  ],
];

describe("invoke's loop: request -> signer -> transport -> response", () => {
  it.each(rows)('%s', async (_name, { descriptor, input, answers, want, result, fails }) => {
    const events: string[] = [];
    const endpoint = await serve(answers, events);
    const credentials: CredentialProvider = {
      getCredential: async () => {
        events.push('credentials asked');
        return { accessKeyId: 'loop-id', accessKeySecret: 'loop-secret' };
      },
    };
    const inner = nodeTransport();
    const transport: Transport = async (request) => {
      events.push(`transport ${request.method} nonce=${new URL(request.path, 'http://x').searchParams.get('SignatureNonce')}`);
      const response = await inner(request);
      events.push(`transport answered ${response.status}`);
      return response;
    };
    // V1 (named: V3 is the default): its nonce and signature travel in the URL these events read.
    const context = createContext(endpoint, { credentials, transport, signatureVersion: 'v1', retryBaseDelayMs: 0, retryMaxDelayMs: 0 });
    context.middleware.push({
      onRequest: (view) =>
        void events.push(`middleware onRequest: ${/[?&]Signature=/.test(view.url) ? 'signed (Signature in the URL)' : 'unsigned'}`),
      onResponse: (done) => void events.push(`middleware onResponse: RequestId ${done.requestId}`),
      onError: (failure) => void events.push(`middleware onError: ${failure.error.name}`),
    });
    const call = invoke(context, descriptor, input);
    if (fails) await expect(call).rejects.toThrow(fails);
    else await expect(call).resolves.toEqual(result);
    expect(numbered(events)).toEqual(want);
  });
});

/** Nonces are random: each distinct one becomes #1, #2, ... so rows can say "the same" or "a fresh one". */
function numbered(events: string[]): string[] {
  const seen = new Map<string, string>();
  return events.map((event) =>
    event.replace(
      /nonce=([0-9a-f-]{36})/,
      (_all, nonce: string) => `nonce=${seen.get(nonce) ?? (seen.set(nonce, `#${seen.size + 1}`), `#${seen.size}`)}`,
    ),
  );
}
