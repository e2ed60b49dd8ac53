import { isUuid } from '../../kit/ids.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { FinanceLoaders } from '../loaders.js';

export const ExpenseType: Resolvers<FinanceLoaders>['ExpenseType'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => (isUuid(reference.id) ? loaders.expenseTypeById.load(reference.id) : null),
};
