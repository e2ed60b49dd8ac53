import { money } from '../../kit/money.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { BudgetRow } from '../../../drizzle/finance.js';
import type { FinanceLoaders } from '../loaders.js';

export const Budget: Resolvers<FinanceLoaders>['Budget'] = {
  amount: (budget: BudgetRow) => money(budget.amountPence),
  costCentre: (budget: BudgetRow, _args, { loaders }) => loaders.costCentreById.load(budget.costCentreId),
};
