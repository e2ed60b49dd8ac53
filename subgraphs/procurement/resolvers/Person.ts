import { entityStub } from '../../../platform/ids.js';
import { pageOf, withinOrganisation } from '../../../platform/pagination.js';
import type { PersonResolvers } from '../generated/resolvers.js';
import { ordersNewestFirst } from '../loaders.js';

// Person belongs to the people subgraph; procurement only adds the orders a person raised.
export const Person: PersonResolvers = {
  __resolveReference: entityStub,
  ordersRaised: async (person, args, { loaders }) =>
    withinOrganisation(await loaders.ordersByRequester.load({ parentId: person.id, page: pageOf(ordersNewestFirst, args) }), person.organisationCode),
};
