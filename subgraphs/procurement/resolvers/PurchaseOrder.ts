import { loadReference } from '../../kit/ids.js';
import { money } from '../../kit/money.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { PurchaseOrderRow } from '../../../drizzle/procurement.js';
import type { ProcurementLoaders } from '../loaders.js';

export const PurchaseOrder: Resolvers<ProcurementLoaders>['PurchaseOrder'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.purchaseOrderById, reference.id),
  organisation: (order: PurchaseOrderRow) => ({ code: order.organisationCode }),
  requester: (order: PurchaseOrderRow) => ({ id: order.requesterPersonId }),
  approver: (order: PurchaseOrderRow) => (order.approverPersonId ? { id: order.approverPersonId } : null),
  costCentre: (order: PurchaseOrderRow) => ({ id: order.costCentreId }),
  supplier: (order: PurchaseOrderRow, _args, { loaders }) => loaders.supplierById.load(order.supplierId),
  contract: (order: PurchaseOrderRow, _args, { loaders }) => (order.contractId ? loaders.contractById.load(order.contractId) : null),
  total: (order: PurchaseOrderRow) => money(order.totalPence),
  raisedAt: (order: PurchaseOrderRow) => order.raisedAt.toISOString(),
  lines: (order: PurchaseOrderRow, _args, { loaders }) => loaders.linesByPurchaseOrder.load(order.id),
};
