import { entityStub } from '../../../platform/ids.js';
import type { PersonResolvers } from '../generated/resolvers.js';

// Person belongs to the people subgraph; finance adds the cost centres a person manages.
export const Person: PersonResolvers = {
  __resolveReference: entityStub,
  costCentresManaged: async (person, _args, { loaders }) =>
    (await loaders.costCentresByManager.load(person.id)).filter((costCentre) => costCentre.organisationCode === person.organisationCode),
};
