import { defineConfig } from 'vitest/config';

// `npm run test:slow` (not part of `npm test`; CI runs it after `npm test`, .ci/run): the long
// runs whose bounded sample `npm test` keeps (the guide: npm test under 5 minutes on 2 cores,
// property tests with bounded runs, whole corpora in their own scripts). Today: the spec-text
// property with 40 random specs instead of npm test's 6 (one tsc program over all 40 packages).
export default defineConfig({
  test: {
    include: ['generator/test/spec-text.property.test.ts'],
    env: { SPEC_TEXT_RUNS: '40' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
