import { defineConfig } from 'drizzle-kit';
import { SUBGRAPH_NAMES } from './subgraphs/registry.js';

export default defineConfig({
  dialect: 'postgresql',
  // Each subgraph's tables, in the PostgreSQL schema of its name.
  schema: SUBGRAPH_NAMES.map((name) => `./drizzle/${name}.ts`),
  out: './drizzle/migrations',
  schemaFilter: [...SUBGRAPH_NAMES],
});
