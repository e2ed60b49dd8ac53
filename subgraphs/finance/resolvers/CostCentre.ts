import { loadReference } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { CostCentreRow } from '../../../drizzle/finance.js';
import { paymentsNewestFirst, type FinanceLoaders } from '../loaders.js';

export const CostCentre: Resolvers<FinanceLoaders>['CostCentre'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.costCentreById, reference.id),
  organisation: (centre: CostCentreRow) => ({ code: centre.organisationCode }),
  manager: (centre: CostCentreRow) => (centre.managerPersonId ? { id: centre.managerPersonId } : null),
  budgets: (centre: CostCentreRow, args: { financialYear?: number | null }, { loaders }) =>
    loaders.budgetsByCostCentre(args.financialYear ?? null).load(centre.id),
  payments: (centre: CostCentreRow, args: PageArgs, { loaders }) =>
    loaders.paymentsByCostCentre.load({ parentId: centre.id, page: pageOf(paymentsNewestFirst, args) }),
};
