import { loadReference, referenceTo } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import type { CostCentreResolvers } from '../generated/resolvers.js';
import { paymentsNewestFirst } from '../loaders.js';

export const CostCentre: CostCentreResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.costCentreById, reference.id),
  organisation: (centre) => ({ code: centre.organisationCode }),
  manager: (centre) => (centre.managerPersonId ? referenceTo(centre.managerPersonId) : null),
  budgets: (centre, args, { loaders }) => loaders.budgetsByCostCentre(args.financialYear ?? null).load(centre.id),
  payments: (centre, args, { loaders }) => loaders.paymentsByCostCentre.load({ parentId: centre.id, page: pageOf(paymentsNewestFirst, args) }),
};
