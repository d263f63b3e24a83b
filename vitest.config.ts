import { defineConfig } from 'vitest/config';

// Two projects: `unit` (generator, runtime, stand-in: no mock needed) and `contract` (the suite
// that starts the Prism-backed mock in its globalSetup). `npm test` runs both.
export default defineConfig({
  test: {
    // Loopback servers and child processes: bounded, but slower than pure functions.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['generator/test/**/*.test.ts', 'contract-tests/standin/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'contract',
          include: ['contract-tests/**/*.test.ts'],
          exclude: ['contract-tests/standin/**'],
          globalSetup: ['contract-tests/global-setup.ts'],
        },
      },
    ],
  },
});
