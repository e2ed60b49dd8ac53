import { entityStub, type EntityStub } from '../../kit/ids.js';
import { pageOf, withinOrganisation, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { casesNewestFirst, type ContactsLoaders } from '../loaders.js';

// Person is owned by the people subgraph; this one adds the cases assigned to them.
export const Person: Resolvers<ContactsLoaders>['Person'] = {
  __resolveReference: entityStub,
  casesAssigned: async (person: EntityStub, args: PageArgs, { loaders }) =>
    withinOrganisation(
      await loaders.casesByAssignee.load({ parentId: person.id, page: pageOf(casesNewestFirst, args) }),
      person.organisationCode,
    ),
};
