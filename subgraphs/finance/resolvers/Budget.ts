import { money } from '../../../platform/money.js';
import type { BudgetResolvers } from '../generated/resolvers.js';

export const Budget: BudgetResolvers = {
  amount: (budget) => money(budget.amountPence),
  costCentre: (budget, _args, { loaders }) => loaders.costCentreById.load(budget.costCentreId),
};
