import { loadReference, referenceTo } from '../../../platform/ids.js';
import { money } from '../../../platform/money.js';
import type { PurchaseOrderResolvers } from '../generated/resolvers.js';
export const PurchaseOrder: PurchaseOrderResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.purchaseOrderById, reference.id),
  organisation: (order) => ({ code: order.organisationCode }),
  requester: (order) => referenceTo(order.requesterPersonId),
  approver: (order) => (order.approverPersonId ? referenceTo(order.approverPersonId) : null),
  costCentre: (order) => referenceTo(order.costCentreId),
  supplier: (order, _args, { loaders }) => loaders.supplierById.load(order.supplierId),
  contract: (order, _args, { loaders }) => (order.contractId ? loaders.contractById.load(order.contractId) : null),
  total: (order) => money(order.totalPence),
  raisedAt: (order) => order.raisedAt.toISOString(),
  lines: (order, _args, { loaders }) => loaders.linesByPurchaseOrder.load(order.id),
};
