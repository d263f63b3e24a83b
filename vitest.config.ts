import { defineConfig } from 'vitest/config';

// Projects: `unit` (generator, runtime, stand-in: no mock needed), `contract` (the suite, for every
// spec CONTRACT_SPEC names, else the bundled spec, the fixture specs and the public one: its
// globalSetup generates each client once and starts one Prism-backed mock per spec) and
// `contract-standin` (the same suite against the stand-in endpoint, as a real target, for the
// bundled spec) and `contract-real-target` (the suite run as a child process against loopback
// targets: what real-target mode sends and shows). `npm test` runs them all.
export default defineConfig({
  test: {
    // Loopback servers and child processes: bounded, but slower than pure functions.
    testTimeout: 30_000,
    // Two workers on two cores (vitest's default is cores - 1 = one): most files wait on child
    // processes and loopback servers, so one worker left a core idle and npm test took 6.3 min.
    maxWorkers: 2,
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
          exclude: ['contract-tests/standin/**', 'contract-tests/real-target/**'],
          globalSetup: ['contract-tests/global-setup.ts'],
        },
      },
      {
        extends: true,
        // The same suite in real-target mode, against the stand-in endpoint. Files that do not
        // depend on the target (examples, replay) run once, in `contract`.
        test: {
          name: 'contract-standin',
          include: ['contract-tests/operations.test.ts', 'contract-tests/errata.test.ts', 'contract-tests/sequences.test.ts'],
          globalSetup: ['contract-tests/global-setup-standin.ts'],
        },
      },
      {
        extends: true,
        // The suite's real-target mode as a user runs it: each test starts the suite in its own
        // vitest process (contract-tests/real-target/suite.config.ts) against loopback targets
        // that accept everything, echo, or redirect, and against the mutation benchmark's
        // reference server and one of its mutants (bench/mutants-servers.ts).
        test: {
          name: 'contract-real-target',
          include: ['contract-tests/real-target/**/*.test.ts'],
          globalSetup: ['contract-tests/real-target/global-setup.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
