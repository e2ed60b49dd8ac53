import { loadReference } from '../../kit/ids.js';
import { money } from '../../kit/money.js';
import type { PersonResolvers } from '../generated/resolvers.js';

export const Person: PersonResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.personById, reference.id),
  organisation: (person, _args, { loaders }) => loaders.organisationByCode.load(person.organisationCode),
  orgUnit: (person, _args, { loaders }) => loaders.orgUnitById.load(person.orgUnitId),
  position: (person, _args, { loaders }) => (person.positionId ? loaders.positionById.load(person.positionId) : null),
  grade: (person, _args, { loaders }) => (person.gradeId ? loaders.gradeById.load(person.gradeId) : null),
  manager: (person, _args, { loaders }) => (person.managerId ? loaders.personById.load(person.managerId) : null),
  displayName: (person) => `${person.givenName} ${person.familyName}`,
  salary: (person) => money(person.salaryPence),
  homeAddress: (person) => ({ line1: person.homeAddressLine1, town: person.homeTown, postcode: person.homePostcode }),
};
