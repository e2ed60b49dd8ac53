import { loadReference } from '../../../platform/ids.js';
import type { SupplierResolvers } from '../generated/resolvers.js';

export const Supplier: SupplierResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.supplierById, reference.id),
  contracts: (supplier, _args, { loaders }) => loaders.contractsBySupplier.load(supplier.id),
};
