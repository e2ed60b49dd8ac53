import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { costCentresByCode, type FinanceLoaders } from '../loaders.js';

// Organisation belongs to the people subgraph (which validates the code); finance adds its cost centres.
export const Organisation: Resolvers<FinanceLoaders>['Organisation'] = {
  __resolveReference: (reference: { code: string }) => ({ code: reference.code }),
  costCentres: (organisation: { code: string }, args: PageArgs, { loaders }) =>
    loaders.costCentresByOrganisation.load({ parentId: organisation.code, page: pageOf(costCentresByCode, args) }),
};
