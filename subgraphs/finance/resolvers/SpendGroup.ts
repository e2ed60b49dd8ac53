import { referenceTo } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import type { SpendGroupResolvers } from '../generated/resolvers.js';

export const SpendGroup: SpendGroupResolvers = {
  organisation: (group) => (group.organisationCode ? { code: group.organisationCode } : null),
  supplier: (group) => (group.supplierId ? referenceTo(group.supplierId) : null),
  costCentre: (group, _args, { loaders }) => (group.costCentreId ? loaders.costCentreById.load(group.costCentreId) : null),
  expenseType: (group, _args, { loaders }) => (group.expenseTypeId ? loaders.expenseTypeById.load(group.expenseTypeId) : null),
  total: (group) => money(group.totalPence),
};
