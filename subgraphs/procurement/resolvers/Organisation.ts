import { pageOf } from '../../../platform/pagination.js';
import type { OrganisationResolvers } from '../generated/resolvers.js';
import { contractsByEndDate } from '../loaders.js';

// Organisation belongs to the people subgraph, which validates the code; procurement adds the contracts it buys.
export const Organisation: OrganisationResolvers = {
  __resolveReference: (reference) => ({ code: reference.code }),
  contracts: (organisation, args, { loaders }) => loaders.contractsByBuyer.load({ parentId: organisation.code, page: pageOf(contractsByEndDate, args) }),
};
