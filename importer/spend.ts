// Spend over £500 (Local Government Transparency Code 2015): payments, with the suppliers,
// expense types and cost centres they name. A payment's natural key is its transaction
// number within the organisation; a supplier is matched by its Companies House number
// when the file gives one, else by its name compared loosely; an expense type by its name;
// a cost centre by its code (the service division when the file has none).
import { randomUUID } from 'node:crypto';
import { registeredOrganisation } from '../platform/organisations.js';
import { type CheckResult, type Checked, firstInBatch, type KindWriter } from './kind.js';
import type { Layout, LayoutSpec } from './layout.js';
import { type EntityCounts, MAX_REPORTED_REJECTIONS, noChanges, type Rejection } from './report.js';
import type { Statements } from './sql.js';
import { timeOrderedUuid } from './ids.js';
import { SeenKeys } from './seen.js';
import { SupplierRegister } from './suppliers.js';
import { amountInPence, calendarDate, capitalOrRevenue, companyNumber, isWithheldPayee, yesNo } from './values.js';

/** The columns of a spend file, with the names councils' own layouts and the LGA spend schema give them. */
export const SPEND_LAYOUT = {
  transactionNumber: {
    required: true,
    synonyms: [
      'Transaction Number',
      'Transaction No',
      'Transaction Ref',
      'Transaction Reference',
      'Transaction ID',
      'Trans No',
      'Payment Reference',
      'Document Number',
      'Reference',
    ],
  },
  paymentDate: { required: true, synonyms: ['Payment Date', 'Date Paid', 'Paid Date', 'Date', 'Transaction Date'] },
  effectiveDate: { synonyms: ['Effective Date', 'Invoice Date', 'Posting Date'] },
  amount: {
    required: true,
    synonyms: ['Net Amount', 'Amount', 'Amount (£)', 'Amount GBP', 'Value', 'Net Value', 'Total', 'Amount Excl VAT', 'SumOfAmount_Exc_VAT'],
  },
  irrecoverableVat: { synonyms: ['Irrecoverable VAT', 'Irrecoverable VAT Amount', 'VAT Irrecoverable', 'Non Recoverable VAT'] },
  supplierName: {
    required: true,
    synonyms: ['Supplier Name', 'Beneficiary Name', 'Supplier', 'Beneficiary', 'Payee Name', 'Payee', 'Vendor Name', 'Merchant Name'],
  },
  companyNumber: {
    synonyms: [
      'Company Number',
      'Companies House Number',
      'Supplier Company Number',
      'Company Registration Number',
      'Beneficiary Registration Number',
      'Beneficiary Company Number',
    ],
  },
  supplierPostcode: { synonyms: ['Supplier Postcode', 'Beneficiary Postcode', 'Postcode'] },
  serviceDivision: {
    required: true,
    synonyms: ['Service Division', 'Service Division Label', 'Expense Area', 'Service Area', 'Service', 'Directorate', 'Department', 'Service Category Label'],
  },
  costCentre: { synonyms: ['Cost Centre', 'Cost Centre Code', 'Cost Centre Number'] },
  costCentreName: { synonyms: ['Cost Centre Name', 'Cost Centre Description'] },
  expenseType: {
    required: true,
    synonyms: ['Expense Type', 'Expenses Type', 'Expenditure Type', 'Expense Description', 'Subjective Description', 'Account Description'],
  },
  expenseCode: { synonyms: ['Expense Code', 'Expense Type Code', 'Expenses Code', 'Subjective Code', 'Account Code', 'CIPFA Expenditure Code'] },
  expenseCategory: { synonyms: ['Expense Category', 'Expenditure Category', 'Subjective Group', 'Procurement Category'] },
  purpose: { synonyms: ['Purpose', 'Purpose of Expenditure', 'Purpose of Spend', 'Extended Description', 'Description', 'Narrative'] },
  capitalOrRevenue: { synonyms: ['Capital or Revenue', 'Capital/Revenue', 'Cap/Rev', 'Capital_Revenue'] },
  procurementCard: { synonyms: ['Card Transaction', 'Procurement Card', 'Purchase Card', 'P-Card', 'GPC'] },
  organisation: { synonyms: ['Body', 'Organisation Code', 'Body Code', 'Organisation'] },
  organisationName: { synonyms: ['Body Name', 'Organisation Name', 'Organisation Label'] },
} satisfies LayoutSpec<string>;

