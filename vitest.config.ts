import { defineConfig } from 'vitest/config';
import { SLOW_ONLY } from './vitest.slow.config.js';

// Projects: `unit` and `unit-isolated` (generator, runtime, stand-in: no mock needed), `contract` (the suite, for every
// spec CONTRACT_SPEC names, else the bundled spec, the fixture specs and the public one: its
// globalSetup generates each client once and starts one Prism-backed mock per spec) and
// `contract-standin` (the same suite against the stand-in endpoint, as a real target, for the
// bundled spec) and `contract-real-target` (the suite run as a child process against loopback
// targets: what real-target mode sends and shows). `npm test` runs them all.
const UNIT = ['generator/test/**/*.test.ts', 'contract-tests/standin/**/*.test.ts'];
/**
 * Unit files that need a fresh process: they set process.env (HOME, credential variables,
 * NODE_DEBUG) or read it through packages that cache it at import (@alicloud/credentials), so a
 * file sharing their worker would see their state or they another's.
 */
const UNIT_ISOLATED = [
  'contract-tests/standin/real-account.test.ts',
  'generator/test/runtime/credentials.test.ts',
  'generator/test/runtime/hostile-answers.test.ts',
  'generator/test/runtime/mutation-gaps.test.ts',
];

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
        // One module cache per worker (isolate: false): each file no longer re-imports ts-morph,
        // TypeScript, ajv and the generator. Measured on the 42 lightest unit files: 61 s of CPU
        // and 38 s of wall isolated, 18 s and 12 s shared. Files that change process-wide state
        // (process.env, HOME, NODE_DEBUG, spies on globals) run in `unit-isolated`.
        test: {
          name: 'unit',
          include: UNIT,
          // SLOW_ONLY: whole-spec runs, in `npm run test:slow` (vitest.slow.config.ts).
          exclude: [...UNIT_ISOLATED, ...SLOW_ONLY],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-isolated',
          include: UNIT_ISOLATED,
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['contract-tests/**/*.test.ts'],
          exclude: ['contract-tests/standin/**', 'contract-tests/real-target/**'],
          globalSetup: ['contract-tests/global-setup.ts'],
          // One module cache per worker, as in `unit`: every file reads the clients and mocks the
          // globalSetup made (inject), none changes process-wide state. 67 s of CPU isolated, 45 s shared.
          isolate: false,
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
          isolate: false,
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
          exclude: SLOW_ONLY,
          globalSetup: ['contract-tests/real-target/global-setup.ts'],
          testTimeout: 120_000,
          isolate: false,
        },
      },
    ],
  },
});
