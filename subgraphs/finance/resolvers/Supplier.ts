import { entityStub } from '../../kit/ids.js';
import { money } from '../../kit/money.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { paymentsNewestFirst, type FinanceLoaders } from '../loaders.js';

// Supplier belongs to the procurement subgraph; finance adds what was paid to it.
export const Supplier: Resolvers<FinanceLoaders>['Supplier'] = {
  __resolveReference: entityStub,
  payments: (supplier: { id: string }, args: PageArgs, { loaders }) =>
    loaders.paymentsBySupplier.load({ parentId: supplier.id, page: pageOf(paymentsNewestFirst, args) }),
  totalSpend: async (supplier: { id: string }, _args, { loaders }) => money(await loaders.totalSpendBySupplier.load(supplier.id)),
};
