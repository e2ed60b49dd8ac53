// Tables owned by the procurement subgraph, in the `procurement` PostgreSQL schema.
// Organisations, people and cost centres are plain references to other subgraphs.
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idempotencyTable } from './idempotency.js';

export const procurement = pgSchema('procurement');

export const contractStatus = procurement.enum('contract_status', ['PLANNED', 'TENDER', 'ACTIVE', 'COMPLETE', 'CANCELLED']);
export const procurementMethod = procurement.enum('procurement_method', ['OPEN', 'SELECTIVE', 'LIMITED', 'DIRECT']);
export const contractCategory = procurement.enum('contract_category', ['GOODS', 'SERVICES', 'WORKS']);
export const purchaseOrderStatus = procurement.enum('purchase_order_status', ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'RECEIPTED', 'CANCELLED']);

export const supplier = procurement.table(
  'supplier',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    companiesHouseNumber: text('companies_house_number'),
    sme: boolean('sme').notNull(),
    vcse: boolean('vcse').notNull(),
    postcode: text('postcode').notNull(),
  },
  (t) => [index('supplier_name_idx').on(t.name, t.id)],
);

export const contract = procurement.table(
  'contract',
  {
    id: uuid('id').primaryKey(),
    ocid: text('ocid').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: contractStatus('status').notNull(),
    procurementMethod: procurementMethod('procurement_method').notNull(),
    category: contractCategory('category').notNull(),
    valuePence: bigint('value_pence', { mode: 'number' }).notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
  },
  (t) => [index('contract_end_date_idx').on(t.endDate, t.id), index('contract_start_date_idx').on(t.startDate, t.id)],
);

/** A contract's buyers: several organisations when procured jointly. */
export const contractBuyer = procurement.table(
  'contract_buyer',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contract.id),
    organisationCode: text('organisation_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.organisationCode] }), index('contract_buyer_organisation_idx').on(t.organisationCode)],
);

export const contractSupplier = procurement.table(
  'contract_supplier',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contract.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => supplier.id),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.supplierId] }), index('contract_supplier_supplier_idx').on(t.supplierId)],
);

/**
 * The OCDS releases a contract was imported from (importer/contracts.ts): a release is
 * applied once, by its ocid and release id, and only a release dated no earlier than the
 * latest one applied changes the contract.
 */
export const contractRelease = procurement.table(
  'contract_release',
  {
    ocid: text('ocid').notNull(),
    releaseId: text('release_id').notNull(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contract.id),
    releaseDate: timestamp('release_date', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    // The organisation whose data administrator imported it.
    organisationCode: text('organisation_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ocid, t.releaseId] }), index('contract_release_contract_idx').on(t.contractId, t.releaseDate)],
);

export const purchaseOrder = procurement.table(
  'purchase_order',
  {
    id: uuid('id').primaryKey(),
    orderNumber: text('order_number').notNull().unique(),
    organisationCode: text('organisation_code').notNull(),
    requesterPersonId: uuid('requester_person_id').notNull(),
    approverPersonId: uuid('approver_person_id'),
    costCentreId: uuid('cost_centre_id').notNull(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => supplier.id),
    contractId: uuid('contract_id').references(() => contract.id),
    status: purchaseOrderStatus('status').notNull(),
    // Why the approver rejected the order; null unless REJECTED.
    rejectionReason: text('rejection_reason'),
    // Sum of the lines, kept with the order so listings need no aggregate.
    totalPence: bigint('total_pence', { mode: 'number' }).notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [
    index('purchase_order_organisation_raised_idx').on(t.organisationCode, t.raisedAt, t.id),
    index('purchase_order_requester_raised_idx').on(t.requesterPersonId, t.raisedAt, t.id),
    index('purchase_order_cost_centre_raised_idx').on(t.costCentreId, t.raisedAt, t.id),
    index('purchase_order_supplier_raised_idx').on(t.supplierId, t.raisedAt, t.id),
    index('purchase_order_contract_idx').on(t.contractId),
    index('purchase_order_approver_idx').on(t.approverPersonId),
  ],
);

export const purchaseOrderLine = procurement.table(
  'purchase_order_line',
  {
    id: uuid('id').primaryKey(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => purchaseOrder.id),
    lineNumber: integer('line_number').notNull(),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unitPricePence: bigint('unit_price_pence', { mode: 'number' }).notNull(),
  },
  (t) => [index('purchase_order_line_order_idx').on(t.purchaseOrderId, t.lineNumber)],
);

/**
 * Delegated authority to approve purchase orders: who (a person) may approve or reject
 * orders of which organisation, up to which total. One delegation per person and
 * organisation; an order above the limit needs someone with a higher one.
 */
export const approvalDelegation = procurement.table(
  'approval_delegation',
  {
    personId: uuid('person_id').notNull(),
    organisationCode: text('organisation_code').notNull(),
    // The highest order total, in pence, the person may approve for the organisation.
    limitPence: bigint('limit_pence', { mode: 'number' }).notNull(),
    // Why the person holds it, as the scheme of delegation says (for example "Budget holder").
    basis: text('basis').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.organisationCode] })],
);

/** Creates already done (drizzle/idempotency.ts); named for its schema, as contacts has one too. */
export const procurementIdempotencyKey = idempotencyTable(procurement);

export type SupplierRow = typeof supplier.$inferSelect;
export type ContractRow = typeof contract.$inferSelect;
export type ContractReleaseRow = typeof contractRelease.$inferSelect;
export type PurchaseOrderRow = typeof purchaseOrder.$inferSelect;
export type PurchaseOrderLineRow = typeof purchaseOrderLine.$inferSelect;
