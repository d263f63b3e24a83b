import { defineConfig } from 'vitest/config';

// `npm run test:slow` (not part of `npm test`; CI runs it after `npm test`, .ci/run): the long
// runs whose bounded sample `npm test` keeps (the guide: npm test under 5 minutes on 2 cores,
// property tests with bounded runs, whole corpora in their own scripts). Today: the spec-text
// property with 40 random specs instead of npm test's 4 (one tsc program over all 40 packages),
// the official-runtime oracle with 25 random inputs per imported SLB action and signature version
// instead of npm test's one, and SLOW_ONLY below.
/**
 * Files that run here only, not in `npm test` (vitest.config.ts leaves them out). The imported SLB
 * spec's contract run (`slbkit contract` in its own process: the CLI, a generation of the 1 MB
 * imported spec, Prism and the suite's own vitest workers) cost 13.5 s of an idle npm test for one
 * row; npm test keeps the imported spec's generation and strict type-check (imported-package).
 */
// The local SLB driven by slbkit's generated client for the imported spec (contract-tests/standin/
// *.e2e.ts; npm test drives it with the official runtime): also `npm run test:standin` alone.
// The public-spec mutation sample (contract-tests/real-target/public-mutants.test.ts: six runs of
// the whole suite as child processes, ~25 s of a fresh-clone npm test); npm test keeps the bundled
// spec's mutants (mutants.test.ts, mutation.test.ts).
export const SLOW_ONLY = [
  'generator/test/import/imported-contract.test.ts',
  'contract-tests/standin/local-slb.e2e.ts',
  'contract-tests/real-target/public-mutants.test.ts',
];

export default defineConfig({
  test: {
    include: ['generator/test/spec-text.property.test.ts', 'generator/test/import/official-oracle.test.ts', ...SLOW_ONLY],
    env: { SPEC_TEXT_RUNS: '40', ORACLE_RUNS: '25' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
