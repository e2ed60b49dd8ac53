import { entityStub, type EntityStub } from '../../kit/ids.js';
import { pageOf, withinOrganisation, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { ordersNewestFirst, type ProcurementLoaders } from '../loaders.js';

// Person belongs to the people subgraph; procurement only adds the orders a person raised.
export const Person: Resolvers<ProcurementLoaders>['Person'] = {
  __resolveReference: entityStub,
  ordersRaised: async (person: EntityStub, args: PageArgs, { loaders }) =>
    withinOrganisation(
      await loaders.ordersByRequester.load({ parentId: person.id, page: pageOf(ordersNewestFirst, args) }),
      person.organisationCode,
    ),
};
