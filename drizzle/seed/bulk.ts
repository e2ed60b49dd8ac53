// Bulk inserting for the seed modules: rows go in through unnest(), in batches, one
// statement at a time, while the next batch is generated.
import { getTableColumns, getTableName, is, sql, type InferSelectModel } from 'drizzle-orm';
import { getTableConfig, PgEnumColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../platform/database.js';

/** A complete row: every column, defaults included, because unnest() cannot use column defaults. */
export type Row<T extends PgTable> = InferSelectModel<T>;

export type Insert = <T extends PgTable>(table: T, rows: Row<T>[]) => Promise<void>;

/** Rows inserted per table, keyed by schema-qualified table name. */
export type SeedSummary = Record<string, number>;

/** What every subgraph's seed function is given. */
export interface SeedRun {
  insert: Insert;
  /** Multiplies the row volumes; 1 is about 220,000 rows. */
  scale: number;
  log: (message: string) => void;
}

const ROWS_PER_STATEMENT = 5_000;

/** A volume at this scale: scaled and rounded, never below `minimum`. */
export function volume(base: number, scale: number, minimum = 1): number {
  return Math.max(minimum, Math.round(base * scale));
}

/** Groups a row stream into statement-sized arrays, so large tables never sit whole in memory. */
export function* inBatches<T>(rows: Iterable<T>): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === ROWS_PER_STATEMENT) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A row and the rows that belong to it, such as an order and its lines. */
export interface Family<P extends PgTable, C extends PgTable> {
  parent: Row<P>;
  children: Row<C>[];
}

/** Inserts a stream of families in batches: a batch of parents, then all their children. */
export async function insertFamilies<P extends PgTable, C extends PgTable>(
  insert: Insert,
  parentTable: P,
  childTable: C,
  families: Iterable<Family<P, C>>,
): Promise<void> {
  for (const batch of inBatches(families)) {
    await insert(
      parentTable,
      batch.map((family) => family.parent),
    );
    await insert(
      childTable,
      batch.flatMap((family) => family.children),
    );
  }
}

/**
 * An insert that leaves its statement running while the caller generates the next
 * batch, so on PostgreSQL the server stores one batch while this process builds the
 * next. The connection still gets one statement at a time, in order. `finished()`
 * waits for the last statement and hands back the rows inserted per table.
 */
export function pipelinedInsert(db: Database): { insert: Insert; finished: () => Promise<SeedSummary> } {
  const summary: SeedSummary = {};
  let inFlight: Promise<void> = Promise.resolve();
  const insert: Insert = async (table, rows) => {
    await inFlight;
    inFlight = insertRows(db, table, rows);
    // A failure surfaces at the next await of inFlight, not as an unhandled rejection.
    inFlight.catch(() => undefined);
    const name = qualifiedName(table);
    summary[name] = (summary[name] ?? 0) + rows.length;
  };
  const finished = async () => {
    await inFlight;
    return summary;
  };
  return { insert, finished };
}

function qualifiedName(table: PgTable): string {
  return `${getTableConfig(table).schema ?? 'public'}.${getTableName(table)}`;
}

/**
 * Drizzle's typed insert, fed by unnest(): each column travels as one array parameter,
 * so a statement has as many parameters as the table has columns, whatever the row
 * count. Measured on 50,000 payments, building the same rows with `.values()` took
 * about 4.5 s of JavaScript (a parameter object per value) on top of the database's
 * own time, which alone would blow the seed's time budget.
 */
async function insertRows<T extends PgTable>(db: Database, table: T, rows: readonly Row<T>[]): Promise<void> {
  const columns = Object.entries(getTableColumns(table));
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + ROWS_PER_STATEMENT) as readonly Record<string, unknown>[];
    const arrays = columns.map(([key, column]) => {
      const values = batch.map((row) => {
        const value = row[key];
        return value === null || value === undefined ? null : column.mapToDriverValue(value);
      });
      // Enum arrays go as text[]: the drivers know how to send those.
      const type = is(column, PgEnumColumn) ? sql`text[]::${column.enum}[]` : sql.raw(`${column.getSQLType()}[]`);
      return sql`${sql.param(values)}::${type}`;
    });
    // Columns come back from unnest() in table order, which is the order Drizzle inserts.
    await db.insert(table).select(sql`select * from unnest(${sql.join(arrays, sql`, `)})`);
  }
}
