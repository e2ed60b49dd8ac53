import { organisationCodeArgument, uuidArgument } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { costCentresByCode, paymentsNewestFirst, type FinanceLoaders } from '../loaders.js';

export const Query: Resolvers<FinanceLoaders>['Query'] = {
  costCentre: (_parent, args: { id: string }, { loaders }) => loaders.costCentreById.load(uuidArgument(args.id)),
  costCentres: (_parent, args: PageArgs & { organisation: string }, { loaders }) =>
    loaders.costCentresByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(costCentresByCode, args),
    }),
  payment: (_parent, args: { id: string }, { loaders }) => loaders.paymentById.load(uuidArgument(args.id)),
  payments: (_parent, args: PageArgs & { organisation: string }, { loaders }) =>
    loaders.paymentsByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(paymentsNewestFirst, args),
    }),
  expenseTypes: (_parent, _args, { loaders }) => loaders.expenseTypeList(),
};
