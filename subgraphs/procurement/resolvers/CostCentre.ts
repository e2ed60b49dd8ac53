import { entityStub, type EntityStub } from '../../kit/ids.js';
import { pageOf, withinOrganisation, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { ordersNewestFirst, type ProcurementLoaders } from '../loaders.js';

// CostCentre belongs to the finance subgraph; procurement only adds the orders charged to it.
export const CostCentre: Resolvers<ProcurementLoaders>['CostCentre'] = {
  __resolveReference: entityStub,
  orders: async (costCentre: EntityStub, args: PageArgs, { loaders }) =>
    withinOrganisation(
      await loaders.ordersByCostCentre.load({ parentId: costCentre.id, page: pageOf(ordersNewestFirst, args) }),
      costCentre.organisationCode,
    ),
};
