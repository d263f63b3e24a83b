import type { TestProject } from 'vitest/node';
import { BUNDLED_SPEC, entryName, specsFromEnv } from '../support/kits.js';
import { targetFromEnv } from '../support/target.js';

/**
 * The globalSetup of the child runs (suite.config.ts): what contract-tests/global-setup.ts does
 * for CONTRACT_TARGET (the same targetFromEnv and specsFromEnv, so the same settings a user
 * exports), with the client the parent already generated (SLBKIT_PREPARED_CLIENT) instead of
 * generating it again.
 */
export default function setup(project: TestProject): void {
  const resolved = targetFromEnv(process.env);
  const specs = specsFromEnv(process.env);
  const clientDir = process.env.SLBKIT_PREPARED_CLIENT;
  if (!resolved.url || specs.length !== 1 || !clientDir)
    throw new Error('the real-target child run needs CONTRACT_TARGET, one CONTRACT_SPEC and SLBKIT_PREPARED_CLIENT');
  const spec = specs[0]!;
  project.provide('kits', [
    {
      spec,
      name: entryName(spec),
      clientDir,
      bundled: spec === BUNDLED_SPEC,
      target: { ...resolved, url: resolved.url, label: `real ${resolved.url}` },
    },
  ]);
}
