import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant of generator/runtime and the stand-in
// (stryker.config.json, `npm run mutation`): the runtime's own tests, the client and auth tests
// that call it through a package generated once with its runtime linked to the source
// (generator/test/source-package.ts), and the stand-in's tests. Nothing else: every extra file
// is paid once per mutant. Not part of `npm test`.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: [
      'generator/test/runtime/**/*.test.ts',
      'generator/test/client.test.ts',
      'generator/test/auth.test.ts',
      'contract-tests/standin/**/*.test.ts',
    ],
  },
});
