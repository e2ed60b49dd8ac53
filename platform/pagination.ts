// Cursor connections with keyset pagination. A cursor is an opaque token that
// names its ordering and holds the sort values of the last row seen; the next
// page continues strictly after it, so no page ever uses OFFSET.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { DEMO_CURSOR_SECRET } from './config.js';
import { badUserInput } from './errors.js';
import { isUuid } from './ids.js';
import type { Database } from './database.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  first: number;
  /** Sort values of the last row already seen, or null for the first page. */
  after: string[] | null;
}

export interface Connection<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type KeyKind = 'uuid' | 'text' | 'date' | 'timestamp' | 'bigint';

/** How a connection is ordered: its columns (the last one unique) and direction. */
export interface Ordering<Row> {
  name: string;
  keys: { column: PgColumn; kind: KeyKind; of: (row: Row) => string | Date }[];
  direction: 'asc' | 'desc';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isValidKey(kind: KeyKind, value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 500) return false;
  switch (kind) {
    case 'uuid':
      return isUuid(value);
    case 'date':
      return DATE.test(value) && !Number.isNaN(Date.parse(value));
    case 'timestamp':
      return !Number.isNaN(Date.parse(value));
    case 'bigint':
      return /^\d{1,18}$/.test(value);
    case 'text':
      return true;
  }
}

function keyString(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

// Cursors are sealed (AES-256-GCM): they carry the sort values of a row, which may be
// values the caller may not read (a refused field's value must not leak through a
// cursor), and a sealed cursor cannot be forged to jump into another list.
let cursorKey = deriveCursorKey(DEMO_CURSOR_SECRET);

function deriveCursorKey(secret: string): Buffer {
  return createHash('sha256').update(`hub-cursor:${secret}`).digest();
}

/** Sets the secret cursors are sealed with; every process serving the same graph needs the same one. */
export function useCursorSecret(secret: string): void {
  cursorKey = deriveCursorKey(secret);
}

export function encodeCursor<Row>(ordering: Ordering<Row>, row: Row): string {
  const values = ordering.keys.map((key) => keyString(key.of(row)));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cursorKey, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify([ordering.name, ...values]), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function openCursor(cursor: string): unknown {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length < 29 || bytes.length > 2048) throw new Error('not a cursor');
  const decipher = createDecipheriv('aes-256-gcm', cursorKey, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
}

function decodeCursor<Row>(ordering: Ordering<Row>, cursor: string): string[] {
  const invalid = badUserInput('"after" is not a cursor from this list', 'after');
  let decoded: unknown;
  try {
    decoded = openCursor(cursor);
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded[0] !== ordering.name || decoded.length !== ordering.keys.length + 1) throw invalid;
  const values = decoded.slice(1);
  ordering.keys.forEach((key, i) => {
    if (!isValidKey(key.kind, values[i])) throw invalid;
  });
  return values as string[];
}

/** Validates `first` and `after` against an ordering; bad input is the caller's error. */
export function pageOf<Row>(ordering: Ordering<Row>, args: PageArgs): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return { first, after: args.after ? decodeCursor(ordering, args.after) : null };
}

/** The keyset condition "strictly after the cursor" for an ordering. */
export function afterCursor<Row>(ordering: Ordering<Row>, page: Page): SQL | undefined {
  if (!page.after) return undefined;
  const columns = sql.join(
    ordering.keys.map((key) => sql`${key.column}`),
    sql`, `,
  );
  const values = sql.join(
    page.after.map((value, i) => {
      const kind = ordering.keys[i]!.kind;
      // Explicit casts keep the row comparison typed the same on PGlite and PostgreSQL.
      return kind === 'text' ? sql`${value}::text` : sql`${value}::${sql.raw(kind === 'timestamp' ? 'timestamptz' : kind)}`;
    }),
    sql`, `,
  );
  return ordering.direction === 'asc' ? sql`(${columns}) > (${values})` : sql`(${columns}) < (${values})`;
}

export function orderBy<Row>(ordering: Ordering<Row>): SQL[] {
  return ordering.keys.map((key) => (ordering.direction === 'asc' ? sql`${key.column} asc` : sql`${key.column} desc`));
}

/**
 * An edge whose cursor is sealed when it is first read, then kept: a bulk extract asks
 * for `endCursor` only, and sealing (AES-GCM) every row's cursor would be a tenth of its time.
 */
class Edge<Row> {
  readonly #ordering: Ordering<Row>;
  #cursor: string | undefined;

  constructor(
    ordering: Ordering<Row>,
    readonly node: Row,
  ) {
    this.#ordering = ordering;
  }

  get cursor(): string {
    this.#cursor ??= encodeCursor(this.#ordering, this.node);
    return this.#cursor;
  }
}

/** Builds a connection from up to `first + 1` rows in order (the extra row says there is more). */
export function toConnection<Row>(ordering: Ordering<Row>, page: Page, rows: Row[]): Connection<Row> {
  const hasNextPage = rows.length > page.first;
  const nodes = hasNextPage ? rows.slice(0, page.first) : rows;
  const edges = nodes.map((node) => new Edge(ordering, node));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      // The last edge's own cursor, so that `endCursor` and that edge's `cursor` are the same token.
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
  };
}

