/**
 * Which endpoint the contract suite runs against. By default the enforcing mock (started by
 * globalSetup). With CONTRACT_TARGET=URL, a real endpoint, signed with the credentials from
 * ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (/ ALIBABA_CLOUD_SECURITY_TOKEN).
 * Against a real endpoint nothing changes unless CONTRACT_ALLOW_MUTATION=1 names a load balancer
 * and the servers to remove.
 */
export interface ContractTarget {
  kind: 'mock' | 'real';
  url: string;
  /** What each check records it ran against, e.g. `mock http://127.0.0.1:4321`. */
  label: string;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  regionId: string;
  mutation?: { loadBalancerId: string; backendServers: unknown[] };
}

/** Probe ID for the real-target mode: a load balancer that cannot exist, so nothing changes. */
export const ABSENT_LOAD_BALANCER = 'lb-slbkit-contract-probe-does-not-exist';

export function targetFromEnv(env: Record<string, string | undefined>): Omit<ContractTarget, 'url' | 'label'> & { url?: string } {
  const url = env.CONTRACT_TARGET;
  if (!url) {
    return { kind: 'mock', credentials: { accessKeyId: 'mock-key-id', accessKeySecret: 'mock-key-secret' }, regionId: env.CONTRACT_REGION_ID ?? 'cn-east-hangzhou-01' };
  }
  try {
    new URL(url);
  } catch {
    throw new Error(`CONTRACT_TARGET must be a URL such as https://slb.aliyuncs.com, not "${url}"`);
  }
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) {
    throw new Error('CONTRACT_TARGET is set: the suite signs its requests, so set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials)');
  }
  const credentials = { accessKeyId, accessKeySecret, ...(env.ALIBABA_CLOUD_SECURITY_TOKEN ? { securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN } : {}) };
  let mutation: ContractTarget['mutation'];
  if (env.CONTRACT_ALLOW_MUTATION === '1') {
    const loadBalancerId = env.CONTRACT_LOAD_BALANCER_ID;
    const servers = env.CONTRACT_BACKEND_SERVERS;
    if (!loadBalancerId || !servers) throw new Error('CONTRACT_ALLOW_MUTATION=1 also needs CONTRACT_LOAD_BALANCER_ID and CONTRACT_BACKEND_SERVERS (a JSON list, e.g. ["i-abc"])');
    let backendServers: unknown;
    try {
      backendServers = JSON.parse(servers);
    } catch {
      throw new Error(`CONTRACT_BACKEND_SERVERS must be a JSON list, e.g. ["i-abc"], not ${servers}`);
    }
    if (!Array.isArray(backendServers)) throw new Error('CONTRACT_BACKEND_SERVERS must be a JSON list');
    mutation = { loadBalancerId, backendServers };
  }
  return { kind: 'real', url: url.replace(/\/+$/, ''), credentials, regionId: env.CONTRACT_REGION_ID ?? 'cn-hangzhou', ...(mutation ? { mutation } : {}) };
}
