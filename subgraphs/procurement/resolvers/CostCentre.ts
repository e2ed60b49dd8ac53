import { entityStub } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { ordersNewestFirst, type ProcurementLoaders } from '../loaders.js';

// CostCentre belongs to the finance subgraph; procurement only adds the orders charged to it.
type CostCentreReference = { id: string };

export const CostCentre: Resolvers<ProcurementLoaders>['CostCentre'] = {
  __resolveReference: entityStub,
  orders: (costCentre: CostCentreReference, args: PageArgs, { loaders }) =>
    loaders.ordersByCostCentre.load({ parentId: costCentre.id, page: pageOf(ordersNewestFirst, args) }),
};
