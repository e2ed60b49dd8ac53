import { loadReference } from '../../kit/ids.js';
import { money } from '../../kit/money.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { GradeRow } from '../../../drizzle/people.js';
import type { PeopleLoaders } from '../loaders.js';

export const Grade: Resolvers<PeopleLoaders>['Grade'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.gradeById, reference.id),
  organisation: (grade: GradeRow, _args, { loaders }) => loaders.organisationByCode.load(grade.organisationCode),
  minimumSalary: (grade: GradeRow) => money(grade.minSalaryPence),
  maximumSalary: (grade: GradeRow) => money(grade.maxSalaryPence),
};
