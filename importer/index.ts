// One import of a member's file, as its data administrator: the file is streamed, each row
// checked and the valid ones written in batches, all in one transaction as hub_importer
// with the administrator's organisation (row-level security), and one audit record of the
// whole import committed with it. By default a file imports whole or not at all; with
// skipInvalid the valid rows import and the rest are reported; a dry run checks and counts
// everything, then rolls back.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { contentHash, type RecordContent } from '../platform/auditChain.js';
import type { DatabaseHandle } from '../platform/database.js';
import { rowSecurityFor } from '../platform/policy.js';
import { type Importer, SERVICE_OF } from './authority.js';
import { contractWriter, releaseChecker } from './contracts.js';
import { openCsv } from './csv.js';
import type { CheckResult, Checked, KindWriter } from './kind.js';
import { type Mapping, readMapping, resolveLayout } from './layout.js';
import { type ImportKind, type ImportResult, MAX_REPORTED_REJECTIONS, type Rejection } from './report.js';
import { ocdsReleases } from './ocds.js';
import { openSource, type Source } from './source.js';
import { SPEND_LAYOUT, type SpendField, spendRowChecker, spendWriter } from './spend.js';
import { type Statements, statementsOf } from './sql.js';
import { refusePoliceColumns, STAFF_LAYOUT, type StaffField, staffRowChecker, staffWriter } from './staff.js';

export { importerFor, mayImportInto, IMPORT_SCOPE } from './authority.js';
export { IMPORT_KINDS, ImportRefused, ImportStopped, summary, type ImportKind, type ImportResult, type Rejection } from './report.js';

export interface ImportProgress {
  rows: number;
  bytesRead: number;
  size: number;
}

