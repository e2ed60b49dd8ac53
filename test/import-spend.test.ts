// Importing a member's published spend: councils' own layouts and the LGA schema, row by
// row checks with line numbers, whole-or-nothing by default, --skip-invalid, --dry-run,
// re-imports that change nothing, a changed row updated, one audit record per import,
// row-level security under the writes, and the round trip through the transparency CSV.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { type ImportResult, ImportRefused, ImportStopped, importerFor, runImport } from '../importer/index.js';
import type { DatabaseHandle } from '../platform/database.js';
import { tokenFor } from '../platform/personas.js';
import { administratorToken, demoAdministrator, fixture, followWorkerRegistry, type ImportDatabase, importDatabase } from './support/import-database.js';
import { testConfig } from './support/hub.js';

const TDBC = 'E07000190';
const SCC = 'E10000027';

let database: ImportDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  database = await importDatabase('import_spend');
  handle = database.handle;
});

afterAll(async () => {
  await database?.close();
});

async function rows<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
  const client = (handle.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: Row[] }> } }).$client;
  return (await client.query(text, params)).rows;
}

async function importSpend(file: string, options: { skipInvalid?: boolean; dryRun?: boolean; mapping?: string } = {}): Promise<ImportResult> {
  return runImport({ kind: 'spend', organisation: TDBC, file, importer: await demoAdministrator('spend'), database: handle, ...options });
}

const paymentsLike = (pattern: string) =>
  rows<{ count: string }>('select count(*) from finance.payment where transaction_number like $1', [pattern]).then(([row]) => Number(row!.count));
const auditRecords = () =>
  rows<{ count: string }>("select count(*) from audit.record where operation_name like 'import %'").then(([row]) => Number(row!.count));

