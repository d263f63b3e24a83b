import type { TestProject } from 'vitest/node';
import { DEFAULT_ACCESS_KEY, DEFAULT_LOAD_BALANCER_ID, DEFAULT_REGION_ID, startStandIn } from './standin/server.js';
import { targetFromEnv } from './support/target.js';

/**
 * The contract suite's real-target mode, run in CI against the stand-in endpoint: the settings a
 * user would export (CONTRACT_TARGET, ALIBABA_CLOUD_*, CONTRACT_ALLOW_MUTATION, ...) go through
 * the same `targetFromEnv` as theirs. Mutation is allowed: the stand-in's load balancers live in
 * its memory only.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const standIn = await startStandIn();
  try {
    const resolved = targetFromEnv({
      CONTRACT_TARGET: standIn.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.secret,
      CONTRACT_REGION_ID: DEFAULT_REGION_ID,
      CONTRACT_ALLOW_MUTATION: '1',
      CONTRACT_LOAD_BALANCER_ID: DEFAULT_LOAD_BALANCER_ID,
      CONTRACT_BACKEND_SERVERS: '["vm-234"]',
    });
    project.provide('target', { ...resolved, url: standIn.url, label: `real (stand-in) ${standIn.url}` });
  } catch (error) {
    await standIn.close();
    throw error;
  }
  return () => standIn.close();
}
