import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temp folder per run, removed at the end (test/support/tmp-setup.ts); generates the
    // Compose schema validator if missing (see scripts/build-compose-validator.mjs).
    globalSetup: ['test/support/tmp-setup.ts', 'test/parsers/compose/loader/validator-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
