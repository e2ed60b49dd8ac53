// What each kind of import (spend, contracts, staff) provides to the run (index.ts): a
// check of one row that turns it into an input or rejections, and a writer of a batch
// of checked inputs inside the import's transaction.
import type { EntityCounts, Rejection } from './report.js';

export interface Checked<Input> {
  line: number;
  input: Input;
}

export interface CheckResult<Input> {
  input?: Input;
  rejections: Rejection[];
}

export interface KindWriter<Input> {
  /** Writes one batch; returns the rows refused against what the file or the database already holds (duplicates). */
  write(batch: readonly Checked<Input>[]): Promise<Rejection[]>;
  /** Per entity, what the writes did. */
  readonly changes: Record<string, EntityCounts>;
}
