import { money } from '../../../platform/money.js';
import type { PurchaseOrderLineResolvers } from '../generated/resolvers.js';

export const PurchaseOrderLine: PurchaseOrderLineResolvers = {
  unitPrice: (line) => money(line.unitPricePence),
  // In BigInt so the product stays exact however large the line.
  lineTotal: (line) => money(BigInt(line.quantity) * BigInt(line.unitPricePence)),
};
