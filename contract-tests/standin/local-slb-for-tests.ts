/**
 * What the local SLB's tests share (local-slb.test.ts with the official runtime, local-slb.e2e.ts
 * with slbkit's generated client): issue 22's "Done when" sequence, written once against a
 * `Call` (an action name and its parameters as the client takes them -> the answer's body, or a
 * thrown error carrying SLB's code), and the official runtime's client with retries configured
 * for the faults the local SLB injects. Not shipped (a test helper, like sign-for-tests.ts).
 */
import * as core from '@alicloud/openapi-core';
import type { ValidateFunction } from 'ajv';
import { type ApiModel, loadModel } from '../../generator/src/api.js';
import { modelAjv } from '../support/model-ajv.js';
import { DEFAULT_ACCESS_KEY, IMPORTED_SPEC, MAX_SERVERS_PER_CALL } from './server.js';

export type Call = (action: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

export const REGION = 'cn-hangzhou';

/** One validator per action: the success schema of the imported spec, compiled by the kit's ajv. */
export async function successValidators(): Promise<{ model: ApiModel; validate(action: string, body: unknown): string | undefined }> {
  const model = await loadModel(IMPORTED_SPEC);
  const ajv = modelAjv(model);
  const cache = new Map<string, ValidateFunction>();
  return {
    model,
    validate(action, body) {
      const operation = model.operations.find((op) => op.action === action);
      if (!operation?.successSchema) return `${action} has no success schema`;
      let validate = cache.get(action);
      if (!validate) cache.set(action, (validate = ajv.compile(operation.successSchema)));
      return validate(body) ? undefined : ajv.explain(validate);
    },
  };
}

const servers = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ ServerId: `i-standin${String(from + i).padStart(3, '0')}`, Weight: '100', Type: 'ecs' }));

export interface SequenceStep {
  step: string;
  /** The error code when the step was refused. */
  code?: string;
  body?: Record<string, unknown>;
}

/** What doneWhenSequence's steps answer on a correct local SLB: each step and its error code, or ok. */
export const DONE_WHEN_OUTCOMES = [
  ['CreateLoadBalancer', 'ok'],
  ['AddBackendServers 20', 'ok'],
  ['AddBackendServers 21', 'InvalidParameter'],
  ['RemoveBackendServers 5', 'ok'],
  ['DescribeLoadBalancerAttribute', 'ok'],
  ['DescribeLoadBalancers', 'ok'],
];

/**
 * create -> add 20 backend servers -> add 21 in one call (refused: at most 20 per call) ->
 * remove 5 -> describe the load balancer and list it. Every answer is returned for the caller to
 * judge; the sequence itself stops only on an unexpected error (thrown).
 * `encodeList` turns a list parameter into what the client takes (the official runtime takes
 * the JSON text SLB expects; slbkit's client the typed list).
 */
export async function doneWhenSequence(call: Call, encodeList: (list: unknown[]) => unknown): Promise<SequenceStep[]> {
  const steps: SequenceStep[] = [];
  const created = await call('CreateLoadBalancer', {
    RegionId: REGION,
    LoadBalancerName: 'team-test',
    Bandwidth: 10,
    ClientToken: 'team-test-1',
  });
  steps.push({ step: 'CreateLoadBalancer', body: created });
  const LoadBalancerId = String(created.LoadBalancerId);
  const lb = { RegionId: REGION, LoadBalancerId };
  steps.push({
    step: 'AddBackendServers 20',
    body: await call('AddBackendServers', { ...lb, BackendServers: encodeList(servers(1, MAX_SERVERS_PER_CALL)) }),
  });
  try {
    const body = await call('AddBackendServers', { ...lb, BackendServers: encodeList(servers(1, MAX_SERVERS_PER_CALL + 1)) });
    steps.push({ step: 'AddBackendServers 21', body });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code !== 'string') throw error;
    steps.push({ step: 'AddBackendServers 21', code });
  }
  const toRemove = servers(16, 5).map(({ ServerId }) => ({ ServerId }));
  steps.push({ step: 'RemoveBackendServers 5', body: await call('RemoveBackendServers', { ...lb, BackendServers: encodeList(toRemove) }) });
  steps.push({ step: 'DescribeLoadBalancerAttribute', body: await call('DescribeLoadBalancerAttribute', lb) });
  steps.push({ step: 'DescribeLoadBalancers', body: await call('DescribeLoadBalancers', { RegionId: REGION }) });
  return steps;
}

/** The ServerIds of an answer's BackendServers.BackendServer. */
export const attachedIds = (body: Record<string, unknown> | undefined): string[] =>
  ((body?.BackendServers as { BackendServer?: Array<{ ServerId: string }> } | undefined)?.BackendServer ?? []).map((s) => s.ServerId);

// @alicloud/openapi-core is CommonJS: its default export arrives as `default` (twice wrapped under tsx).
const coreModule = core as unknown as Record<string, unknown> & { default: { default?: unknown } };
const Client = (coreModule.default.default ?? coreModule.default) as new (
  config: unknown,
) => {
  callApi(params: unknown, request: unknown, runtime: unknown): Promise<{ statusCode: number; body: Record<string, unknown> }>;
};
const { $OpenApiUtil, OpenApiUtil } = core as unknown as {
  $OpenApiUtil: Record<'Config' | 'Params' | 'OpenApiRequest', new (options: Record<string, unknown>) => unknown>;
  OpenApiUtil: { query(filter: Record<string, unknown>): Record<string, string> };
};

/**
 * The official runtime's client as Alibaba's generated SDK builds it (Config, Params of an RPC
 * action, callApi): V3 (ACS3-HMAC-SHA256, its default: the action in x-acs-action) or V1
 * (signatureAlgorithm 'v2' routes to its RPC signer, HMAC-SHA1). Its retry options retry
 * Throttling.User, ServiceUnavailable, InternalError and a reset connection, 100 ms apart (its
 * floor), up to `attempts` times.
 */
export function officialClient(
  port: number,
  scheme: 'v1' | 'v3',
  attempts = 0,
  key: { id: string; secret: string } = DEFAULT_ACCESS_KEY,
): Call {
  const retryCondition = [
    {
      maxAttempts: attempts,
      exception: ['ThrottlingError'],
      errorCode: ['ServiceUnavailable', 'InternalError', 'ECONNRESET'],
      maxDelay: 100,
    },
  ];
  const client = new Client(
    new $OpenApiUtil.Config({
      accessKeyId: key.id,
      accessKeySecret: key.secret,
      endpoint: `127.0.0.1:${port}`,
      protocol: 'HTTP',
      regionId: REGION,
      ...(scheme === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
      retryOptions: { retryable: attempts > 0, noRetryCondition: [], retryCondition },
    }),
  );
  return async (action, params) => {
    const request = new $OpenApiUtil.Params({
      action,
      version: '2014-05-15',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    const answer = await client.callApi(request, new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(params) }), {});
    return answer.body;
  };
}
