import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./drizzle/people.ts', './drizzle/finance.ts', './drizzle/procurement.ts', './drizzle/contacts.ts', './drizzle/audit.ts'],
  out: './drizzle/migrations',
  schemaFilter: ['people', 'finance', 'procurement', 'contacts', 'audit'],
});
