import { pageOf } from '../../../platform/pagination.js';
import type { OrganisationResolvers } from '../generated/resolvers.js';
import { casesNewestFirst } from '../loaders.js';

// Organisation is owned by the people subgraph (which validates the code); this one adds its contact cases.
export const Organisation: OrganisationResolvers = {
  __resolveReference: (reference) => ({ code: reference.code }),
  contactCases: (organisation, args, { loaders }) => loaders.casesByOrganisation.load({ parentId: organisation.code, page: pageOf(casesNewestFirst, args) }),
};
