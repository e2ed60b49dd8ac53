import { todayInUk } from '../../../platform/dates.js';
import { loadReference } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import type { PersonResolvers } from '../generated/resolvers.js';

export const Person: PersonResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.personById, reference.id),
  organisation: (person, _args, { loaders }) => loaders.organisationByCode.load(person.organisationCode),
  orgUnit: (person, _args, { loaders }) => loaders.orgUnitById.load(person.orgUnitId),
  position: (person, _args, { loaders }) => (person.positionId ? loaders.positionById.load(person.positionId) : null),
  grade: (person, _args, { loaders }) => (person.gradeId ? loaders.gradeById.load(person.gradeId) : null),
  manager: (person, _args, { loaders }) => (person.managerId ? loaders.personById.load(person.managerId) : null),
  displayName: (person) => `${person.givenName} ${person.familyName}`,
  salary: async (person, _args, { loaders }) => {
    // The history is latest first: the first change already in effect is today's salary.
    const today = todayInUk();
    const inEffect = (await loaders.payHistoryByPerson.load(person.id)).find((change) => change.effectiveDate <= today);
    return money(inEffect ? inEffect.annualSalaryPence : person.salaryPence);
  },
  payHistory: (person, _args, { loaders }) => loaders.payHistoryByPerson.load(person.id),
  homeAddress: (person) => ({ line1: person.homeAddressLine1, town: person.homeTown, postcode: person.homePostcode }),
};