describe('a council’s own spend layout (BOM, CRLF, quoted line breaks, £, brackets, two date styles)', () => {
  const file = fixture('tdbc-spend-2025-01.csv');
  const rejections = [
    {
      line: 9,
      column: 'Supplier Name',
      value: 'REDACTED - personal data',
      reason: 'the payee is withheld in this file: import the payment from a file that names the payee',
    },
    { line: 10, column: 'Payment Date', value: '31/02/2025', reason: 'impossible date' },
    { line: 11, column: 'Amount (£)', value: '', reason: 'no amount' },
    { line: 12, column: 'Transaction Number', value: 'TD-2025-0002', reason: 'duplicate transaction number in the file (first on line 3)' },
  ];

  it('imports nothing when a row is rejected, and says which rows and why', async () => {
    const before = await auditRecords();
    const result = await importSpend(file);
    expect(result).toMatchObject({ committed: false, rows: 10, accepted: 6, rejected: 4, rejections });
    expect(await paymentsLike('TD-2025-00%')).toBe(0);
    expect(await auditRecords()).toBe(before);
  });

  it('finds a repeated transaction number in a later batch too, naming the line it was first on', async () => {
    const result = await runImport({ kind: 'spend', organisation: TDBC, file, importer: await demoAdministrator('spend'), database: handle, batchSize: 2 });
    expect(result).toMatchObject({ committed: false, accepted: 6, rejected: 4 });
    expect(result.rejections[3]).toEqual({
      line: 12,
      column: 'Transaction Number',
      value: 'TD-2025-0002',
      reason: 'duplicate transaction number in the file (first on line 3)',
    });
  });

  it('checks without writing in a dry run, counting what it would do', async () => {
    const result = await importSpend(file, { skipInvalid: true, dryRun: true });
    expect(result).toMatchObject({ committed: false, dryRun: true, accepted: 6, rejected: 4 });
    expect(result.changes.payments).toEqual({ inserted: 6, updated: 0, unchanged: 0 });
    expect(await paymentsLike('TD-2025-00%')).toBe(0);
  });

  it('imports the valid rows with --skip-invalid, with the values as the council meant them', async () => {
    const before = await auditRecords();
    const result = await importSpend(file, { skipInvalid: true });
    expect(result).toMatchObject({ committed: true, accepted: 6, rejected: 4, rejections });
    expect(result.changes).toEqual({
      payments: { inserted: 6, updated: 0, unchanged: 0 },
      suppliers: { inserted: 5, updated: 0, unchanged: 0 },
      expenseTypes: expect.any(Object),
      costCentres: { inserted: 5, updated: 0, unchanged: 0 },
    });
    const payments = await rows<Record<string, unknown>>(
      `select p.transaction_number, p.payment_date::text, p.amount_pence::int, p.irrecoverable_vat_pence::int, p.purpose, p.capital_or_revenue,
         p.procurement_card, p.beneficiary_name, s.companies_house_number, c.code as cost_centre
       from finance.payment p join procurement.supplier s on s.id = p.supplier_id join finance.cost_centre c on c.id = p.cost_centre_id
       where p.organisation_code = $1 and p.transaction_number like 'TD-2025-00%' order by p.transaction_number`,
      [TDBC],
    );
    expect(payments).toEqual([
      row('TD-2025-0001', '2025-01-06', 123456, 0, 'Roof repairs, Block A', 'REVENUE', false, 'Acme Roofing Ltd', '01234567', 'TDH100'),
      row('TD-2025-0002', '2025-01-07', 1250000, 25000, 'Monthly collection contract "lot 2"', 'REVENUE', false, 'Somerset Waste Partnership', null, 'TDE200'),
      // The same supplier as TD-2025-0001: matched by its Companies House number, written without its leading zero.
      row('TD-2025-0003', '2025-01-08', -25000, 0, 'Credit note:\r\nduplicate invoice', 'REVENUE', false, 'ACME ROOFING LIMITED', '01234567', 'TDH100'),
      row('TD-2025-0004', '2025-01-09', -7550, 0, 'Paper, toner', 'REVENUE', true, 'Office Supplies (South West) Ltd', null, 'TDC300'),
      row('TD-2025-0005', '2025-01-10', 64500000, 0, 'Firepool phase 2 works', 'CAPITAL', false, 'Firepool Developments LLP', 'OC301234', 'TDR400'),
      row('TD-2025-0009', '2025-01-16', 231000, 0, 'Tree survey', 'REVENUE', false, 'Greenspace Services', null, 'TDL500'),
    ]);
    const [acme] = await rows<{ suppliers: string }>(
      "select count(distinct supplier_id) as suppliers from finance.payment where transaction_number in ('TD-2025-0001', 'TD-2025-0003')",
    );
    expect(Number(acme!.suppliers)).toBe(1);
    expect(await auditRecords()).toBe(before + 1);
  });

  it('changes nothing when the same file is imported again', async () => {
    const suppliers = await rows<{ count: string }>('select count(*) from procurement.supplier');
    const result = await importSpend(file, { skipInvalid: true });
    expect(result.changes.payments).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
    expect(result.changes.suppliers!.inserted).toBe(0);
    expect(await rows('select count(*) from procurement.supplier')).toEqual(suppliers);
  });

  it('refuses a repeat in a later batch on a re-import too, leaving the first row as it was', async () => {
    // The repeated number's first row is unchanged by a re-import, so it is not a row this
    // import wrote; the repeat must still be refused, not written over it.
    const result = await runImport({
      kind: 'spend',
      organisation: TDBC,
      file,
      importer: await demoAdministrator('spend'),
      database: handle,
      batchSize: 2,
      skipInvalid: true,
    });
    expect(result).toMatchObject({ committed: true, accepted: 6, rejected: 4, rejections });
    expect(result.changes.payments).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
  });

  it('updates a row the file changed, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    const changed = join(dir, 'tdbc-spend-2025-01-corrected.csv');
    writeFileSync(changed, readFileSync(file, 'utf8').replace('£12,500.00', '£12,600.00'));
    const result = await importSpend(changed, { skipInvalid: true });
    expect(result.changes.payments).toEqual({ inserted: 0, updated: 1, unchanged: 5 });
    const [payment] = await rows<{ amount: string }>("select amount_pence::text as amount from finance.payment where transaction_number = 'TD-2025-0002'");
    expect(payment!.amount).toBe('1260000');
  });

  it('records one audit record per import: who, the file’s name and SHA-256, and the counts', async () => {
    const [record] = await rows<Record<string, unknown>>(
      `select subject, organisation_code, operation_name, operation_hash, action::text, outcome::text, entity_type, owner_organisation, fields
       from audit.record order by seq desc limit 1`,
    );
    const { createHash } = await import('node:crypto');
    expect(record).toEqual({
      subject: (await demoAdministrator('spend')).subject,
      organisation_code: TDBC,
      operation_name: 'import spend tdbc-spend-2025-01-corrected.csv',
      operation_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      action: 'COLLECTION',
      outcome: 'CHANGED',
      entity_type: 'Payment',
      owner_organisation: TDBC,
      fields: expect.arrayContaining(['payments.inserted=0', 'payments.updated=1', 'payments.unchanged=5', 'rejected=4', 'rows=10']),
    });
    expect(record!.operation_hash).not.toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
  });
});

