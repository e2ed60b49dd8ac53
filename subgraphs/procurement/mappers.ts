// What each GraphQL object type of the procurement subgraph is to its resolvers (their parent and
// return values), for `npm run codegen`; types not listed are the generated shapes.
import { ENTITY_STUB, ORGANISATION_REFERENCE, connectionOf, drizzleRow } from '../../platform/mappers.js';

export default {
  Organisation: ORGANISATION_REFERENCE,
  Person: ENTITY_STUB,
  CostCentre: ENTITY_STUB,
  Supplier: drizzleRow('procurement', 'SupplierRow'),
  Contract: drizzleRow('procurement', 'ContractRow'),
  PurchaseOrder: drizzleRow('procurement', 'PurchaseOrderRow'),
  PurchaseOrderLine: drizzleRow('procurement', 'PurchaseOrderLineRow'),
  SupplierConnection: connectionOf('SupplierRow'),
  ContractConnection: connectionOf('ContractRow'),
  PurchaseOrderConnection: connectionOf('PurchaseOrderRow'),
  ContractExpiryGroup: '../reports.js#ContractExpiryGroupRow',
} satisfies Record<string, string>;
