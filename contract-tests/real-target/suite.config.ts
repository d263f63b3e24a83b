import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The contract suite as a user runs it against a real endpoint (CONTRACT_TARGET, CONTRACT_SPEC,
// ALIBABA_CLOUD_*, CONTRACT_AUTH from the environment), for the real-target tests to spawn: the
// two files that send to the target, with the suite's own globalSetup. Not a project of the
// repository's vitest.config.ts: it runs only when a test starts it.
export default defineConfig({
  root: fileURLToPath(new URL('../../', import.meta.url)),
  test: {
    include: ['contract-tests/operations.test.ts', 'contract-tests/errata.test.ts'],
    globalSetup: ['contract-tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
