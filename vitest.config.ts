import { defineConfig } from 'vitest/config';

// Projects: `unit` (generator, runtime, stand-in: no mock needed), `contract` (the suite that
// starts the Prism-backed mock in its globalSetup) and `contract-standin` (the same suite against
// the stand-in endpoint, as a real target). `npm test` runs them all.
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
          include: ['contract-tests/target.test.ts', 'contract-tests/errata.test.ts'],
          globalSetup: ['contract-tests/global-setup-standin.ts'],
        },
      },
    ],
  },
});
