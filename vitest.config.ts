import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (*.test.ts); integration tests (real PostgreSQL, real sockets,
// real processes) are *.int.test.ts. Browser tests are Playwright's, in tests/browser.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      // The fault-injection suite's own test (one scenario of `pnpm chaos`).
      'tests/chaos/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/.next/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
