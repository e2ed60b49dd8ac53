import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql: vitest would otherwise load both its ESM and CJS builds, and
  // @apollo/server would not recognise errors made with the other copy.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // One migrated, seeded database and one running hub per worker, shared by the
    // files it runs: files in a worker share modules instead of rebuilding them.
    pool: 'forks',
    isolate: false,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
