import { money } from '../../../platform/money.js';
import type { PayChangeResolvers } from '../generated/resolvers.js';

export const PayChange: PayChangeResolvers = {
  annualSalary: (change) => money(change.annualSalaryPence),
  recordedAt: (change) => change.recordedAt.toISOString(),
};
