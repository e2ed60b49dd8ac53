// The idempotency table every subgraph that creates things has in its own schema:
// creates already done, by the caller's key, so a retried request returns the first
// result instead of creating a duplicate. Holds no personal data.
import { sql } from 'drizzle-orm';
import { primaryKey, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';

export function idempotencyTable(schema: PgSchema) {
  return schema.table(
    'idempotency_key',
    {
      subject: text('subject').notNull(),
      key: text('key').notNull(),
      operation: text('operation').notNull(),
      // SHA-256 of the request's input: the same key with another input is refused.
      requestHash: text('request_hash').notNull(),
      resultId: uuid('result_id').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
    },
    (t) => [primaryKey({ columns: [t.subject, t.key] })],
  );
}

export type IdempotencyTable = ReturnType<typeof idempotencyTable>;
