import { loadReference } from '../../kit/ids.js';
import { money } from '../../kit/money.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { PersonRow } from '../../../drizzle/people.js';
import type { PeopleLoaders } from '../loaders.js';

export const Person: Resolvers<PeopleLoaders>['Person'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.personById, reference.id),
  organisation: (person: PersonRow, _args, { loaders }) => loaders.organisationByCode.load(person.organisationCode),
  orgUnit: (person: PersonRow, _args, { loaders }) => loaders.orgUnitById.load(person.orgUnitId),
  position: (person: PersonRow, _args, { loaders }) => (person.positionId ? loaders.positionById.load(person.positionId) : null),
  grade: (person: PersonRow, _args, { loaders }) => (person.gradeId ? loaders.gradeById.load(person.gradeId) : null),
  manager: (person: PersonRow, _args, { loaders }) => (person.managerId ? loaders.personById.load(person.managerId) : null),
  displayName: (person: PersonRow) => `${person.givenName} ${person.familyName}`,
  salary: (person: PersonRow) => money(person.salaryPence),
  homeAddress: (person: PersonRow) => ({ line1: person.homeAddressLine1, town: person.homeTown, postcode: person.homePostcode }),
};
