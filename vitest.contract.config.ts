import { defineConfig } from 'vitest/config';

// `npm run test:contract`: transforms and parsers checked against the vendors' own example payloads in
// ../shared/corpora (or $STEWARD_CORPORA). Kept apart so `npm test` never needs that folder.
export default defineConfig({
  test: {
    include: ['src/**/*.contract.test.ts'],
    testTimeout: 60_000,
    passWithNoTests: false,
  },
});
