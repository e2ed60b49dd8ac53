import { entityStub } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { ordersNewestFirst, type ProcurementLoaders } from '../loaders.js';

// Person belongs to the people subgraph; procurement only adds the orders a person raised.
type PersonReference = { id: string };

export const Person: Resolvers<ProcurementLoaders>['Person'] = {
  __resolveReference: entityStub,
  ordersRaised: (person: PersonReference, args: PageArgs, { loaders }) =>
    loaders.ordersByRequester.load({ parentId: person.id, page: pageOf(ordersNewestFirst, args) }),
};
