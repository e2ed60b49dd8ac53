import { referenceTo } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import type { OrganisationSpendResolvers, SupplierSpendResolvers } from '../generated/resolvers.js';

export const SupplierSpend: SupplierSpendResolvers = {
  supplier: (row) => referenceTo(row.supplierId),
  total: (row) => money(row.totalPence),
};

export const OrganisationSpend: OrganisationSpendResolvers = {
  organisation: (row) => ({ code: row.organisationCode }),
  total: (row) => money(row.totalPence),
};
