import { loadReference } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import type { GradeResolvers } from '../generated/resolvers.js';

export const Grade: GradeResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.gradeById, reference.id),
  organisation: (grade, _args, { loaders }) => loaders.organisationByCode.load(grade.organisationCode),
  minimumSalary: (grade) => money(grade.minSalaryPence),
  maximumSalary: (grade) => money(grade.maxSalaryPence),
};
