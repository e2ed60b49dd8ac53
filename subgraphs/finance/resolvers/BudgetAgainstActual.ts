import { money } from '../../../platform/money.js';
import type { BudgetAgainstActualResolvers } from '../generated/resolvers.js';

export const BudgetAgainstActual: BudgetAgainstActualResolvers = {
  costCentre: (row, _args, { loaders }) => loaders.costCentreById.load(row.costCentreId),
  budget: (row) => money(row.budgetPence),
  actual: (row) => money(row.actualPence),
  variance: (row) => money(row.variancePence),
};
