import { money } from '../../kit/money.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { PurchaseOrderLineRow } from '../../../drizzle/procurement.js';
import type { ProcurementLoaders } from '../loaders.js';

export const PurchaseOrderLine: Resolvers<ProcurementLoaders>['PurchaseOrderLine'] = {
  unitPrice: (line: PurchaseOrderLineRow) => money(line.unitPricePence),
  // In BigInt so the product stays exact however large the line.
  lineTotal: (line: PurchaseOrderLineRow) => money(BigInt(line.quantity) * BigInt(line.unitPricePence)),
};
