// Reporting aggregates of the finance subgraph: each is one statement, summed and
// grouped by the database (exact numeric, pence as decimal text), never in JavaScript.
// They read through the viewer's database like every other read, so row-level
// security applies, and withheld payees stay withheld: they are grouped under the
// redacted label (spend) or left out (supplier totals), as listings show them.
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../../platform/database.js';
import type { Viewer } from '../../platform/policy.js';
import { MAX_GROUPS, dateWithin, monthOf, withinGroupLimit, type DateRange } from '../../platform/reporting.js';
import { budget, costCentre, payment } from '../../drizzle/finance.js';
import { paymentsAttributableBy, REDACTED_PAYEE } from './redaction.js';

export type SpendDimension = 'ORGANISATION' | 'SUPPLIER' | 'COST_CENTRE' | 'EXPENSE_TYPE' | 'MONTH';

/** One group of spend; the dimensions not grouped by are null. */
export interface SpendGroupRow {
  organisationCode: string | null;
  supplierId: string | null;
  payeeName: string | null;
  costCentreId: string | null;
  expenseTypeId: string | null;
  month: string | null;
  totalPence: string;
  payments: number;
}

export interface BudgetAgainstActualRow {
  costCentreId: string;
  period: number;
  budgetPence: string;
  actualPence: string;
  variancePence: string;
}

export interface OrganisationSpendRow {
  organisationCode: string;
  totalPence: string;
  payments: number;
}

export interface SupplierSpendRow {
  supplierId: string;
  totalPence: string;
  payments: number;
  byOrganisation: OrganisationSpendRow[];
}

const NULL_TEXT = sql<string | null>`null::text`;
const totalPence = sql<string>`sum(${payment.amountPence})::text`;
const paymentCount = sql<number>`count(*)::int`;

/** The accounting period (1 is April, 12 is March) of a payment date. */
const periodOfPayment = sql<number>`((extract(month from ${payment.paymentDate})::int + 8) % 12 + 1)`;

