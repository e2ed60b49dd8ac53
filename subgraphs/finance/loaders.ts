// Per-request DataLoaders of the finance subgraph: one statement per entity type per batch.
import DataLoader from 'dataloader';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SubgraphContext } from '../../platform/context.js';
import type { Database } from '../../platform/database.js';
import type { Viewer } from '../../platform/policy.js';
import { paymentsAttributableBy } from './redaction.js';
import { financeReports } from './reports.js';
import { pagesOfChildren, rowsByKey, rowsByParent } from '../../platform/loaders.js';
import type { Ordering } from '../../platform/pagination.js';
import type { DateRange } from '../../platform/reporting.js';
import { budget, costCentre, expenseType, payment, type BudgetRow, type CostCentreRow, type PaymentRow } from '../../drizzle/finance.js';

export const costCentresByCode: Ordering<CostCentreRow> = {
  name: 'cost-centres-by-code',
  direction: 'asc',
  keys: [
    { column: costCentre.code, kind: 'text', of: (row) => row.code },
    { column: costCentre.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export const paymentsNewestFirst: Ordering<PaymentRow> = {
  name: 'payments-newest-first',
  direction: 'desc',
  keys: [
    { column: payment.paymentDate, kind: 'date', of: (row) => row.paymentDate },
    { column: payment.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export function createLoaders(db: Database, viewer: Viewer) {
  const attributable = paymentsAttributableBy(viewer);
  // One loader per financial-year argument, so the filter stays in SQL and each batch is one statement.
  const budgetLoaders = new Map<number | null, DataLoader<string, BudgetRow[]>>();
  const budgetsByCostCentre = (financialYear: number | null) => {
    let loader = budgetLoaders.get(financialYear);
    if (!loader) {
      loader = rowsByParent(
        (costCentreIds) =>
          db
            .select()
            .from(budget)
            .where(and(inArray(budget.costCentreId, [...costCentreIds]), financialYear === null ? undefined : eq(budget.financialYear, financialYear)))
            .orderBy(budget.financialYear, budget.period),
        (row) => row.costCentreId,
      );
      budgetLoaders.set(financialYear, loader);
    }
    return loader;
  };

  // One loader per payment-date range of `payments(organisation:, from:, to:)`, the range kept in SQL.
  const paymentLoaders = new Map<string, ReturnType<typeof pagesOfChildren<typeof payment>>>();
  const paymentsByOrganisation = (range: Partial<DateRange>) => {
    const key = `${range.from ?? ''}|${range.to ?? ''}`;
    let loader = paymentLoaders.get(key);
    if (!loader) {
      const within = and(
        range.from === undefined ? undefined : sql`${payment.paymentDate} >= ${range.from}::date`,
        range.to === undefined ? undefined : sql`${payment.paymentDate} <= ${range.to}::date`,
      );
      loader = pagesOfChildren(db, payment, payment.organisationCode, paymentsNewestFirst, within);
      paymentLoaders.set(key, loader);
    }
    return loader;
  };

  return {
    // The chart of accounts is short and fixed: read it once per request.
    expenseTypeList: () => db.select().from(expenseType).orderBy(asc(expenseType.code)),
    expenseTypeById: rowsByKey(db, expenseType, expenseType.id, (row) => row.id),
    costCentreById: rowsByKey(db, costCentre, costCentre.id, (row) => row.id),
    paymentById: rowsByKey(db, payment, payment.id, (row) => row.id),
    costCentresByOrganisation: pagesOfChildren(db, costCentre, costCentre.organisationCode, costCentresByCode),
    costCentresByManager: rowsByParent(
      (personIds) =>
        db
          .select()
          .from(costCentre)
          .where(inArray(costCentre.managerPersonId, [...personIds]))
          .orderBy(costCentre.code, costCentre.id),
      (row) => row.managerPersonId!,
    ),
    budgetsByCostCentre,
    paymentsByOrganisation,
    paymentsByCostCentre: pagesOfChildren(db, payment, payment.costCentreId, paymentsNewestFirst),
    paymentsBySupplier: pagesOfChildren(db, payment, payment.supplierId, paymentsNewestFirst, attributable),
    // Summed by the database (exact numeric), never in JavaScript; pence as a decimal string.
    totalSpendBySupplier: new DataLoader<string, string>(async (supplierIds) => {
      const rows = await db
        .select({ supplierId: payment.supplierId, totalPence: sql<string>`sum(${payment.amountPence})::text` })
        .from(payment)
        .where(and(inArray(payment.supplierId, [...supplierIds]), attributable))
        .groupBy(payment.supplierId);
      const totals = new Map(rows.map((row) => [row.supplierId, row.totalPence]));
      return supplierIds.map((id) => totals.get(id) ?? '0');
    }),
    reports: financeReports(db, viewer),
  };
}

export type FinanceLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives as context. */
export type Context = SubgraphContext<FinanceLoaders>;
