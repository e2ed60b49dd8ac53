// DataLoader factories shared by every subgraph. Each request gets new loaders
// (a loader shared between requests would leak one viewer's rows to another).
import DataLoader from 'dataloader';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { inArray } from 'drizzle-orm';
import type { Database } from './database.js';
import { pagesByParent, toConnection, type Connection, type Ordering, type Page } from './pagination.js';

/** Rows by a unique key: one `IN (...)` statement per batch, `null` for a miss. */
export function rowsByKey<T extends PgTable>(
  db: Database,
  table: T,
  keyColumn: PgColumn,
  keyOf: (row: T['$inferSelect']) => string,
): DataLoader<string, T['$inferSelect'] | null> {
  return new DataLoader(async (keys) => {
    const rows = (await db
      .select()
      .from(table as PgTable)
      .where(inArray(keyColumn, [...keys]))) as T['$inferSelect'][];
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows that belong to each parent (short, bounded lists such as order lines). */
export function rowsByParent<Row>(load: (parentIds: readonly string[]) => Promise<Row[]>, parentOf: (row: Row) => string): DataLoader<string, Row[]> {
  return new DataLoader(async (parentIds) => {
    const rows = await load(parentIds);
    const grouped = new Map<string, Row[]>();
    for (const row of rows) {
      const key = parentOf(row);
      const list = grouped.get(key) ?? [];
      list.push(row);
      grouped.set(key, list);
    }
    return parentIds.map((id) => grouped.get(id) ?? []);
  });
}

export interface PageKey {
  parentId: string;
  page: Page;
}

/**
 * A page of children for each parent. Keys that ask for the same page (the usual
 * case within one federation fetch) are answered by one statement.
 */
export function pagesOfChildren<T extends PgTable>(
  db: Database,
  table: T,
  parentColumn: PgColumn,
  ordering: Ordering<T['$inferSelect']>,
): DataLoader<PageKey, Connection<T['$inferSelect']>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { page: Page; parentIds: string[] }>();
      for (const key of keys) {
        const pageKey = JSON.stringify(key.page);
        const group = groups.get(pageKey) ?? { page: key.page, parentIds: [] };
        group.parentIds.push(key.parentId);
        groups.set(pageKey, group);
      }
      const results = new Map<string, Map<string, T['$inferSelect'][]>>();
      for (const [pageKey, group] of groups) {
        results.set(pageKey, await pagesByParent(db, table, parentColumn, group.parentIds, ordering, group.page));
      }
      return keys.map((key) => {
        const rows = results.get(JSON.stringify(key.page))?.get(key.parentId) ?? [];
        return toConnection(ordering, key.page, rows);
      });
    },
    { cacheKeyFn: (key) => `${key.parentId}|${JSON.stringify(key.page)}` },
  );
}
