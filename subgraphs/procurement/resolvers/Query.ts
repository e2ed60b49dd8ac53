import { organisationCodeArgument, uuidArgument } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import { dateRangeArguments } from '../../../platform/reporting.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { contractsByEndDate, ordersNewestFirst, suppliersByName } from '../loaders.js';

export const Query: QueryResolvers = {
  supplier: (_parent, args, { loaders }) => loaders.supplierById.load(uuidArgument(args.id)),
  suppliers: (_parent, args, { loaders }) => loaders.supplierList(pageOf(suppliersByName, args)),
  contract: (_parent, args, { loaders }) => loaders.contractById.load(uuidArgument(args.id)),
  contracts: (_parent, args, { loaders }) => loaders.contractRegister(pageOf(contractsByEndDate, args)),
  purchaseOrder: (_parent, args, { loaders }) => loaders.purchaseOrderById.load(uuidArgument(args.id)),
  purchaseOrders: (_parent, args, { loaders }) =>
    loaders.ordersByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(ordersNewestFirst, args),
    }),
  contractsExpiring: (_parent, args, { loaders }) =>
    loaders.reports.contractsExpiring(args.organisation == null ? null : organisationCodeArgument(args.organisation), dateRangeArguments(args.from, args.to)),
};
