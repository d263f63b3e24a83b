import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The contract suite as a user runs it against a real endpoint (CONTRACT_TARGET, CONTRACT_SPEC,
// ALIBABA_CLOUD_*, CONTRACT_AUTH from the environment), for the real-target tests to spawn: the
// files that send to the target. Its globalSetup resolves the target as the suite's own does,
// with the client the parent generated once (prepared-setup.ts). Not a project of the
// repository's vitest.config.ts: it runs only when a test starts it.
export default defineConfig({
  root: fileURLToPath(new URL('../../', import.meta.url)),
  test: {
    include: ['contract-tests/operations.test.ts', 'contract-tests/errata.test.ts', 'contract-tests/sequences.test.ts'],
    globalSetup: ['contract-tests/real-target/prepared-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The three files in one module cache (as the `contract` project runs them in npm test): each
    // isolated file loaded the kit and the generator again, in every one of npm test's ~14 spawned
    // suites (mutants and mutation tests: 31 s of CPU isolated, 25 s shared). What is sent and
    // shown does not depend on it; `slbkit contract` keeps vitest's default for users.
    isolate: false,
  },
});
