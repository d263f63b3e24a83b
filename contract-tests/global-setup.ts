import type { TestProject } from 'vitest/node';
import { startMock } from './mock/server.js';
import { targetFromEnv, type ContractTarget } from './support/target.js';

declare module 'vitest' {
  export interface ProvidedContext {
    target: ContractTarget;
  }
}

/**
 * Starts the enforcing mock on a free port unless CONTRACT_TARGET names a real endpoint, and
 * hands the target to every test. The teardown stops the mock whatever the tests did.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const resolved = targetFromEnv(process.env);
  if (resolved.url) {
    project.provide('target', { ...resolved, url: resolved.url, label: `real ${resolved.url}` });
    return async () => {};
  }
  const mock = await startMock();
  project.provide('target', { ...resolved, url: mock.url, label: `mock ${mock.url}` });
  return () => mock.close();
}