export type SpendField = keyof typeof SPEND_LAYOUT;

export interface PaymentInput {
  transactionNumber: string;
  paymentDate: string;
  effectiveDate: string;
  amountPence: number;
  irrecoverableVatPence: number;
  supplierName: string;
  companyNumber: string | null;
  supplierPostcode: string;
  serviceDivision: string;
  costCentre: string;
  costCentreName: string;
  expenseType: string;
  expenseCode: string | null;
  expenseCategory: string;
  purpose: string;
  capitalOrRevenue: 'CAPITAL' | 'REVENUE';
  procurementCard: boolean;
}

const MAX_TEXT = 500;

/** Checks one row of a spend file: the payment it records, or why not. */
export function spendRowChecker(layout: Layout<SpendField>, organisation: string) {
  const column = (field: SpendField) => {
    const index = layout.index[field];
    return index === undefined ? field : layout.headers[index]!;
  };
  return (fields: readonly string[], line: number): CheckResult<PaymentInput> => {
    const rejections: Rejection[] = [];
    const value = (field: SpendField) => {
      const index = layout.index[field];
      return index === undefined ? '' : fields[index]!.trim();
    };
    const reject = (field: SpendField, reason: string) => rejections.push({ line, column: column(field), value: value(field), reason });
    const parsed = <T>(field: SpendField, result: { ok: true; value: T } | { ok: false; reason: string }, fallback: T): T => {
      if (result.ok) return result.value;
      reject(field, result.reason);
      return fallback;
    };
    const text = (field: SpendField, required: string | null) => {
      const found = value(field);
      if (found === '' && required) reject(field, required);
      else if (found.length > MAX_TEXT) reject(field, `longer than ${MAX_TEXT} characters`);
      return found;
    };

    const body = value('organisation');
    if (body !== '' && body.toUpperCase() !== organisation) {
      reject('organisation', registeredOrganisation(body.toUpperCase()) ? `a payment of another organisation, not ${organisation}` : 'unknown organisation');
    }
    const transactionNumber = text('transactionNumber', 'no transaction number');
    const paymentDate = parsed('paymentDate', calendarDate(value('paymentDate')), '');
    const effectiveDate = value('effectiveDate') === '' ? paymentDate : parsed('effectiveDate', calendarDate(value('effectiveDate')), '');
    const amountPence = parsed('amount', amountInPence(value('amount')), 0);
    const irrecoverableVatPence = value('irrecoverableVat') === '' ? 0 : parsed('irrecoverableVat', amountInPence(value('irrecoverableVat')), 0);
    const supplierName = text('supplierName', 'no supplier or beneficiary');
    if (supplierName !== '' && isWithheldPayee(supplierName))
      reject('supplierName', 'the payee is withheld in this file: import the payment from a file that names the payee');
    const serviceDivision = text('serviceDivision', 'no service division');
    const expenseType = text('expenseType', 'no expense type');
    const costCentre = text('costCentre', null) || serviceDivision;
    const payment: PaymentInput = {
      transactionNumber,
      paymentDate,
      effectiveDate,
      amountPence,
      irrecoverableVatPence,
      supplierName,
      companyNumber: parsed('companyNumber', companyNumber(value('companyNumber')), null),
      supplierPostcode: text('supplierPostcode', null).toUpperCase(),
      serviceDivision,
      costCentre,
      costCentreName: text('costCentreName', null) || costCentre,
      expenseType,
      expenseCode: text('expenseCode', null) || null,
      expenseCategory: text('expenseCategory', null) || 'Uncategorised',
      purpose: text('purpose', null),
      capitalOrRevenue: parsed('capitalOrRevenue', capitalOrRevenue(value('capitalOrRevenue')), 'REVENUE'),
      procurementCard: parsed('procurementCard', yesNo(value('procurementCard')), false),
    };
    return rejections.length > 0 ? { rejections } : { input: payment, rejections };
  };
}

