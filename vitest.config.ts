import { defineConfig } from 'vitest/config';

// Projects: `unit` (generator, runtime, stand-in: no mock needed), `contract` (the suite, for every
// spec CONTRACT_SPEC names, else the bundled spec, the fixture specs and the public one: its
// globalSetup generates each client once and starts one Prism-backed mock per spec) and
// `contract-standin` (the same suite against the stand-in endpoint, as a real target, for the
// bundled spec). `npm test` runs them all.
export default defineConfig({
  test: {
    // Loopback servers and child processes: bounded, but slower than pure functions.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['generator/test/**/*.test.ts', 'contract-tests/standin/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['contract-tests/**/*.test.ts'],
          exclude: ['contract-tests/standin/**'],
          globalSetup: ['contract-tests/global-setup.ts'],
        },
      },
      {
        extends: true,
        // The same suite in real-target mode, against the stand-in endpoint. Files that do not
        // depend on the target (examples, replay) run once, in `contract`.
        test: {
          name: 'contract-standin',
          include: ['contract-tests/operations.test.ts', 'contract-tests/errata.test.ts'],
          globalSetup: ['contract-tests/global-setup-standin.ts'],
        },
      },
    ],
  },
});