/** One page of a table filtered by `where`: a single keyset query. */
export async function pageOfRows<T extends PgTable>(
  db: Database,
  table: T,
  ordering: Ordering<T['$inferSelect']>,
  page: Page,
  where?: SQL,
): Promise<Connection<T['$inferSelect']>> {
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(and(where, afterCursor(ordering, page)))
    .orderBy(...orderBy(ordering))
    .limit(page.first + 1)) as T['$inferSelect'][];
  return toConnection(ordering, page, rows);
}

/**
 * The same page for many parents at once, in one statement: each parent's rows
 * are ranked in order and cut at `first + 1`. Returns rows grouped by parent.
 */
export async function pagesByParent<T extends PgTable>(
  db: Database,
  table: T,
  parentColumn: PgColumn,
  parentIds: readonly string[],
  ordering: Ordering<T['$inferSelect']>,
  page: Page,
  where?: SQL,
): Promise<Map<string, T['$inferSelect'][]>> {
  if (parentIds.length === 1) {
    // One parent (every root list): a plain keyset query, which reads the index in order and
    // stops at the page. The planner does not cost the window's early stop, so with the ranked
    // form it sorts every row after the cursor, and an extract slows page by page.
    const parentId = parentIds[0]!;
    const rows = (await db
      .select()
      .from(table as PgTable)
      .where(and(eq(parentColumn, parentId), where, afterCursor(ordering, page)))
      .orderBy(...orderBy(ordering))
      .limit(page.first + 1)) as T['$inferSelect'][];
    return new Map([[parentId, rows]]);
  }
  const columns = getTableColumns(table);
  const pageRank = sql.identifier('page_rank');
  const ranked = db
    .select({
      ...columns,
      pageRank: sql<number>`row_number() over (partition by ${parentColumn} order by ${sql.join(orderBy(ordering), sql`, `)})`.as('page_rank'),
    })
    .from(table as PgTable)
    .where(and(inArray(parentColumn, [...parentIds]), where, afterCursor(ordering, page)))
    .as('ranked');
  // Drizzle's generic subquery types do not survive a generic table; the row shape is the table's plus page_rank.
  const rows = (await db
    .select()
    .from(ranked as unknown as PgTable)
    .where(sql`${pageRank} <= ${page.first + 1}`)
    .orderBy(sql`${pageRank}`)) as Record<string, unknown>[];
  const parentKey = Object.entries(columns).find(([, column]) => column === parentColumn)?.[0];
  if (!parentKey) throw new Error(`pagesByParent: ${parentColumn.name} is not a column of the table`);
  return groupRankedRows(rows, parentKey) as Map<string, T['$inferSelect'][]>;
}

/** Groups ranked rows (in rank order) by their parent key, dropping the key and the rank. */
export function groupRankedRows(rows: Record<string, unknown>[], parentKey: string, keepParentKey = true): Map<string, Record<string, unknown>[]> {
  const byParent = new Map<string, Record<string, unknown>[]>();
  for (const { pageRank: _rank, ...row } of rows) {
    const parentId = row[parentKey] as string;
    if (!keepParentKey) delete row[parentKey];
    const list = byParent.get(parentId) ?? [];
    list.push(row);
    byParent.set(parentId, list);
  }
  return byParent;
}

/** Only the rows of one organisation: lists under an extended entity keep to the organisation its reference claims. */
export function withinOrganisation<Row extends { organisationCode: string }>(connection: Connection<Row>, code: string | null): Connection<Row> {
  const edges = connection.edges.filter((edge) => edge.node.organisationCode === code);
  return edges.length === connection.edges.length ? connection : { ...connection, edges };
}
