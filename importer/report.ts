// What an import says: the rows it refused (line, column, value, reason), what it changed,
// and, when the file itself is unusable, the one problem that stopped it before any write.
import { basename } from 'node:path';

export const IMPORT_KINDS = ['spend', 'contracts', 'staff'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One refused row (or OCDS release): where it is, what in it is wrong. */
export interface Rejection {
  /** The file's line the row starts on (1 is the first line). */
  line: number;
  /** The column as the file names it (or the JSON path, for a release). */
  column: string;
  value: string;
  reason: string;
}

/** What happened to one kind of row: created, changed, or already as the file has it. */
export interface EntityCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  kind: ImportKind;
  organisation: string;
  file: string;
  /** SHA-256 of the file's bytes, in hex, as the audit record holds it. */
  sha256: string;
  dryRun: boolean;
  skipInvalid: boolean;
  /** True when the changes were committed: not a dry run, and no rejection (or --skip-invalid). */
  committed: boolean;
  /** Rows (releases, for contracts) read from the file. */
  rows: number;
  accepted: number;
  rejected: number;
  /** Per entity (payments, suppliers, ...): what the import did, or would do in a dry run. */
  changes: Record<string, EntityCounts>;
  /** The first rejections, in file order (at most MAX_REPORTED_REJECTIONS). */
  rejections: Rejection[];
  /** Columns of the file that the import does not read. */
  ignoredColumns: string[];
  seconds: number;
}

/** More than this many rejections are counted but not listed: a report stays readable and memory flat. */
export const MAX_REPORTED_REJECTIONS = 10_000;

/** A file the import cannot use at all: nothing was written. */
export class ImportStopped extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${basename(file)}${line === null ? '' : `, line ${line}`}: ${problem}`);
    this.name = 'ImportStopped';
  }
}

/** The caller may not import this: wrong token, scope or organisation. Nothing was read or written. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

export const noChanges = (): EntityCounts => ({ inserted: 0, updated: 0, unchanged: 0 });

/** The human summary of an import, as the command prints it. */
export function summary(result: ImportResult): string {
  const lines: string[] = [];
  const verdict = result.dryRun
    ? 'Dry run: nothing was written'
    : result.committed
      ? 'Imported'
      : `Nothing imported: ${result.rejected} ${result.kind === 'contracts' ? 'release' : 'row'}${result.rejected === 1 ? '' : 's'} rejected (use --skip-invalid to import the valid ones)`;
  lines.push(`${verdict}. ${result.kind} for ${result.organisation} from ${basename(result.file)} (sha256 ${result.sha256.slice(0, 12)}…)`);
  const unit = result.kind === 'contracts' ? 'releases' : 'rows';
  lines.push(`${result.rows} ${unit} read, ${result.accepted} accepted, ${result.rejected} rejected, in ${result.seconds.toFixed(1)} s`);
  for (const [entity, counts] of Object.entries(result.changes)) {
    const would = result.committed ? '' : ' (not committed)';
    lines.push(`  ${entity}: ${counts.inserted} new, ${counts.updated} changed, ${counts.unchanged} unchanged${would}`);
  }
  if (result.ignoredColumns.length > 0) lines.push(`Columns not read: ${result.ignoredColumns.join(', ')}`);
  for (const rejection of result.rejections) {
    lines.push(`  line ${rejection.line}, ${rejection.column} ${JSON.stringify(rejection.value)}: ${rejection.reason}`);
  }
  if (result.rejected > result.rejections.length) lines.push(`  ... and ${result.rejected - result.rejections.length} more rejections`);
  return lines.join('\n');
}
