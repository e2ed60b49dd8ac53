import { loadReference } from '../../kit/ids.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { SupplierRow } from '../../../drizzle/procurement.js';
import type { ProcurementLoaders } from '../loaders.js';

export const Supplier: Resolvers<ProcurementLoaders>['Supplier'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.supplierById, reference.id),
  contracts: (supplier: SupplierRow, _args, { loaders }) => loaders.contractsBySupplier.load(supplier.id),
};