export interface ImportOptions {
  kind: ImportKind;
  organisation: string;
  file: string;
  importer: Importer;
  database: DatabaseHandle;
  skipInvalid?: boolean;
  dryRun?: boolean;
  /** A mapping file naming the columns of a layout the synonyms do not cover. */
  mapping?: string;
  /** Rows (releases) written per batch; 5,000 (500 releases) unless given. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

/** The entity each kind's audit record names. */
const AUDITED_ENTITY: Record<ImportKind, string> = { spend: 'Payment', contracts: 'Contract', staff: 'Person' };

interface KindRun<Input> {
  rows: AsyncIterable<{ line: number; checked: CheckResult<Input> }>;
  /** The file's rows that pass their check, read again from the start. */
  reread: () => AsyncIterable<Checked<Input>>;
  writer: KindWriter<Input>;
  ignoredColumns: string[];
}

type Prepare = (source: Source, sql: Statements, options: ImportOptions, mapping: Mapping | undefined) => Promise<KindRun<unknown>>;

/** A CSV file's rows that pass their check, read again from the start (the header already resolved). */
function rereadCsv<Input>(file: string, check: (fields: readonly string[], line: number) => CheckResult<Input>) {
  return async function* (): AsyncGenerator<Checked<Input>> {
    for await (const record of (await openCsv(openSource(file))).records) {
      const { input } = check(record.fields, record.line);
      if (input !== undefined) yield { line: record.line, input };
    }
  };
}

const prepareSpend: Prepare = async (source, sql, options, mapping) => {
  const csv = await openCsv(source);
  const layout = resolveLayout(SPEND_LAYOUT, csv.header.fields, options.file, csv.header.line, mapping);
  const check = spendRowChecker(layout, options.organisation);
  const transactionColumn = layout.headers[layout.index.transactionNumber!]!;
  return {
    ignoredColumns: layout.ignored,
    reread: rereadCsv(options.file, check),
    writer: (await spendWriter(sql, options.organisation, transactionColumn)) as KindWriter<unknown>,
    rows: (async function* () {
      for await (const record of csv.records) yield { line: record.line, checked: check(record.fields, record.line) };
    })(),
  };
};

const prepareStaff: Prepare = async (source, sql, options, mapping) => {
  const csv = await openCsv(source);
  const layout = resolveLayout(STAFF_LAYOUT, csv.header.fields, options.file, csv.header.line, mapping);
  refusePoliceColumns(layout, options.organisation, options.file, csv.header.line);
  const check = staffRowChecker(layout, options.organisation);
  const column = (field: StaffField) => (layout.index[field] === undefined ? field : layout.headers[layout.index[field]!]!);
  return {
    ignoredColumns: layout.ignored,
    reread: rereadCsv(options.file, check),
    writer: (await staffWriter(
      sql,
      options.organisation,
      { staffNumber: column('staffNumber'), manager: column('manager') },
      { recordedBy: options.importer.subject, reason: `import of ${basename(options.file)}` },
    )) as KindWriter<unknown>,
    rows: (async function* () {
      for await (const record of csv.records) yield { line: record.line, checked: check(record.fields, record.line) };
    })(),
  };
};

const prepareContracts: Prepare = async (source, sql, options) => {
  const check = releaseChecker(options.organisation, options.file);
  return {
    ignoredColumns: [],
    reread: async function* () {
      for await (const release of ocdsReleases(openSource(options.file))) {
        const { input } = check(release);
        if (input !== undefined) yield { line: release.line, input };
      }
    },
    writer: (await contractWriter(sql, options.organisation)) as KindWriter<unknown>,
    rows: (async function* () {
      for await (const release of ocdsReleases(source)) yield { line: release.line, checked: check(release) };
    })(),
  };
};

const PREPARE: Record<ImportKind, { prepare: Prepare; fields: readonly string[] }> = {
  spend: { prepare: prepareSpend, fields: Object.keys(SPEND_LAYOUT) as SpendField[] },
  contracts: { prepare: prepareContracts, fields: [] },
  staff: { prepare: prepareStaff, fields: Object.keys(STAFF_LAYOUT) as StaffField[] },
};

/** Thrown to end the transaction without committing (a dry run, or rejections without skipInvalid). */
class RolledBack extends Error {
  constructor(readonly result: ImportResult) {
    super('rolled back');
  }
}

export async function runImport(options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const { kind, organisation, importer, database } = options;
  if (importer.organisation.code !== organisation) throw new Error('an import acts for its importer’s own organisation only');
  const batchSize = options.batchSize ?? (kind === 'contracts' ? 500 : 5_000);
  const mapping = options.mapping ? readMapping(options.mapping, PREPARE[kind].fields) : undefined;
  const source = openSource(options.file);
  const settings = rowSecurityFor({ ...importer, purpose: null });
  try {
    return await database.writeAs(
      settings,
      async (db) => {
        const sql = statementsOf(db);
        const run = await PREPARE[kind].prepare(source, sql, options, mapping);
        const rejections: Rejection[] = [];
        let rows = 0;
        let rejected = 0;
        let accepted = 0;
        const refuse = (found: readonly Rejection[]) => {
          for (const rejection of found) if (rejections.length < MAX_REPORTED_REJECTIONS) rejections.push(rejection);
        };
        let batch: Checked<unknown>[] = [];
        // One batch is written while the next is read and checked: the database's work and the
        // parsing overlap (on PostgreSQL they run on different cores). A batch is handed to its
        // writer as soon as it is read, so that what needs no database (matching, ids, the rows'
        // text) is done while the batch before it is still being written; its statements wait
        // for that write. At most two batches are held.
        let writing: Promise<void> = Promise.resolve();
        const flush = async () => {
          if (batch.length === 0) return;
          const written = batch;
          batch = [];
          const progress = { rows, bytesRead: source.bytesRead, size: source.size };
          const previous = writing;
          writing = run.writer.write(written, previous).then((refused) => {
            refuse(refused);
            const lines = new Set(refused.map((r) => r.line)).size;
            rejected += lines;
            accepted += written.length - lines;
            options.onProgress?.(progress);
          });
          // A failed write must not go unobserved while the next batch is read: it is rethrown by the next flush.
          writing.catch(() => undefined);
          await previous;
        };
        for await (const { line, checked } of run.rows) {
          rows += 1;
          if (checked.input === undefined) {
            rejected += 1;
            refuse(checked.rejections);
            continue;
          }
          batch.push({ line, input: checked.input });
          if (batch.length >= batchSize) await flush();
        }
        await flush();
        await writing;
        const late = (await run.writer.finish?.(run.reread)) ?? [];
        refuse(late);
        const lateLines = new Set(late.map((r) => r.line)).size;
        rejected += lateLines;
        accepted -= lateLines;
        rejections.sort((a, b) => a.line - b.line);
        const commit = !options.dryRun && (rejected === 0 || options.skipInvalid === true);
        const result: ImportResult = {
          kind,
          organisation,
          file: options.file,
          sha256: source.sha256(),
          dryRun: options.dryRun === true,
          skipInvalid: options.skipInvalid === true,
          committed: commit,
          rows,
          accepted,
          rejected,
          changes: run.writer.changes,
          rejections,
          ignoredColumns: run.ignoredColumns,
          seconds: (performance.now() - started) / 1000,
        };
        if (!commit) throw new RolledBack(result);
        await sql.rows('select audit.append($1::jsonb)', [JSON.stringify([auditEntry(result, importer)])]);
        return result;
      },
      'hub_importer',
    );
  } catch (error) {
    if (error instanceof RolledBack) return { ...error.result, seconds: (performance.now() - started) / 1000 };
    throw error;
  }
}

/**
 * The import's one audit record: who (the token's subject and organisation), the file's
 * name (in the operation name) and SHA-256 (as the operation's hash), and the counts, as
 * `<entity>.<what>=<n>` in the fields (the trail holds names and numbers, never values).
 */
function auditEntry(result: ImportResult, importer: Importer) {
  const fields = [
    `rows=${result.rows}`,
    `rejected=${result.rejected}`,
    ...Object.entries(result.changes).flatMap(([entity, counts]) => Object.entries(counts).map(([what, n]) => `${entity}.${what}=${n}`)),
  ].sort();
  const content: RecordContent = {
    requestId: randomUUID(),
    subject: importer.subject,
    organisationCode: importer.organisation.code,
    sector: importer.organisation.sector,
    purpose: null,
    operationName: `import ${result.kind} ${basename(result.file)}`,
    operationHash: result.sha256,
    subgraph: SERVICE_OF[result.kind].toLowerCase(),
    action: 'COLLECTION',
    outcome: 'CHANGED',
    entityType: AUDITED_ENTITY[result.kind],
    ownerOrganisation: result.organisation,
    sharingRoute: null,
    entityIds: [],
    fields,
  };
  return { ...content, contentHash: contentHash(content) };
}
