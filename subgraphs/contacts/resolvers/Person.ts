import { entityStub } from '../../../platform/ids.js';
import { pageOf, withinOrganisation } from '../../../platform/pagination.js';
import type { PersonResolvers } from '../generated/resolvers.js';
import { casesNewestFirst } from '../loaders.js';

// Person is owned by the people subgraph; this one adds the cases assigned to them.
export const Person: PersonResolvers = {
  __resolveReference: entityStub,
  casesAssigned: async (person, args, { loaders }) =>
    withinOrganisation(await loaders.casesByAssignee.load({ parentId: person.id, page: pageOf(casesNewestFirst, args) }), person.organisationCode),
};
