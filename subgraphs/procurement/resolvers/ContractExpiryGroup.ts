import { money } from '../../../platform/money.js';
import type { ContractExpiryGroupResolvers } from '../generated/resolvers.js';

export const ContractExpiryGroup: ContractExpiryGroupResolvers = {
  value: (group) => money(group.valuePence),
};
