import { entityStub } from '../../../platform/ids.js';
import { pageOf, withinOrganisation } from '../../../platform/pagination.js';
import type { CostCentreResolvers } from '../generated/resolvers.js';
import { ordersNewestFirst } from '../loaders.js';

// CostCentre belongs to the finance subgraph; procurement only adds the orders charged to it.
export const CostCentre: CostCentreResolvers = {
  __resolveReference: entityStub,
  orders: async (costCentre, args, { loaders }) =>
    withinOrganisation(await loaders.ordersByCostCentre.load({ parentId: costCentre.id, page: pageOf(ordersNewestFirst, args) }), costCentre.organisationCode),
};
