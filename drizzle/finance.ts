// Tables owned by the finance subgraph, in the `finance` PostgreSQL schema.
// Organisation codes, people and suppliers belong to other subgraphs: they are
// stored as plain references (no cross-schema foreign keys) and joined through
// federation entities.
import { bigint, boolean, date, index, integer, pgSchema, text, unique, uuid } from 'drizzle-orm/pg-core';

export const finance = pgSchema('finance');

export const capitalOrRevenue = finance.enum('capital_or_revenue', ['CAPITAL', 'REVENUE']);

export const costCentre = finance.table(
  'cost_centre',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    serviceDivision: text('service_division').notNull(),
    managerPersonId: uuid('manager_person_id'),
  },
  (t) => [
    unique('cost_centre_organisation_code_key').on(t.organisationCode, t.code),
    index('cost_centre_organisation_idx').on(t.organisationCode, t.code, t.id),
    index('cost_centre_manager_idx').on(t.managerPersonId),
  ],
);

export const expenseType = finance.table('expense_type', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  category: text('category').notNull(),
});

export const budget = finance.table(
  'budget',
  {
    id: uuid('id').primaryKey(),
    costCentreId: uuid('cost_centre_id')
      .notNull()
      .references(() => costCentre.id),
    // The financial year by its starting calendar year: 2024 is April 2024 to March 2025.
    financialYear: integer('financial_year').notNull(),
    // Accounting period 1 (April) to 12 (March).
    period: integer('period').notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
  },
  (t) => [unique('budget_cost_centre_period_key').on(t.costCentreId, t.financialYear, t.period)],
);

export const payment = finance.table(
  'payment',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code').notNull(),
    transactionNumber: text('transaction_number').notNull(),
    costCentreId: uuid('cost_centre_id')
      .notNull()
      .references(() => costCentre.id),
    expenseTypeId: uuid('expense_type_id')
      .notNull()
      .references(() => expenseType.id),
    supplierId: uuid('supplier_id'),
    beneficiaryName: text('beneficiary_name').notNull(),
    serviceDivision: text('service_division').notNull(),
    purpose: text('purpose').notNull(),
    effectiveDate: date('effective_date').notNull(),
    paymentDate: date('payment_date').notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    irrecoverableVatPence: bigint('irrecoverable_vat_pence', { mode: 'number' }).notNull(),
    capitalOrRevenue: capitalOrRevenue('capital_or_revenue').notNull(),
    procurementCard: boolean('procurement_card').notNull(),
    // A police payee whose identity is withheld from the published spend data.
    sensitivePayee: boolean('sensitive_payee').notNull(),
  },
  (t) => [
    unique('payment_organisation_transaction_key').on(t.organisationCode, t.transactionNumber),
    index('payment_organisation_date_idx').on(t.organisationCode, t.paymentDate, t.id),
    index('payment_cost_centre_date_idx').on(t.costCentreId, t.paymentDate, t.id),
    index('payment_supplier_date_idx').on(t.supplierId, t.paymentDate, t.id),
    index('payment_expense_type_idx').on(t.expenseTypeId),
  ],
);

export type CostCentreRow = typeof costCentre.$inferSelect;
export type ExpenseTypeRow = typeof expenseType.$inferSelect;
export type BudgetRow = typeof budget.$inferSelect;
export type PaymentRow = typeof payment.$inferSelect;