function row(...values: unknown[]) {
  const [transaction_number, payment_date, amount_pence, irrecoverable_vat_pence, purpose, capital_or_revenue, procurement_card, beneficiary_name] = values;
  const [companies_house_number, cost_centre] = values.slice(8);
  return {
    transaction_number,
    payment_date,
    amount_pence,
    irrecoverable_vat_pence,
    purpose,
    capital_or_revenue,
    procurement_card,
    beneficiary_name,
    companies_house_number,
    cost_centre,
  };
}

describe('other layouts', () => {
  it('imports another council’s own layout (LF, dd-Mon-yyyy, other column names) as that council', async () => {
    const config = testConfig();
    const importer = await importerFor(await administratorToken(SCC), SCC, 'spend', config);
    const result = await runImport({ kind: 'spend', organisation: SCC, file: fixture('scc-spend-2025-02.csv'), importer, database: handle });
    expect(result).toMatchObject({ committed: true, rows: 5, accepted: 5, rejected: 0, ignoredColumns: ['Directorate'] });
    const payments = await rows<Record<string, unknown>>(
      "select transaction_number, payment_date::text, amount_pence::int, capital_or_revenue, procurement_card from finance.payment where transaction_number like 'SCC-8890%' order by 1",
    );
    expect(payments).toEqual([
      { transaction_number: 'SCC-889001', payment_date: '2025-02-03', amount_pence: 1842000, capital_or_revenue: 'REVENUE', procurement_card: false },
      { transaction_number: 'SCC-889002', payment_date: '2025-02-04', amount_pence: 795025, capital_or_revenue: 'REVENUE', procurement_card: false },
      { transaction_number: 'SCC-889003', payment_date: '2025-02-05', amount_pence: 21200000, capital_or_revenue: 'CAPITAL', procurement_card: false },
      { transaction_number: 'SCC-889004', payment_date: '2025-02-06', amount_pence: -120000, capital_or_revenue: 'REVENUE', procurement_card: false },
      { transaction_number: 'SCC-889005', payment_date: '2025-02-07', amount_pence: 64000, capital_or_revenue: 'REVENUE', procurement_card: true },
    ]);
  });

  it('imports the LGA spend schema’s columns', async () => {
    const result = await importSpend(fixture('lga-spend-2025-03.csv'));
    expect(result).toMatchObject({ committed: true, rows: 3, accepted: 3, rejected: 0, ignoredColumns: ['OrganisationURI', 'ServiceCategoryLabel'] });
    const [legal] = await rows<Record<string, unknown>>(
      "select effective_date::text, payment_date::text, irrecoverable_vat_pence::int, service_division from finance.payment where transaction_number = 'TD-2025-0103'",
    );
    expect(legal).toEqual({
      effective_date: '2025-03-02',
      payment_date: '2025-03-05',
      irrecoverable_vat_pence: 177508,
      service_division: 'Corporate Services',
    });
  });

  it('reads a layout the synonyms do not cover through a mapping file', async () => {
    const result = await importSpend(fixture('tdbc-ledger-extract.csv'), { mapping: fixture('tdbc-ledger-mapping.json') });
    expect(result).toMatchObject({ committed: true, rows: 2, accepted: 2, rejected: 0 });
    expect(result.changes.suppliers!.inserted).toBe(0);
  });
});

