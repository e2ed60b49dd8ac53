import { entityStub } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { casesNewestFirst, type ContactsLoaders } from '../loaders.js';

// Person is owned by the people subgraph; this one adds the cases assigned to them.
// A malformed id cannot be a person and must not reach a uuid column: null, as the owner answers.
export const Person: Resolvers<ContactsLoaders>['Person'] = {
  __resolveReference: entityStub,
  casesAssigned: (person: { id: string }, args: PageArgs, { loaders }) =>
    loaders.casesByAssignee.load({ parentId: person.id.toLowerCase(), page: pageOf(casesNewestFirst, args) }),
};
