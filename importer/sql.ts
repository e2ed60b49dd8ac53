// Statements of an import, sent as text with parameters on the transaction's own
// connection: arrays go whole as one parameter each (`unnest($1::text[], ...)`), which
// Drizzle's sql template would spread into one parameter per element.
import type { Database } from '../platform/database.js';
import { sqlStatements } from '../platform/database.js';

export interface Statements {
  rows<Row>(text: string, params?: unknown[]): Promise<Row[]>;
}

interface Client {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The statements of one transaction, on the client Drizzle was given (a pooled connection, or PGlite's transaction). */
export function statementsOf(db: Database): Statements {
  const client = (db as unknown as { $client: Client }).$client;
  return {
    async rows<Row>(text: string, params: unknown[] = []) {
      sqlStatements.count += 1;
      const result = await client.query(text, params);
      return result.rows as Row[];
    },
  };
}
