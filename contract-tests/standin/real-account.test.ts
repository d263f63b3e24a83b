// Over 400 lines: the real-account mode's rows (credentials, endpoints, refusals) against one loopback gateway.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import credentialsModule, { Config } from '@alicloud/credentials';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AttemptRequest,
  type ClientOptions,
  CredentialsError,
  createClient,
  type Middleware,
  ResponseValidationError,
} from '../../generated/dist/index.js';
import { DEFAULT_REGION_ID, type StandIn, startStandIn } from './server.js';

// Issue 12 end to end: the generated client (generated/dist) against the stand-in endpoint
// (real HTTP on 127.0.0.1, signatures checked by the stand-in's own verifiers), for each source
// of credentials, for region endpoints, for middleware and for response validation.

// CommonJS with exports.default: Node's ESM loader (and tsc) give module.exports, vitest's interop may give the class itself.
const Credential =
  (credentialsModule as { default?: typeof credentialsModule.default }).default ??
  (credentialsModule as unknown as typeof credentialsModule.default);

const AK = { id: 'account-ak', secret: 'account-ak-secret-9c2e' };
// `+`, `/` and `=` travel percent-encoded in a V1 query: the leak checks look for every form.
const STS = { id: 'STS.account-sts', secret: 'account-sts-secret-51d0', token: 'account-sts+token/a7=' };
const LB = 'lb-account';
const REGIONAL_LB = 'lb-frankfurt';

let standIn: StandIn;
let home: string;
const savedEnv = { ...process.env };
/**
 * Edits process.env in place, never replaces it: Node passes each change to the C environment,
 * which os.homedir() reads (so @alicloud/credentials' providers see the temp HOME, never the
 * real one of the machine running the tests).
 */
function setEnv(values: Record<string, string | undefined>): void {
  for (const name of Object.keys(process.env)) if (!(name in values)) delete process.env[name];
  for (const [name, value] of Object.entries(values)) if (value !== undefined) process.env[name] = value;
}

beforeAll(async () => {
  standIn = await startStandIn({
    accessKeys: { [AK.id]: { secret: AK.secret }, [STS.id]: { secret: STS.secret, securityToken: STS.token } },
    loadBalancers: {
      [LB]: { regionId: DEFAULT_REGION_ID, servers: [{ ServerId: 'vm-1', Type: 'ecs', Weight: 100 }] },
      [REGIONAL_LB]: { regionId: 'eu-central-1', servers: [{ ServerId: 'vm-1', Type: 'ecs', Weight: 100 }] },
    },
  });
  home = mkdtempSync(join(tmpdir(), 'slbkit-account-'));
});
afterAll(async () => {
  setEnv(savedEnv);
  await standIn?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});
beforeEach(() => {
  // Only the sources a row names: no key of the machine running the tests is ever read.
  setEnv({
    ...Object.fromEntries(Object.entries(savedEnv).filter(([name]) => !name.startsWith('ALIBABA_CLOUD_') && name !== 'NODE_DEBUG')),
    HOME: join(home, 'empty'),
  });
  standIn.requests.length = 0;
  standIn.faults.clear();
});

// Removing a server that is not attached succeeds (the action is idempotent), so every row may call again.
const input = { LoadBalancerId: LB, BackendServers: ['vm-absent'] };
/**
 * The AccessKeyId and STS token a request carried, signed with V3 (the default): the Credential
 * of its Authorization header and x-acs-security-token.
 */
const sentKeys = (request: { headers: Record<string, string> }) => [
  /^ACS3-HMAC-SHA256 Credential=([^,]+),/.exec(request.headers.authorization ?? '')?.[1],
  request.headers['x-acs-security-token'],
];

const options = (more: ClientOptions = {}): ClientOptions => ({
  endpoint: standIn.url,
  regionId: DEFAULT_REGION_ID,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 2,
  ...more,
});

/** A HOME with an aliyun CLI config.json, as `aliyun configure` writes it. */
function cliHome(name: string, profiles: Record<string, unknown>[], current = 'default'): string {
  const dir = join(home, name);
  mkdirSync(join(dir, '.aliyun'), { recursive: true });
  writeFileSync(join(dir, '.aliyun', 'config.json'), JSON.stringify({ current, profiles, meta_path: '' }, null, 2));
  return dir;
}

