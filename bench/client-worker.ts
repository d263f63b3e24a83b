import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { signedQueryV1 } from './signer-v1.js';

/**
 * One client of the client bench, in its own process (forked by bench/client.ts with IPC):
 * `node --import tsx bench/client-worker.ts <client> <endpoint>`. On each `run` message it
 * makes `calls` calls, `concurrency` at a time, and answers with wall time and this process's
 * CPU time (process.cpuUsage: user + system, all threads, GC included).
 */

export type ClientKind = 'ours' | 'pop-core' | 'fetch' | 'floor' | 'floor-signed';
export interface RunMessage {
  calls: number;
  concurrency: number;
}
export interface RunResult {
  calls: number;
  errors: number;
  firstError?: string;
  wallMs: number;
  cpuUs: number;
  /** The batch on the monotonic clock, µs (the clock of V8's CPU profiles). */
  startUs: number;
  endUs: number;
}

const CREDENTIALS = { accessKeyId: 'bench-key-id', accessKeySecret: 'bench-key-secret' };
const REGION = 'cn-east-hangzhou-01';
const LOAD_BALANCER = '139a00604ad-cn-east-hangzhou-01';
const SERVERS = ['vm-233', 'vm-234'];

type Call = () => Promise<unknown>;

async function makeCall(kind: ClientKind, endpoint: string): Promise<Call> {
  switch (kind) {
    case 'ours': {
      const { createClient } = await import('../generated/dist/index.js');
      // V1 by GET, named (V3 and POST are the defaults since @slbkit/client 0.5.0): what the peers below send.
      const client = createClient({ endpoint, regionId: REGION, credentials: CREDENTIALS, signatureVersion: 'v1', method: 'GET' });
      return () => client.removeBackendServers({ LoadBalancerId: LOAD_BALANCER, BackendServers: SERVERS });
    }
    case 'pop-core': {
      const RPCClient = createRequire(import.meta.url)('@alicloud/pop-core') as typeof import('@alicloud/pop-core');
      const client = new RPCClient({ endpoint, apiVersion: '2014-05-15', ...CREDENTIALS });
      // pop-core flattens arrays into BackendServers.1, .2; this action takes a JSON string.
      return () =>
        client.request(
          'RemoveBackendServers',
          { RegionId: REGION, LoadBalancerId: LOAD_BALANCER, BackendServers: JSON.stringify(SERVERS) },
          { method: 'GET' },
        );
    }
    case 'fetch': {
      return async () => {
        const query = signedQueryV1(
          'GET',
          {
            Action: 'RemoveBackendServers',
            Version: '2014-05-15',
            RegionId: REGION,
            LoadBalancerId: LOAD_BALANCER,
            BackendServers: JSON.stringify(SERVERS),
          },
          CREDENTIALS,
        );
        const response = await fetch(`${endpoint}/?${query}`, { headers: { accept: 'application/json' } });
        const body = (await response.json()) as { Code?: string };
        if (!response.ok || body.Code) throw new Error(`HTTP ${response.status} ${body.Code ?? ''}`);
        return body;
      };
    }
    case 'floor':
    case 'floor-signed': {
      // The least a node:http client can do: keep-alive GET, JSON.parse of the answer; no
      // validation, no timeouts, no error mapping. 'floor' sends one constant URL; 'floor-signed'
      // signs each call (bench/signer-v1.ts). Not peers: the bounds the others approach.
      const agent = new Agent({ keepAlive: true });
      const { hostname, port } = new URL(endpoint);
      const params = {
        Action: 'RemoveBackendServers',
        Version: '2014-05-15',
        RegionId: REGION,
        LoadBalancerId: LOAD_BALANCER,
        BackendServers: JSON.stringify(SERVERS),
      };
      const constant = `/?${new URLSearchParams(params)}`;
      const path = kind === 'floor' ? () => constant : () => `/?${signedQueryV1('GET', params, CREDENTIALS)}`;
      return () =>
        new Promise((resolve, reject) => {
          const req = request(
            { host: hostname, port, path: path(), method: 'GET', agent, headers: { accept: 'application/json' } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
              res.on('error', reject);
            },
          );
          req.on('error', reject);
          req.end();
        });
    }
  }
}

const [kind, endpoint] = process.argv.slice(2) as [ClientKind, string];
const call = await makeCall(kind, endpoint);
// One call first, checked: a bench of failing calls would measure the wrong thing.
const first = (await call()) as { RequestId?: unknown };
if (typeof first?.RequestId !== 'string')
  throw new Error(`${kind}: the first call did not return the success body: ${JSON.stringify(first)}`);

process.on('message', async (message: RunMessage) => {
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const lane = async () => {
    while (started < message.calls) {
      started++;
      try {
        await call();
      } catch (error) {
        errors++;
        firstError ??= String((error as Error).message ?? error);
      }
    }
  };
  const cpu = process.cpuUsage();
  const startUs = Number(process.hrtime.bigint() / 1000n);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: message.concurrency }, lane));
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const result: RunResult = {
    calls: message.calls,
    errors,
    ...(firstError ? { firstError } : {}),
    wallMs,
    cpuUs: used.user + used.system,
    startUs,
    endUs,
  };
  process.send!(result);
});
process.send!('ready');
