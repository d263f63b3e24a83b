/**
 * Which endpoint the contract suite runs against. By default the enforcing mock (one per spec,
 * started by globalSetup). With CONTRACT_TARGET=URL, a real endpoint: Alibaba RPC actions are
 * signed with ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (/
 * ALIBABA_CLOUD_SECURITY_TOKEN); the spec's other security schemes take their values from
 * CONTRACT_AUTH (JSON: {"schemeName": "token", "basicScheme": {"username": "u", "password": "p"}}).
 * Against a real endpoint nothing changes unless CONTRACT_ALLOW_MUTATION=1 (see the README,
 * "Contract tests": which calls the suite makes).
 */
export type SchemeValue = string | { username: string; password: string };

export interface ContractTarget {
  kind: 'mock' | 'real';
  url: string;
  /** What each check records it ran against, e.g. `mock http://127.0.0.1:4321`. */
  label: string;
  /** Alibaba credentials: absent on a real target without them (a spec with no RPC action and no `x-slbkit-signature` needs none). */
  credentials?: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  /** Values of the spec's non-Alibaba security schemes, by scheme name. */
  auth: Record<string, SchemeValue>;
  regionId: string;
  /** CONTRACT_ALLOW_MUTATION=1: documented requests of operations that change things are sent as documented. */
  allowMutation: boolean;
  /**
   * CONTRACT_LENIENT=1: a target that accepts what the spec forbids is recorded and counted, not
   * failed (a vendor endpoint looser than its spec). Strict when unset.
   */
  lenient?: boolean;
  /** The kit's own stand-in (or a server built on it): requests with a wrong signature may go to it without CONTRACT_ALLOW_MUTATION. */
  standIn?: boolean;
}

/** Probe value for the real-target mode: a resource that cannot exist, so nothing changes. */
export const ABSENT_RESOURCE = 'slbkit-contract-probe-does-not-exist';

/** What the mock accepts (it checks presence, never a secret). */
const MOCK_CREDENTIALS = { accessKeyId: 'mock-key-id', accessKeySecret: 'mock-key-secret' };

export function targetFromEnv(env: Record<string, string | undefined>): Omit<ContractTarget, 'url' | 'label'> & { url?: string } {
  const url = env.CONTRACT_TARGET;
  const auth = authFromEnv(env.CONTRACT_AUTH);
  if (!url)
    return {
      kind: 'mock',
      credentials: MOCK_CREDENTIALS,
      auth,
      regionId: env.CONTRACT_REGION_ID ?? 'cn-east-hangzhou-01',
      allowMutation: true,
    };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('CONTRACT_TARGET must be a URL such as https://slb.aliyuncs.com');
  }
  // The URL is shown in every test name and annotation of the run: it must hold no secret. Never echo it.
  if (parsed.username || parsed.password)
    throw new Error('CONTRACT_TARGET must not carry a user name or password: put them in CONTRACT_AUTH');
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId !== !accessKeySecret)
    throw new Error(
      'set both ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials), or neither',
    );
  // Without them the client asks for none unless an operation is signed (an RPC action, or x-slbkit-signature: v3); then it says which.
  const credentials =
    accessKeyId && accessKeySecret
      ? {
          credentials: {
            accessKeyId,
            accessKeySecret,
            ...(env.ALIBABA_CLOUD_SECURITY_TOKEN ? { securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN } : {}),
          },
        }
      : {};
  return {
    kind: 'real',
    url: url.replace(/\/+$/, ''),
    ...credentials,
    auth,
    regionId: env.CONTRACT_REGION_ID ?? 'cn-hangzhou',
    allowMutation: env.CONTRACT_ALLOW_MUTATION === '1',
    lenient: env.CONTRACT_LENIENT === '1',
  };
}

function authFromEnv(text: string | undefined): Record<string, SchemeValue> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('CONTRACT_AUTH must be JSON, e.g. {"bearerAuth": "TOKEN", "basicAuth": {"username": "u", "password": "p"}}');
  }
  const ok =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every(
      (v) =>
        typeof v === 'string' ||
        (typeof v === 'object' &&
          v !== null &&
          typeof (v as { username?: unknown }).username === 'string' &&
          typeof (v as { password?: unknown }).password === 'string'),
    );
  // Never echo the value: it holds secrets.
  if (!ok) throw new Error('CONTRACT_AUTH must map scheme names to a string or {"username", "password"}');
  return parsed as Record<string, SchemeValue>;
}
