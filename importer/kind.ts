// What each kind of import (spend, contracts, staff) provides to the run (index.ts): a
// check of one row that turns it into an input or rejections, and a writer of a batch
// of checked inputs inside the import's transaction.
import type { EntityCounts, Rejection } from './report.js';
import type { Statements } from './sql.js';

export interface Checked<Input> {
  line: number;
  input: Input;
}

export interface CheckResult<Input> {
  input?: Input;
  rejections: Rejection[];
}

export interface KindWriter<Input> {
  /**
   * Writes one batch once `previous` (the batch before it) is written; returns the rows refused
   * against what the file or the database already holds (duplicates). What needs nothing from
   * the database may be done before waiting for `previous`, while that batch is still being written.
   */
  write(batch: readonly Checked<Input>[], previous: Promise<unknown>): Promise<Rejection[]>;
  /**
   * After the last batch: what can only be checked once every row is in (a manager later in the
   * file). It may read the file's accepted rows again (`reread`), and may complete the reasons of
   * rejections it returned before (the line a repeated key was first on).
   */
  finish?(reread: () => AsyncIterable<Checked<Input>>): Promise<Rejection[]>;
  /** Per entity, what the writes did. */
  readonly changes: Record<string, EntityCounts>;
}

/** Splits a batch into the first row of each key and the rows that repeat one (rejected, naming the first line). */
export function firstInBatch<Input>(
  batch: readonly Checked<Input>[],
  keyOf: (input: Input) => string,
  column: string,
  what: string,
): { unique: Checked<Input>[]; rejections: Rejection[] } {
  const rejections: Rejection[] = [];
  const firstLines = new Map<string, number>();
  const unique: Checked<Input>[] = [];
  for (const row of batch) {
    const key = keyOf(row.input);
    const first = firstLines.get(key);
    if (first === undefined) {
      firstLines.set(key, row.line);
      unique.push(row);
    } else {
      rejections.push({ line: row.line, column, value: key, reason: `duplicate ${what} in the file (first on line ${first})` });
    }
  }
  return { unique, rejections };
}

/**
 * Splits a batch into rows whose natural key is new to this file and rows that repeat an
 * earlier row's (rejected, naming the first line). Keys already seen are kept in a temporary
 * table of the import's transaction, not in memory: a file of any length is checked.
 */
export async function firstOccurrences<Input>(
  sql: Statements,
  table: string,
  batch: readonly Checked<Input>[],
  keyOf: (input: Input) => string,
  column: string,
  what: string,
): Promise<{ unique: Checked<Input>[]; rejections: Rejection[] }> {
  const rejections: Rejection[] = [];
  const firstLines = new Map<string, number>();
  const unique: Checked<Input>[] = [];
  const duplicate = (row: Checked<Input>, first: number) =>
    rejections.push({ line: row.line, column, value: keyOf(row.input), reason: `duplicate ${what} in the file (first on line ${first})` });
  for (const row of batch) {
    const first = firstLines.get(keyOf(row.input));
    if (first === undefined) {
      firstLines.set(keyOf(row.input), row.line);
      unique.push(row);
    } else {
      duplicate(row, first);
    }
  }
  const claimed = await sql.rows<{ key: string }>(
    `insert into ${table} (key, line) select * from unnest($1::text[], $2::int[]) on conflict do nothing returning key`,
    [unique.map((row) => keyOf(row.input)), unique.map((row) => row.line)],
  );
  if (claimed.length === unique.length) return { unique, rejections };
  const fresh = new Set(claimed.map((row) => row.key));
  const seen = unique.filter((row) => !fresh.has(keyOf(row.input)));
  const earlier = await sql.rows<{ key: string; line: number }>(`select key, line from ${table} where key = any($1::text[])`, [
    seen.map((row) => keyOf(row.input)),
  ]);
  const lines = new Map(earlier.map((row) => [row.key, row.line]));
  for (const row of seen) duplicate(row, lines.get(keyOf(row.input)) ?? 0);
  rejections.sort((a, b) => a.line - b.line);
  return { unique: unique.filter((row) => fresh.has(keyOf(row.input))), rejections };
}

/** Creates the temporary table firstOccurrences() keeps an import's keys in; it goes with the transaction. */
export async function createKeyTable(sql: Statements, table: string): Promise<void> {
  await sql.rows(`create temporary table ${table} (key text primary key, line integer not null) on commit drop`);
}
