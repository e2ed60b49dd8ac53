// DataLoader factories shared by every subgraph. Each request gets new loaders
// (a loader shared between requests would leak one viewer's rows to another).
import DataLoader from 'dataloader';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { inArray, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';
import { pagesByParent, toConnection, type Connection, type Ordering, type Page } from './pagination.js';

/**
 * Rows by a unique key: one `IN (...)` statement per batch, `null` for a miss. `asSeen`
 * completes each row before it is cached (a disclosed row with its agreement's terms).
 */
export function rowsByKey<T extends PgTable, Seen extends T['$inferSelect'] = T['$inferSelect']>(
  db: Database,
  table: T,
  keyColumn: PgColumn,
  keyOf: (row: T['$inferSelect']) => string,
  asSeen?: (row: T['$inferSelect']) => Promise<Seen>,
): DataLoader<string, Seen | null> {
  return new DataLoader(async (keys) => {
    const found = (await db
      .select()
      .from(table as PgTable)
      .where(inArray(keyColumn, [...keys]))) as Seen[];
    const rows = asSeen ? await Promise.all(found.map(asSeen)) : found;
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

/** Fetches one page for each of many parents in one statement, rows grouped by parent. */
export type PagesFetch<Row> = (parentIds: string[], page: Page) => Promise<Map<string, Row[]>>;

/**
 * A page of children for each parent. Keys that ask for the same page (the usual
 * case within one federation fetch) are answered by one call of `fetchPages`.
 */
export function pagesOf<Row>(fetchPages: PagesFetch<Row>, ordering: Ordering<Row>): DataLoader<PageKey, Connection<Row>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { page: Page; parentIds: string[] }>();
      for (const key of keys) {
        const pageKey = JSON.stringify(key.page);
        const group = groups.get(pageKey) ?? { page: key.page, parentIds: [] };
        group.parentIds.push(key.parentId);
        groups.set(pageKey, group);
      }
      const results = new Map<string, Map<string, Row[]>>();
      for (const [pageKey, group] of groups) results.set(pageKey, await fetchPages(group.parentIds, group.page));
      return keys.map((key) => toConnection(ordering, key.page, results.get(JSON.stringify(key.page))?.get(key.parentId) ?? []));
    },
    { cacheKeyFn: (key) => `${key.parentId}|${JSON.stringify(key.page)}` },
  );
}

/** A page of a table's rows for each parent, the parent being a column of the same table; `where` narrows the rows. */
export function pagesOfChildren<T extends PgTable>(
  db: Database,
  table: T,
  parentColumn: PgColumn,
  ordering: Ordering<T['$inferSelect']>,
  where?: SQL,
): DataLoader<PageKey, Connection<T['$inferSelect']>, string> {
  return pagesOf((parentIds, page) => pagesByParent(db, table, parentColumn, parentIds, ordering, page, where), ordering);
}
