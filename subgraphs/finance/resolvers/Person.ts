import { entityStub } from '../../kit/ids.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { FinanceLoaders } from '../loaders.js';

// Person belongs to the people subgraph; finance adds the cost centres a person manages.
export const Person: Resolvers<FinanceLoaders>['Person'] = {
  __resolveReference: entityStub,
  costCentresManaged: (person: { id: string }, _args, { loaders }) => loaders.costCentresByManager.load(person.id),
};
