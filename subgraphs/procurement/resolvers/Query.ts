import { organisationCodeArgument, uuidArgument } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { contractsByEndDate, ordersNewestFirst, suppliersByName, type ProcurementLoaders } from '../loaders.js';

export const Query: Resolvers<ProcurementLoaders>['Query'] = {
  supplier: (_parent, args: { id: string }, { loaders }) => loaders.supplierById.load(uuidArgument(args.id)),
  suppliers: (_parent, args: PageArgs, { loaders }) => loaders.supplierList(pageOf(suppliersByName, args)),
  contract: (_parent, args: { id: string }, { loaders }) => loaders.contractById.load(uuidArgument(args.id)),
  contracts: (_parent, args: PageArgs, { loaders }) => loaders.contractRegister(pageOf(contractsByEndDate, args)),
  purchaseOrder: (_parent, args: { id: string }, { loaders }) => loaders.purchaseOrderById.load(uuidArgument(args.id)),
  purchaseOrders: (_parent, args: PageArgs & { organisation: string }, { loaders }) =>
    loaders.ordersByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(ordersNewestFirst, args),
    }),
};
