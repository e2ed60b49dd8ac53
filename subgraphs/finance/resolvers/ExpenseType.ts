import { loadReference } from '../../kit/ids.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { FinanceLoaders } from '../loaders.js';

export const ExpenseType: Resolvers<FinanceLoaders>['ExpenseType'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.expenseTypeById, reference.id),
};
