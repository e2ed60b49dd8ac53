import { pageOf } from '../../../platform/pagination.js';
import type { OrganisationResolvers } from '../generated/resolvers.js';
import { costCentresByCode } from '../loaders.js';

// Organisation belongs to the people subgraph (which validates the code); finance adds its cost centres.
export const Organisation: OrganisationResolvers = {
  __resolveReference: (reference) => ({ code: reference.code }),
  costCentres: (organisation, args, { loaders }) =>
    loaders.costCentresByOrganisation.load({ parentId: organisation.code, page: pageOf(costCentresByCode, args) }),
};
