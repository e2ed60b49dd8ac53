import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { casesNewestFirst, type ContactsLoaders } from '../loaders.js';

// Organisation is owned by the people subgraph (which validates the code); this one adds its contact cases.
export const Organisation: Resolvers<ContactsLoaders>['Organisation'] = {
  __resolveReference: (reference: { code: string }) => ({ code: reference.code }),
  contactCases: (organisation: { code: string }, args: PageArgs, { loaders }) =>
    loaders.casesByOrganisation.load({ parentId: organisation.code, page: pageOf(casesNewestFirst, args) }),
};
