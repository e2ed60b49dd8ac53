import { loadReference } from '../../kit/ids.js';
import { money } from '../../kit/money.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { ContractRow } from '../../../drizzle/procurement.js';
import type { ProcurementLoaders } from '../loaders.js';

export const Contract: Resolvers<ProcurementLoaders>['Contract'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.contractById, reference.id),
  value: (contract: ContractRow) => money(contract.valuePence),
  // Buyers are organisations: the people subgraph resolves them from their code.
  buyers: async (contract: ContractRow, _args, { loaders }) =>
    (await loaders.buyersByContract.load(contract.id)).map((buyer) => ({ code: buyer.organisationCode })),
  suppliers: (contract: ContractRow, _args, { loaders }) => loaders.suppliersByContract.load(contract.id),
};