export function financeReports(db: Database, viewer: Viewer) {
  const attributable = paymentsAttributableBy(viewer) ?? sql`true`;

  return {
    async spend(organisation: string | null, range: DateRange, dimensions: ReadonlySet<SpendDimension>): Promise<SpendGroupRow[]> {
      // The keys are computed per payment first, so the outer statement groups by plain columns.
      // A withheld payee is keyed as the listing shows it: redacted name, no supplier.
      const keyed = db
        .select({
          organisationCode: payment.organisationCode,
          supplierId: sql<string | null>`case when ${attributable} then ${payment.supplierId}::text end`.as('supplier_id'),
          payeeName: sql<string>`case when ${attributable} then ${payment.beneficiaryName} else ${REDACTED_PAYEE} end`.as('payee_name'),
          costCentreId: sql<string>`${payment.costCentreId}::text`.as('cost_centre_id'),
          expenseTypeId: sql<string>`${payment.expenseTypeId}::text`.as('expense_type_id'),
          month: monthOf(payment.paymentDate, 'date').as('month'),
          amountPence: payment.amountPence,
        })
        .from(payment)
        .where(and(organisation === null ? undefined : eq(payment.organisationCode, organisation), dateWithin(payment.paymentDate, range)))
        .as('keyed');
      const keys: Record<SpendDimension, SQL[]> = {
        ORGANISATION: [sql`${keyed.organisationCode}`],
        SUPPLIER: [sql`${keyed.supplierId}`, sql`${keyed.payeeName}`],
        COST_CENTRE: [sql`${keyed.costCentreId}`],
        EXPENSE_TYPE: [sql`${keyed.expenseTypeId}`],
        MONTH: [sql`${keyed.month}`],
      };
      const grouped = [...dimensions].flatMap((dimension) => keys[dimension]);
      // Each column is named after its field of SpendGroupRow, so the driver's rows are the answer as they come.
      const column = (name: keyof SpendGroupRow, dimension: SpendDimension, key: SQLWrapper) =>
        (dimensions.has(dimension) ? sql<string | null>`${key}` : NULL_TEXT).as(name);
      const groups = db
        .select({
          organisationCode: column('organisationCode', 'ORGANISATION', keyed.organisationCode),
          supplierId: column('supplierId', 'SUPPLIER', keyed.supplierId),
          payeeName: column('payeeName', 'SUPPLIER', keyed.payeeName),
          costCentreId: column('costCentreId', 'COST_CENTRE', keyed.costCentreId),
          expenseTypeId: column('expenseTypeId', 'EXPENSE_TYPE', keyed.expenseTypeId),
          month: column('month', 'MONTH', keyed.month),
          totalPence: sql<string>`sum(${keyed.amountPence})::text`.as('totalPence'),
          payments: paymentCount.as('payments'),
        })
        .from(keyed)
        .groupBy(...grouped)
        .orderBy(...grouped.map((key) => sql`${key} asc nulls last`))
        .limit(MAX_GROUPS + 1);
      // Run as plain SQL: every column is already text or an integer, and Drizzle's mapping of
      // each cell (an entity check per cell) would be a fifth of the time of a 2,000-group answer.
      const { rows } = (await db.execute(groups)) as unknown as { rows: SpendGroupRow[] };
      return withinGroupLimit(rows);
    },

    /** Every period of the year that has a budget or a payment, for each of the organisation's cost centres. */
    async budgetAgainstActual(organisation: string, financialYear: number): Promise<BudgetAgainstActualRow[]> {
      const range = { from: `${financialYear}-04-01`, to: `${financialYear + 1}-03-31` };
      const budgets = db
        .select({ costCentreId: budget.costCentreId, period: budget.period, pence: sql<string>`sum(${budget.amountPence})`.as('budget_pence') })
        .from(budget)
        .innerJoin(costCentre, eq(costCentre.id, budget.costCentreId))
        .where(and(eq(costCentre.organisationCode, organisation), eq(budget.financialYear, financialYear)))
        .groupBy(budget.costCentreId, budget.period)
        .as('budgets');
      const actuals = db
        .select({
          costCentreId: payment.costCentreId,
          period: periodOfPayment.as('actual_period'),
          pence: sql<string>`sum(${payment.amountPence})`.as('actual_pence'),
        })
        .from(payment)
        .where(and(eq(payment.organisationCode, organisation), dateWithin(payment.paymentDate, range)))
        .groupBy(payment.costCentreId, periodOfPayment)
        .as('actuals');
      const costCentreId = sql<string>`coalesce(${budgets.costCentreId}, ${actuals.costCentreId})`;
      const period = sql<number>`coalesce(${budgets.period}, ${actuals.period})`;
      const budgetPence = sql`coalesce(${budgets.pence}, 0)`;
      const actualPence = sql`coalesce(${actuals.pence}, 0)`;
      const rows = await db
        .select({
          costCentreId: sql<string>`${costCentreId}::text`,
          period: sql<number>`${period}::int`,
          budgetPence: sql<string>`${budgetPence}::text`,
          actualPence: sql<string>`${actualPence}::text`,
          variancePence: sql<string>`(${budgetPence} - ${actualPence})::text`,
        })
        .from(budgets)
        .fullJoin(actuals, and(eq(actuals.costCentreId, budgets.costCentreId), eq(actuals.period, budgets.period)))
        .innerJoin(costCentre, eq(costCentre.id, costCentreId))
        .orderBy(costCentre.code, period)
        .limit(MAX_GROUPS + 1);
      return withinGroupLimit(rows);
    },

    async supplierSpend(range: DateRange): Promise<SupplierSpendRow[]> {
      // Per supplier and organisation, with the supplier's totals over its rows by window functions.
      const rows = await db
        .select({
          supplierId: sql<string>`${payment.supplierId}::text`,
          organisationCode: payment.organisationCode,
          totalPence,
          payments: paymentCount,
          supplierTotalPence: sql<string>`sum(sum(${payment.amountPence})) over (partition by ${payment.supplierId})::text`,
          supplierPayments: sql<number>`sum(count(*)) over (partition by ${payment.supplierId})::int`,
        })
        .from(payment)
        .where(and(sql`${payment.supplierId} is not null`, attributable, dateWithin(payment.paymentDate, range)))
        .groupBy(payment.supplierId, payment.organisationCode)
        .orderBy(
          sql`sum(sum(${payment.amountPence})) over (partition by ${payment.supplierId}) desc`,
          payment.supplierId,
          sql`sum(${payment.amountPence}) desc`,
          payment.organisationCode,
        )
        .limit(MAX_GROUPS + 1);
      const suppliers = new Map<string, SupplierSpendRow>();
      for (const row of withinGroupLimit(rows)) {
        const entry = suppliers.get(row.supplierId) ?? {
          supplierId: row.supplierId,
          totalPence: row.supplierTotalPence,
          payments: row.supplierPayments,
          byOrganisation: [],
        };
        entry.byOrganisation.push({ organisationCode: row.organisationCode, totalPence: row.totalPence, payments: row.payments });
        suppliers.set(row.supplierId, entry);
      }
      return [...suppliers.values()];
    },
  };
}
