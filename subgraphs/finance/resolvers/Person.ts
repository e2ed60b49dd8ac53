import { entityStub, type EntityStub } from '../../kit/ids.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { FinanceLoaders } from '../loaders.js';

// Person belongs to the people subgraph; finance adds the cost centres a person manages.
export const Person: Resolvers<FinanceLoaders>['Person'] = {
  __resolveReference: entityStub,
  costCentresManaged: async (person: EntityStub, _args, { loaders }) =>
    (await loaders.costCentresByManager.load(person.id)).filter((costCentre) => costCentre.organisationCode === person.organisationCode),
};
