// What each GraphQL object type of the finance subgraph is to its resolvers (their parent and
// return values), for `npm run codegen`; types not listed are the generated shapes.
import { ENTITY_STUB, ORGANISATION_REFERENCE, connectionOf, drizzleRow } from '../../platform/mappers.js';

export default {
  Organisation: ORGANISATION_REFERENCE,
  Person: ENTITY_STUB,
  Supplier: ENTITY_STUB,
  CostCentre: drizzleRow('finance', 'CostCentreRow'),
  ExpenseType: drizzleRow('finance', 'ExpenseTypeRow'),
  Budget: drizzleRow('finance', 'BudgetRow'),
  Payment: drizzleRow('finance', 'PaymentRow'),
  CostCentreConnection: connectionOf('CostCentreRow'),
  PaymentConnection: connectionOf('PaymentRow'),
  SpendGroup: '../reports.js#SpendGroupRow',
  BudgetAgainstActual: '../reports.js#BudgetAgainstActualRow',
  SupplierSpend: '../reports.js#SupplierSpendRow',
  OrganisationSpend: '../reports.js#OrganisationSpendRow',
} satisfies Record<string, string>;
