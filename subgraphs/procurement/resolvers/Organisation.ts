import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { contractsByEndDate, type ProcurementLoaders } from '../loaders.js';

// Organisation belongs to the people subgraph, which validates the code; procurement adds the contracts it buys.
type OrganisationReference = { code: string };

export const Organisation: Resolvers<ProcurementLoaders>['Organisation'] = {
  __resolveReference: (reference: OrganisationReference) => ({ code: reference.code }),
  contracts: (organisation: OrganisationReference, args: PageArgs, { loaders }) =>
    loaders.contractsByBuyer.load({ parentId: organisation.code, page: pageOf(contractsByEndDate, args) }),
};