/** A credentials URI endpoint on loopback, answering as the ECS sidecar / `credentials_uri` contract says. */
async function credentialsUri(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_request, response) => {
    hits++;
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        Code: 'Success',
        AccessKeyId: STS.id,
        AccessKeySecret: STS.secret,
        SecurityToken: STS.token,
        Expiration: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/credentials`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('each credential source authenticates against the stand-in', () => {
  const sourceRows: Array<
    [
      string,
      {
        given: () => { credentials?: ClientOptions['credentials'] | (() => ClientOptions['credentials']); env?: Record<string, string> };
        want: { keyId: string; token?: string };
      },
    ]
  > = [
    [
      'a plain provider object',
      {
        given: () => ({ credentials: { getCredential: async () => ({ accessKeyId: AK.id, accessKeySecret: AK.secret }) } }),
        want: { keyId: AK.id },
      },
    ],
    [
      '@alicloud/credentials access_key',
      {
        given: () => ({ credentials: new Credential(new Config({ type: 'access_key', accessKeyId: AK.id, accessKeySecret: AK.secret })) }),
        want: { keyId: AK.id },
      },
    ],
    [
      '@alicloud/credentials sts',
      {
        given: () => ({
          credentials: new Credential(
            new Config({ type: 'sts', accessKeyId: STS.id, accessKeySecret: STS.secret, securityToken: STS.token }),
          ),
        }),
        want: { keyId: STS.id, token: STS.token },
      },
    ],
    // Its default chain (env, OIDC, CLI profile, profile file; IMDS off so that nothing leaves loopback).
    [
      '@alicloud/credentials default chain: its environment provider',
      {
        given: () => ({
          env: {
            ALIBABA_CLOUD_ACCESS_KEY_ID: AK.id,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: AK.secret,
            ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
          },
          credentials: () => new Credential(),
        }),
        want: { keyId: AK.id },
      },
    ],
    [
      '@alicloud/credentials default chain: its aliyun CLI profile provider (StsToken)',
      {
        given: () => ({
          env: {
            HOME: cliHome('theirs-sts', [
              { name: 'default', mode: 'StsToken', access_key_id: STS.id, access_key_secret: STS.secret, sts_token: STS.token },
            ]),
            ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
          },
          credentials: () => new Credential(),
        }),
        want: { keyId: STS.id, token: STS.token },
      },
    ],
    [
      'aliyun CLI AK profile (current)',
      {
        given: () => ({
          env: {
            HOME: cliHome('cli-ak', [
              { name: 'default', mode: 'AK', access_key_id: AK.id, access_key_secret: AK.secret, region_id: 'cn-hangzhou' },
            ]),
          },
        }),
        want: { keyId: AK.id },
      },
    ],
    [
      'aliyun CLI StsToken profile named by ALIBABA_CLOUD_PROFILE',
      {
        given: () => ({
          env: {
            HOME: cliHome('cli-sts', [
              { name: 'default', mode: 'AK', access_key_id: 'not-this-one', access_key_secret: 'not-this-secret' },
              { name: 'temp', mode: 'StsToken', access_key_id: STS.id, access_key_secret: STS.secret, sts_token: STS.token },
            ]),
            ALIBABA_CLOUD_PROFILE: 'temp',
          },
        }),
        want: { keyId: STS.id, token: STS.token },
      },
    ],
  ];
  it.each(sourceRows)('%s', async (_name, { given, want }) => {
    const { credentials, env } = given();
    Object.assign(process.env, env);
    // A function: built after the environment is set (those providers read HOME and the variables when built).
    await createClient(options({ credentials: typeof credentials === 'function' ? credentials() : credentials })).removeBackendServers(
      input,
    );
    const sent = standIn.requests.at(-1)!;
    expect(sent.status).toBe(200);
    expect(sentKeys(sent)).toEqual([want.keyId, want.token]);
  });

  it('@alicloud/credentials credentials_uri, pointed at a loopback endpoint, is asked once and cached by the provider', async () => {
    const uri = await credentialsUri();
    try {
      const client = createClient(
        options({ credentials: new Credential(new Config({ type: 'credentials_uri', credentialsURI: uri.url })) }),
      );
      await client.removeBackendServers(input);
      await client.removeBackendServers(input);
      expect(standIn.requests.map((r) => [r.status, ...sentKeys(r)])).toEqual([
        [200, STS.id, STS.token],
        [200, STS.id, STS.token],
      ]);
      expect(uri.hits()).toBe(1);
    } finally {
      await uri.close();
    }
  });
});

describe('a credential source that cannot be used says why, and sends nothing', () => {
  const failureRows: Array<
    [string, { given: () => { credentials?: ClientOptions['credentials']; env?: Record<string, string> }; want: RegExp }]
  > = [
    [
      'an aliyun CLI profile of mode RamRoleArn',
      {
        given: () => ({
          env: {
            HOME: cliHome('cli-role', [
              {
                name: 'default',
                mode: 'RamRoleArn',
                access_key_id: AK.id,
                access_key_secret: AK.secret,
                ram_role_arn: 'acs:ram::1:role/x',
              },
            ]),
          },
        }),
        want: /config\.json profile "default" has mode RamRoleArn.*@alicloud\/credentials/,
      },
    ],
    [
      'an aliyun CLI StsToken profile without sts_token',
      {
        given: () => ({
          env: { HOME: cliHome('cli-half', [{ name: 'default', mode: 'StsToken', access_key_id: STS.id, access_key_secret: STS.secret }]) },
        }),
        want: /lacks access_key_id, access_key_secret or sts_token/,
      },
    ],
    [
      'a current profile that is not in the file',
      { given: () => ({ env: { HOME: cliHome('cli-missing', [], 'gone') } }), want: /has no profile "gone"/ },
    ],
    // The provider's message quotes the secret (as @alicloud/credentials' URI provider does with a bad answer): it is not passed on.
    [
      'a provider that throws',
      {
        given: () => ({
          credentials: {
            getCredential: async () => Promise.reject(Object.assign(new Error(`bad answer ${STS.secret}`), { code: 'EBADANSWER' })),
          },
        }),
        want: /credentials provider threw Error \(EBADANSWER\)/,
      },
    ],
    [
      'a provider that gives no secret',
      {
        given: () => ({ credentials: { getCredential: async () => ({ accessKeyId: AK.id }) } }),
        want: /provider gave no accessKeyId and accessKeySecret/,
      },
    ],
    [
      'nothing anywhere',
      {
        given: () => ({}),
        want: /Looked in: the credentials option; .*ALIBABA_CLOUD_ACCESS_KEY_ID.*ALIBABA_CLOUD_CREDENTIALS_FILE; .*~\/\.aliyun\/config\.json; .*~\/\.alibabacloud\/credentials/,
      },
    ],
  ];
  it.each(failureRows)('%s', async (_name, { given, want }) => {
    const { credentials, env } = given();
    Object.assign(process.env, env);
    const error = await createClient(options({ credentials }))
      .removeBackendServers(input)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as Error).message).toMatch(want);
    expect(inspect(error)).not.toContain(STS.secret);
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('a regionId picks the documented endpoint (spec servers; Alibaba SDK endpoint map for SLB)', () => {
  const regionRows: Array<[string, { given: ClientOptions; want: string }]> = [
    ['no regionId: the default', { given: {}, want: 'https://slb.aliyuncs.com' }],
    ['cn-hangzhou: central', { given: { regionId: 'cn-hangzhou' }, want: 'https://slb.aliyuncs.com' }],
    ['us-east-1: central', { given: { regionId: 'us-east-1' }, want: 'https://slb.aliyuncs.com' }],
    ['eu-central-1: regional', { given: { regionId: 'eu-central-1' }, want: 'https://slb.eu-central-1.aliyuncs.com' }],
    ['cn-zhangjiakou: regional', { given: { regionId: 'cn-zhangjiakou' }, want: 'https://slb.cn-zhangjiakou.aliyuncs.com' }],
    [
      'an unlisted region: the pattern, as the SDKs do',
      { given: { regionId: 'ap-southeast-7' }, want: 'https://slb.ap-southeast-7.aliyuncs.com' },
    ],
    [
      'endpoint still overrides',
      { given: { regionId: 'eu-central-1', endpoint: 'https://slb-vpc.example.test' }, want: 'https://slb-vpc.example.test' },
    ],
  ];
  it.each(regionRows)('%s', async (_name, { given, want }) => {
    const origins: string[] = [];
    // The client's URL is recorded, then the request goes to the stand-in unchanged (V1 does not sign the host).
    const recording: typeof fetch = (url, init) => {
      const target = new URL(String(url));
      origins.push(target.origin);
      return fetch(standIn.url + target.pathname + target.search, init);
    };
    await createClient({ credentials: { accessKeyId: AK.id, accessKeySecret: AK.secret }, fetch: recording, ...given })
      .removeBackendServers({
        ...input,
        RegionId: given.regionId ?? DEFAULT_REGION_ID,
        LoadBalancerId: given.regionId === 'eu-central-1' ? REGIONAL_LB : LB,
      })
      .catch(() => undefined);
    expect(origins).toEqual([want]);
  });

  it.each([['evil.example/x'], ['eu-central-1.evil.example'], ['EU-CENTRAL-1'], ['']])(
    'a regionId that is not host-shaped (%j) is refused before any call',
    (regionId) => {
      expect(() => createClient({ regionId })).toThrow(/option regionId must be a region ID/);
    },
  );
});

describe('middleware sees every attempt, in order, with nothing secret', () => {
  const signatureVersions: Array<[string, { given: 'v1' | 'v3' }]> = [
    ['V1', { given: 'v1' }],
    ['V3', { given: 'v3' }],
  ];
  it.each(signatureVersions)('%s: two hooks, a retried 503, an added header that is signed', async (_name, { given }) => {
    const events: string[] = [];
    const seen: unknown[] = [];
    const hooks = (tag: string): Middleware => ({
      onRequest: async (request) => {
        events.push(`${tag} request #${request.attempt}`);
        seen.push(structuredClone(request));
        if (tag === 'a') request.headers['x-acs-trace-id'] = `trace-${request.attempt}`;
      },
      onResponse: (response) => void (events.push(`${tag} response #${response.attempt} ${response.status}`), seen.push(response)),
      onError: (failure) =>
        void (events.push(`${tag} error #${failure.attempt} ${failure.status} ${failure.error.name}`),
        seen.push(failure, failure.error.message)),
    });
    standIn.faults.set({ unavailable: 1 });
    const client = createClient(
      // By GET (named: POST is the default), so the URL the hooks see carries the query.
      options({
        signatureVersion: given,
        method: 'GET',
        credentials: { accessKeyId: STS.id, accessKeySecret: STS.secret, securityToken: STS.token },
      }),
    );
    expect(client.use(hooks('a')).use(hooks('b'))).toBe(client);
    await client.removeBackendServers(input);
    expect(events).toEqual([
      'a request #1',
      'b request #1',
      'b error #1 503 ApiError',
      'a error #1 503 ApiError',
      'a request #2',
      'b request #2',
      'b response #2 200',
      'a response #2 200',
    ]);
    // The added header went out, and the stand-in verified the signature over it.
    expect(standIn.requests.map((r) => [r.status, r.headers['x-acs-trace-id']])).toEqual([
      [503, 'trace-1'],
      [200, 'trace-2'],
    ]);
    const sentSignatures = standIn.requests.map((r) => r.params.Signature ?? /Signature=(\w+)/.exec(r.headers.authorization ?? '')?.[1]);
    expect(sentSignatures.every(Boolean)).toBe(true);
    const shown = inspect(seen, { depth: 10 }) + JSON.stringify(seen);
    for (const secret of [
      STS.secret,
      STS.token,
      encodeURIComponent(STS.token),
      ...(sentSignatures as string[]),
      ...(sentSignatures as string[]).map(encodeURIComponent),
    ])
      expect(shown).not.toContain(secret);
    const first = seen[0] as AttemptRequest;
    expect(first).toMatchObject({ operation: 'RemoveBackendServers', attempt: 1, method: 'GET' });
    expect(first.url.startsWith(`${standIn.url}/?`)).toBe(true);
    expect(first.url + JSON.stringify(first.headers)).toContain('[redacted]');
  });

  it('debug: one redacted line per attempt, through the same hooks; NODE_DEBUG=slbkit logs to stderr', async () => {
    const lines: string[] = [];
    standIn.faults.set({ unavailable: 1 });
    // V1 by GET (named: V3 and POST are the defaults): the signature the lines must hide is in the URL.
    await createClient(
      options({
        debug: (line) => lines.push(line),
        signatureVersion: 'v1',
        method: 'GET',
        credentials: { accessKeyId: STS.id, accessKeySecret: STS.secret, securityToken: STS.token },
      }),
    ).removeBackendServers(input);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^slbkit RemoveBackendServers #1 GET http:\/\/127\.0\.0\.1:\d+\/\?.* -> 503 \d+ ms ApiError: /);
    expect(lines[1]).toMatch(/^slbkit RemoveBackendServers #2 GET .* -> 200 \d+ ms RequestId [0-9A-F-]{36}$/);
    const signature = standIn.requests[1]!.params.Signature!;
    for (const secret of [STS.secret, STS.token, encodeURIComponent(STS.token), signature, encodeURIComponent(signature)])
      expect(lines.join('\n')).not.toContain(secret);

    process.env.NODE_DEBUG = 'http,slbkit';
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await createClient(
        options({ signatureVersion: 'v1', method: 'GET', credentials: { accessKeyId: AK.id, accessKeySecret: AK.secret } }),
      ).removeBackendServers(input);
      expect(stderr.mock.calls.map(([line]) => String(line))).toEqual([
        expect.stringMatching(/^slbkit RemoveBackendServers #1 GET .* -> 200 /),
      ]);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('validateResponses: a schema-breaking 200 is a ResponseValidationError', () => {
  /** The RequestId of the stand-in's last answer, as it sent it. */
  let sentRequestId: unknown;
  /** The stand-in's real answer, with one field changed on the way back. */
  const rewriting =
    (change: (body: Record<string, unknown>) => void): typeof fetch =>
    async (url, init) => {
      const answer = await fetch(String(url), init);
      const body = (await answer.json()) as Record<string, unknown>;
      sentRequestId = body.RequestId;
      change(body);
      return new Response(JSON.stringify(body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    };
  const rows: Array<[string, { given: ClientOptions; want: { issues?: Array<{ path: string }>; requestId?: 'sent' | undefined } | 'ok' }]> =
    [
      ['the stand-in answer as it is: valid', { given: { validateResponses: true }, want: 'ok' }],
      [
        'a Weight that is a string',
        {
          given: {
            validateResponses: true,
            fetch: rewriting(
              (b) => ((b.BackendServers as { BackendServer: Array<Record<string, unknown>> }).BackendServer[0]!.Weight = '100'),
            ),
          },
          want: { issues: [{ path: '/BackendServers/BackendServer/0/Weight' }], requestId: 'sent' },
        },
      ],
      [
        'no RequestId',
        {
          given: { validateResponses: true, fetch: rewriting((b) => delete b.RequestId) },
          want: { issues: [{ path: '/RequestId' }], requestId: undefined },
        },
      ],
      [
        'no RequestId, validation off (the default): returned as it is',
        { given: { fetch: rewriting((b) => delete b.RequestId) }, want: 'ok' },
      ],
    ];
  it.each(rows)('%s', async (_name, { given, want }) => {
    const outcome = await createClient(options({ credentials: { accessKeyId: AK.id, accessKeySecret: AK.secret }, ...given }))
      .removeBackendServers({ LoadBalancerId: LB, BackendServers: ['vm-absent'] })
      .then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
    if (want === 'ok') {
      expect(outcome).toHaveProperty('result');
      return;
    }
    const error = (outcome as { error: ResponseValidationError }).error;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues).toEqual(want.issues!.map((issue) => expect.objectContaining(issue)));
    expect(standIn.requests.at(-1)!.status).toBe(200);
    expect(error.requestId).toBe(want.requestId === 'sent' ? sentRequestId : undefined);
    if (want.requestId === 'sent') expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(error.message).toContain(want.issues![0]!.path);
  });
});
