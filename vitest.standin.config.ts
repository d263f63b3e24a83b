import { defineConfig } from 'vitest/config';

// `vitest run -c vitest.standin.config.ts` (not part of `npm test`: it generates slbkit's client
// for the imported spec's 93 actions, about 40 s on two busy cores): the local SLB driven by the
// generated client (contract-tests/standin/*.e2e.ts).
export default defineConfig({
  test: {
    include: ['contract-tests/standin/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
