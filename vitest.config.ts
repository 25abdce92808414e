import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const toolsDir = fileURLToPath(new URL('./tools/', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of sibling tools, not their build output.
    alias: [
      { find: /^@errcat\/([a-z-]+)$/, replacement: `${toolsDir}$1/src/index.ts` },
      { find: /^@errcat\/(diff)\/(workflow-command)$/, replacement: `${toolsDir}$1/src/format/$2.ts` },
      { find: /^@errcat\/(generate)\/(settings)$/, replacement: `${toolsDir}$1/src/$2.ts` },
      { find: /^@errcat\/(parser)\/(paths)$/, replacement: `${toolsDir}$1/src/$2.ts` },
      { find: /^@errcat\/(schema)\/(locale)$/, replacement: `${toolsDir}$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['tools/*/test/**/*.test.ts'],
    setupFiles: ['./tools/testing/fast-check-seed.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
