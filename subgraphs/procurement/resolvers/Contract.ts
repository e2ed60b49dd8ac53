import { loadReference } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import type { ContractResolvers } from '../generated/resolvers.js';

export const Contract: ContractResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.contractById, reference.id),
  // money() is null only for a null amount, and the value column is not null.
  value: (contract) => money(contract.valuePence),
  // Buyers are organisations: the people subgraph resolves them from their code.
  buyers: async (contract, _args, { loaders }) => (await loaders.buyersByContract.load(contract.id)).map((buyer) => ({ code: buyer.organisationCode })),
  suppliers: (contract, _args, { loaders }) => loaders.suppliersByContract.load(contract.id),
};
