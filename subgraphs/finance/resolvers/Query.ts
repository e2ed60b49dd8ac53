import { organisationCodeArgument, uuidArgument } from '../../kit/ids.js';
import { pageOf } from '../../kit/pagination.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { costCentresByCode, paymentsNewestFirst } from '../loaders.js';

export const Query: QueryResolvers = {
  costCentre: (_parent, args, { loaders }) => loaders.costCentreById.load(uuidArgument(args.id)),
  costCentres: (_parent, args, { loaders }) =>
    loaders.costCentresByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(costCentresByCode, args),
    }),
  payment: (_parent, args, { loaders }) => loaders.paymentById.load(uuidArgument(args.id)),
  payments: (_parent, args, { loaders }) =>
    loaders.paymentsByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(paymentsNewestFirst, args),
    }),
  expenseTypes: (_parent, _args, { loaders }) => loaders.expenseTypeList(),
};
