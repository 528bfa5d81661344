import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Reads GitHub's workflow parser without its source maps, whose sources it does not ship. */
const workflowParserWithoutMaps = {
  name: 'workflow-parser-without-maps',
  enforce: 'pre' as const,
  load(id: string) {
    if (!/[\\/]@actions[\\/]workflow-parser[\\/].*\.js$/.test(id)) return null;
    return { code: readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, ''), map: null };
  },
};

export default defineConfig({
  plugins: [workflowParserWithoutMaps],
  test: {
    include: ['test/**/*.test.ts'],
    // One temp folder per run, removed at the end (test/support/tmp-setup.ts); generates the
    // Compose schema validator if missing (see scripts/build-compose-validator.mjs).
    globalSetup: ['test/support/tmp-setup.ts', 'test/parsers/compose/loader/validator-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // GitHub's workflow parser (the oracle for generated workflows) imports its JSON schema
    // without an import attribute, which Node refuses; transformed by Vite, it loads.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
