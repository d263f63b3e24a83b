import { defineConfig } from 'vitest/config';

// `npm run test:install` (not part of `npm test`: about a minute, and it installs from the npm
// cache): the packed slbkit installed in an empty folder, every command run there (issue 21).
export default defineConfig({
  test: {
    include: ['generator/test/install/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
