import { entityStub } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import { pageOf } from '../../../platform/pagination.js';
import type { SupplierResolvers } from '../generated/resolvers.js';
import { paymentsNewestFirst } from '../loaders.js';

// Supplier belongs to the procurement subgraph; finance adds what was paid to it.
export const Supplier: SupplierResolvers = {
  __resolveReference: entityStub,
  payments: (supplier, args, { loaders }) => loaders.paymentsBySupplier.load({ parentId: supplier.id, page: pageOf(paymentsNewestFirst, args) }),
  totalSpend: async (supplier, _args, { loaders }) => money(await loaders.totalSpendBySupplier.load(supplier.id)),
};
