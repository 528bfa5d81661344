import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generates the Compose schema validator if missing (see scripts/build-compose-validator.mjs).
    globalSetup: ['test/parsers/compose/loader/validator-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
