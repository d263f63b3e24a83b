import { defineConfig } from 'vitest/config';

// `npm run test:slow` (not part of `npm test`; CI runs it after `npm test`, .ci/run): the long
// runs whose bounded sample `npm test` keeps (the guide: npm test under 5 minutes on 2 cores,
// property tests with bounded runs, whole corpora in their own scripts). Today: the spec-text
// property with 40 random specs instead of npm test's 6 (one tsc program over all 40 packages),
// and SLOW_ONLY below.
/**
 * Files that run here only, not in `npm test` (vitest.config.ts leaves them out). The imported SLB
 * spec's contract run (`slbkit contract` in its own process: the CLI, a generation of the 1 MB
 * imported spec, Prism and the suite's own vitest workers) cost 13.5 s of an idle npm test for one
 * row; npm test keeps the imported spec's generation and strict type-check (imported-package).
 */
export const SLOW_ONLY = ['generator/test/import/imported-contract.test.ts'];

export default defineConfig({
  test: {
    include: ['generator/test/spec-text.property.test.ts', ...SLOW_ONLY],
    env: { SPEC_TEXT_RUNS: '40' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