/** Writes batches of payments into one organisation, creating the suppliers, expense types and cost centres they name. */
export async function spendWriter(sql: Statements, organisation: string, transactionColumn: string): Promise<KindWriter<PaymentInput>> {
  const changes: Record<string, EntityCounts> = {
    payments: noChanges(),
    suppliers: noChanges(),
    expenseTypes: noChanges(),
    costCentres: noChanges(),
  };
  // The reference rows are few beside the payments: held for the whole import, so each is looked up once.
  const suppliers = await SupplierRegister.load(sql);
  const expenseByCode = new Map<string, string>();
  const expenseByName = new Map<string, string>();
  for (const row of await sql.rows<{ id: string; code: string; name: string }>('select id, code, name from finance.expense_type')) {
    expenseByCode.set(row.code, row.id);
    expenseByName.set(row.name.toLowerCase(), row.id);
  }
  const costCentres = new Map<string, string>();
  for (const row of await sql.rows<{ id: string; code: string }>('select id, code from finance.cost_centre where organisation_code = $1', [organisation])) {
    costCentres.set(row.code, row.id);
  }

  // Expense types are shared by every organisation, and councils' codes differ: a type is
  // matched by its name; a new one keeps the file's code unless the hub uses it for another type.
  function expenseTypeOf(payment: PaymentInput, created: { id: string; code: string; name: string; category: string }[]): string {
    const known = expenseByName.get(payment.expenseType.toLowerCase());
    if (known) return known;
    const base =
      payment.expenseCode ??
      payment.expenseType
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '-')
        .slice(0, 40);
    let code = base;
    for (let n = 2; expenseByCode.has(code); n += 1) code = `${base}-${n}`;
    const id = randomUUID();
    created.push({ id, code, name: payment.expenseType, category: payment.expenseCategory });
    expenseByCode.set(code, id);
    expenseByName.set(payment.expenseType.toLowerCase(), id);
    return id;
  }

  function costCentreOf(payment: PaymentInput, created: { id: string; code: string; name: string; division: string }[]): string {
    const known = costCentres.get(payment.costCentre);
    if (known) return known;
    const id = randomUUID();
    created.push({ id, code: payment.costCentre, name: payment.costCentreName, division: payment.serviceDivision });
    costCentres.set(payment.costCentre, id);
    return id;
  }

  // A transaction number twice in the file is refused, not merged: within a batch by
  // firstInBatch; across batches, a number whose hash was seen is looked up among the payments
  // this transaction wrote (their xmin is its id) or found unchanged (the upsert locked them:
  // their xmax is its id). The line such a number was first on is not
  // kept per row: finish() reads the file again, only when a number did repeat an earlier
  // batch's, and completes those rejections' reasons with it.
  const seen = new SeenKeys();
  const firstLineWanted = new Map<string, Rejection[]>();
  async function notWrittenBefore(rows: Checked<PaymentInput>[], rejections: Rejection[]): Promise<Checked<PaymentInput>[]> {
    const candidates = rows.filter((row) => seen.mayHave(row.input.transactionNumber));
    const repeated = new Set<string>();
    if (candidates.length > 0) {
      for (const row of await sql.rows<{ number: string }>(
        `select transaction_number as number from finance.payment
         where organisation_code = $1 and transaction_number = any($2::text[])
           and (xmin = pg_current_xact_id()::xid or xmax = pg_current_xact_id()::xid)`,
        [organisation, candidates.map((row) => row.input.transactionNumber)],
      )) {
        repeated.add(row.number);
      }
    }
    const fresh: Checked<PaymentInput>[] = [];
    for (const row of rows) {
      const number = row.input.transactionNumber;
      if (repeated.has(number)) {
        const rejection = { line: row.line, column: transactionColumn, value: number, reason: 'duplicate transaction number in the file (on an earlier line)' };
        rejections.push(rejection);
        // As many as a report shows: a file repeated whole keeps "on an earlier line" past them.
        if (firstLineWanted.has(number)) firstLineWanted.get(number)!.push(rejection);
        else if (firstLineWanted.size < MAX_REPORTED_REJECTIONS) firstLineWanted.set(number, [rejection]);
      } else {
        seen.add(number);
        fresh.push(row);
      }
    }
    return fresh;
  }

  // The statements of consecutive batches go out one after another on the transaction's
  // connection without waiting for each other's answers (node-postgres pipelines them on
  // PostgreSQL; PGlite queues them): the database goes from one batch to the next while this
  // process reads and checks the batch after. A batch's statements are sent only once the
  // batch before it has sent all of its own (`sent`), so each batch's suppliers, expense
  // types and cost centres reach the database before the payments that name them.
  let sent: Promise<void> = Promise.resolve();

  return {
    changes,
    async finish(reread) {
      if (firstLineWanted.size === 0) return [];
      for await (const { line, input } of reread()) {
        const repeats = firstLineWanted.get(input.transactionNumber);
        if (!repeats) continue;
        for (const rejection of repeats) rejection.reason = `duplicate transaction number in the file (first on line ${line})`;
        firstLineWanted.delete(input.transactionNumber);
        if (firstLineWanted.size === 0) break;
      }
      return [];
    },
    async write(batch, previous) {
      const earlierSent = sent;
      let markSent!: () => void;
      sent = new Promise<void>((resolve) => (markSent = resolve));
      let statements: Promise<unknown>[];
      let upsert: Promise<{ inserted: number; changed: number }[]>;
      let unique: Checked<PaymentInput>[];
      const { unique: firsts, rejections } = firstInBatch(batch, (payment) => payment.transactionNumber, transactionColumn, 'transaction number');
      try {
        // A number that may repeat one of an earlier batch is looked up once that batch is written
        // (rare: a repeat, or a hash shared by chance).
        await (firsts.some((row) => seen.mayHave(row.input.transactionNumber)) ? previous : earlierSent);
        unique = await notWrittenBefore(firsts, rejections);
        if (unique.length === 0) {
          markSent();
          await previous;
          return rejections;
        }
        const newExpenseTypes: Parameters<typeof expenseTypeOf>[1] = [];
        const newCostCentres: Parameters<typeof costCentreOf>[1] = [];
        const rows = unique.map(({ input }) => ({
          input,
          supplierId: suppliers.idOf({ name: input.supplierName, companyNumber: input.companyNumber, postcode: input.supplierPostcode, sme: false }),
          expenseTypeId: expenseTypeOf(input, newExpenseTypes),
          costCentreId: costCentreOf(input, newCostCentres),
        }));
        statements = [suppliers.insertNew(sql).then((inserted) => (changes.suppliers!.inserted += inserted))];
        if (newExpenseTypes.length > 0) {
          statements.push(
            sql.rows('insert into finance.expense_type (id, code, name, category) select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[])', [
              newExpenseTypes.map((e) => e.id),
              newExpenseTypes.map((e) => e.code),
              newExpenseTypes.map((e) => e.name),
              newExpenseTypes.map((e) => e.category),
            ]),
          );
          changes.expenseTypes!.inserted += newExpenseTypes.length;
        }
        if (newCostCentres.length > 0) {
          statements.push(
            sql.rows(
              `insert into finance.cost_centre (id, organisation_code, code, name, service_division)
               select id, $1, code, name, division from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) as u(id, code, name, division)`,
              [
                organisation,
                newCostCentres.map((c) => c.id),
                newCostCentres.map((c) => c.code),
                newCostCentres.map((c) => c.name),
                newCostCentres.map((c) => c.division),
              ],
            ),
          );
          changes.costCentres!.inserted += newCostCentres.length;
        }
        upsert = sql.rows<{ inserted: number; changed: number }>(
          `with written as (
             insert into finance.payment as p (id, organisation_code, transaction_number, cost_centre_id, expense_type_id, supplier_id, beneficiary_name,
               service_division, purpose, effective_date, payment_date, amount_pence, irrecoverable_vat_pence, capital_or_revenue, procurement_card, sensitive_payee)
             select u.id, $1, u.number, u.cost_centre, u.expense_type, u.supplier, u.beneficiary, u.division, u.purpose, u.effective, u.paid,
               u.amount, u.vat, u.capital::finance.capital_or_revenue, u.card, false
             from unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[], $11::bigint[], $12::bigint[],
               $13::text[], $14::boolean[], $15::uuid[])
               as u(number, cost_centre, expense_type, supplier, beneficiary, division, purpose, effective, paid, amount, vat, capital, card, id)
             on conflict (organisation_code, transaction_number) do update set
               cost_centre_id = excluded.cost_centre_id, expense_type_id = excluded.expense_type_id, supplier_id = excluded.supplier_id,
               beneficiary_name = excluded.beneficiary_name, service_division = excluded.service_division, purpose = excluded.purpose,
               effective_date = excluded.effective_date, payment_date = excluded.payment_date, amount_pence = excluded.amount_pence,
               irrecoverable_vat_pence = excluded.irrecoverable_vat_pence, capital_or_revenue = excluded.capital_or_revenue,
               procurement_card = excluded.procurement_card
             where (p.cost_centre_id, p.expense_type_id, p.supplier_id, p.beneficiary_name, p.service_division, p.purpose, p.effective_date, p.payment_date,
                 p.amount_pence, p.irrecoverable_vat_pence, p.capital_or_revenue, p.procurement_card)
               is distinct from (excluded.cost_centre_id, excluded.expense_type_id, excluded.supplier_id, excluded.beneficiary_name, excluded.service_division,
                 excluded.purpose, excluded.effective_date, excluded.payment_date, excluded.amount_pence, excluded.irrecoverable_vat_pence,
                 excluded.capital_or_revenue, excluded.procurement_card)
             returning (p.xmax = 0) as inserted
           )
           select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as changed from written`,
          [
            organisation,
            rows.map((r) => r.input.transactionNumber),
            rows.map((r) => r.costCentreId),
            rows.map((r) => r.expenseTypeId),
            rows.map((r) => r.supplierId),
            rows.map((r) => r.input.supplierName),
            rows.map((r) => r.input.serviceDivision),
            rows.map((r) => r.input.purpose),
            rows.map((r) => r.input.effectiveDate),
            rows.map((r) => r.input.paymentDate),
            rows.map((r) => r.input.amountPence),
            rows.map((r) => r.input.irrecoverableVatPence),
            rows.map((r) => r.input.capitalOrRevenue),
            rows.map((r) => r.input.procurementCard),
            rows.map(() => timeOrderedUuid()),
          ],
        );
      } finally {
        markSent();
      }
      // Answers in the order sent; the batch before this one has finished once these have.
      const [, [written]] = await Promise.all([Promise.all(statements), upsert, previous]);
      const payments = changes.payments!;
      payments.inserted += written!.inserted;
      payments.updated += written!.changed;
      payments.unchanged += unique.length - written!.inserted - written!.changed;
      rejections.sort((a, b) => a.line - b.line);
      return rejections;
    },
  };
}