describe('files that cannot be imported stop before any write, naming file, line and problem', () => {
  const cases: [string, string][] = [
    ['empty.csv', 'empty.csv: the file is empty'],
    ['binary.csv', 'binary.csv, line 1: not a text file (it holds NUL bytes): expected UTF-8 text'],
    ['duplicate-header.csv', 'duplicate-header.csv, line 1: the header has two columns named "Amount" (columns 3 and 7)'],
    ['ragged.csv', 'ragged.csv, line 3: 5 fields where the header has 6'],
    [
      'missing-column.csv',
      'missing-column.csv, line 1: missing required column: supplierName (a column named Supplier Name, Beneficiary Name, Supplier, ...); columns not recognised: Vendor (name them in a mapping file with --mapping)',
    ],
    ['unclosed-quote.csv', 'unclosed-quote.csv, line 2: a quoted field is never closed'],
    ['ocds-joint-buyers.json', 'ocds-joint-buyers.json, line 1: this looks like JSON, not CSV: is it a contracts file?'],
    ['staff-2025-04.csv', expect.stringContaining('staff-2025-04.csv, line 1: missing required columns: transactionNumber') as unknown as string],
  ];

  it.each(cases)('%s', async (name, message) => {
    const before = [await paymentsLike('TD-99%'), await auditRecords()];
    const error = await importSpend(fixture(name), { skipInvalid: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportStopped);
    expect((error as Error).message).toEqual(message);
    expect([await paymentsLike('TD-99%'), await auditRecords()]).toEqual(before);
  });
});

describe('who may import', () => {
  const config = testConfig();

  it('refuses an organisation that is not a member', async () => {
    await expect(importerFor(await administratorToken('E07000188'), 'E07000188', 'spend', config)).rejects.toThrow(
      new ImportRefused('Sedgemoor District Council (E07000188) is not a member of the shared service (candidate)'),
    );
  });

  it('refuses a token of another organisation, one without the import scope, and an expired one', async () => {
    await expect(importerFor(await administratorToken(SCC), TDBC, 'spend', config)).rejects.toThrow(
      "The token is of E10000027: an organisation's data is imported only by its own data administrators",
    );
    await expect(importerFor(await tokenFor('council-hr', config), TDBC, 'spend', config)).rejects.toThrow('The token does not hold the scope import');
    await expect(importerFor(await administratorToken(TDBC, ['import'], -60), TDBC, 'spend', config)).rejects.toThrow('The token was refused: Token expired');
    await expect(importerFor(undefined, TDBC, 'spend', config)).rejects.toThrow(/^No token/);
  });

  it('writes under row-level security: the importer role cannot write another organisation’s payment', async () => {
    const attempt = handle.writeAs(
      { organisation: TDBC, sector: 'COUNCIL', services: 'FINANCE', purpose: '' },
      async (db) => {
        const client = (db as unknown as { $client: { query(text: string): Promise<unknown> } }).$client;
        await client.query(
          `insert into finance.payment select gen_random_uuid(), '${SCC}', 'TD-RLS-1', cost_centre_id, expense_type_id, supplier_id, beneficiary_name,
             service_division, purpose, effective_date, payment_date, amount_pence, irrecoverable_vat_pence, capital_or_revenue, procurement_card, false
           from finance.payment where organisation_code = '${TDBC}' limit 1`,
        );
      },
      'hub_importer',
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
  });
});

describe('the round trip through the published CSV', () => {
  let hub: RunningHub;

  beforeAll(async () => {
    hub = await startHub(testConfig(), { database: handle });
  });

  afterAll(async () => {
    await hub?.stop();
    // The hub followed the import database's registry: the worker's is followed again.
    await followWorkerRegistry();
  });

  it('gives back the payments of a month imported from a council’s published file (withheld payees aside)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    const file = join(dir, 'tdbc-spend-2025-01.csv');
    copyFileSync(fixture('tdbc-spend-2025-01.csv'), file);
    await importSpend(file, { skipInvalid: true });
    const response = await fetch(`${hub.url.replace(/\/graphql$/, '')}/transparency/spend/${TDBC}/2025-01.csv`);
    expect(response.status).toBe(200);
    const published = (parse(await response.text(), { columns: true }) as Record<string, string>[]).filter((p) =>
      p['Transaction number']!.startsWith('TD-2025-'),
    );
    const imported = (parse(readFileSync(file), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[]).filter(
      (p) =>
        ['TD-2025-0001', 'TD-2025-0002', 'TD-2025-0003', 'TD-2025-0004', 'TD-2025-0005', 'TD-2025-0009'].includes(p['Transaction Number']!) &&
        p['Purpose'] !== 'Hedge cutting',
    );
    const byNumber = (a: { number: string }, b: { number: string }) => a.number.localeCompare(b.number);
    expect(
      published
        .map((p) => ({
          number: p['Transaction number']!,
          date: p.Date!,
          amount: p['Net amount']!,
          supplier: p['Supplier name']!,
          purpose: p['Extended description']!,
          expenseType: p['Expense type']!,
          area: p['Expense area']!,
        }))
        .sort(byNumber),
    ).toEqual(
      imported
        .map((p) => ({
          number: p['Transaction Number']!,
          date: ukDate(p['Payment Date']!),
          amount: amountOf(p['Amount (£)']!),
          supplier: p['Supplier Name']!,
          purpose: p.Purpose!,
          expenseType: p['Expense Type']!,
          area: p['Service Area']!,
        }))
        .sort(byNumber),
    );
  });
});

/** The file's date as the publication writes it: dd/mm/yyyy. */
function ukDate(text: string): string {
  if (/^\d{4}-/.test(text)) return text.split('-').reverse().join('/');
  const [day, month, year] = text.split('/');
  return `${day!.padStart(2, '0')}/${month!.padStart(2, '0')}/${year}`;
}

/** The file's amount as the publication writes it: pounds with two decimals, a minus for credits. */
function amountOf(text: string): string {
  const negative = text.startsWith('(') || text.startsWith('-');
  const digits = text.replace(/[£,()\-\s]/g, '');
  return `${negative ? '-' : ''}${Number(digits).toFixed(2)}`;
}
