import { loadReference } from '../../../platform/ids.js';
import type { ExpenseTypeResolvers } from '../generated/resolvers.js';

export const ExpenseType: ExpenseTypeResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.expenseTypeById, reference.id),
};
