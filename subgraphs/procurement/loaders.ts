// Per-request DataLoaders of the procurement subgraph: one statement per entity type per batch.
import { and, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import type { SubgraphContext } from '../../platform/context.js';
import type { Database } from '../../platform/database.js';
import { pagesOf, pagesOfChildren, rowsByKey, rowsByParent } from '../../platform/loaders.js';
import { afterCursor, groupRankedRows, orderBy, pageOfRows, type Ordering, type Page } from '../../platform/pagination.js';
import {
  contract,
  contractBuyer,
  contractSupplier,
  purchaseOrder,
  purchaseOrderLine,
  supplier,
  type ContractRow,
  type PurchaseOrderRow,
  type SupplierRow,
} from '../../drizzle/procurement.js';
import { procurementReports } from './reports.js';

export const suppliersByName: Ordering<SupplierRow> = {
  name: 'suppliers-by-name',
  direction: 'asc',
  keys: [
    { column: supplier.name, kind: 'text', of: (row) => row.name },
    { column: supplier.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export const contractsByEndDate: Ordering<ContractRow> = {
  name: 'contracts-by-end-date',
  direction: 'asc',
  keys: [
    { column: contract.endDate, kind: 'date', of: (row) => row.endDate },
    { column: contract.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export const ordersNewestFirst: Ordering<PurchaseOrderRow> = {
  name: 'purchase-orders-newest-first',
  direction: 'desc',
  keys: [
    { column: purchaseOrder.raisedAt, kind: 'timestamp', of: (row) => row.raisedAt },
    { column: purchaseOrder.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export function createLoaders(db: Database) {
  return {
    supplierList: (page: Page) => pageOfRows(db, supplier, suppliersByName, page),
    contractRegister: (page: Page) => pageOfRows(db, contract, contractsByEndDate, page),
    supplierById: rowsByKey(db, supplier, supplier.id, (row) => row.id),
    contractById: rowsByKey(db, contract, contract.id, (row) => row.id),
    purchaseOrderById: rowsByKey(db, purchaseOrder, purchaseOrder.id, (row) => row.id),
    buyersByContract: rowsByParent(
      (contractIds) =>
        db
          .select()
          .from(contractBuyer)
          .where(inArray(contractBuyer.contractId, [...contractIds]))
          .orderBy(contractBuyer.organisationCode),
      (row) => row.contractId,
    ),
    suppliersByContract: rowsByParent(
      (contractIds) =>
        db
          .select({ ...getTableColumns(supplier), contractId: contractSupplier.contractId })
          .from(supplier)
          .innerJoin(contractSupplier, eq(contractSupplier.supplierId, supplier.id))
          .where(inArray(contractSupplier.contractId, [...contractIds]))
          .orderBy(supplier.name, supplier.id),
      (row) => row.contractId,
    ),
    contractsBySupplier: rowsByParent(
      (supplierIds) =>
        db
          .select({ ...getTableColumns(contract), supplierId: contractSupplier.supplierId })
          .from(contract)
          .innerJoin(contractSupplier, eq(contractSupplier.contractId, contract.id))
          .where(inArray(contractSupplier.supplierId, [...supplierIds]))
          .orderBy(...orderBy(contractsByEndDate)),
      (row) => row.supplierId,
    ),
    linesByPurchaseOrder: rowsByParent(
      (orderIds) =>
        db
          .select()
          .from(purchaseOrderLine)
          .where(inArray(purchaseOrderLine.purchaseOrderId, [...orderIds]))
          .orderBy(purchaseOrderLine.lineNumber),
      (row) => row.purchaseOrderId,
    ),
    ordersByOrganisation: pagesOfChildren(db, purchaseOrder, purchaseOrder.organisationCode, ordersNewestFirst),
    ordersByRequester: pagesOfChildren(db, purchaseOrder, purchaseOrder.requesterPersonId, ordersNewestFirst),
    ordersByCostCentre: pagesOfChildren(db, purchaseOrder, purchaseOrder.costCentreId, ordersNewestFirst),
    // The buyer lives in the join table, so the platform's single-table pager does not fit.
    contractsByBuyer: pagesOf((codes, page) => contractsOfBuyers(db, codes, page), contractsByEndDate),
    reports: procurementReports(db),
  };
}

export type ProcurementLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives as context. */
export type Context = SubgraphContext<ProcurementLoaders>;

/** Each buyer's contracts ranked in order and cut at `first + 1`, in one statement. */
async function contractsOfBuyers(db: Database, organisationCodes: string[], page: Page): Promise<Map<string, ContractRow[]>> {
  const ranked = db
    .select({
      ...getTableColumns(contract),
      buyerCode: contractBuyer.organisationCode,
      pageRank: sql<number>`row_number() over (partition by ${contractBuyer.organisationCode} order by ${sql.join(orderBy(contractsByEndDate), sql`, `)})`.as(
        'page_rank',
      ),
    })
    .from(contract)
    .innerJoin(contractBuyer, eq(contractBuyer.contractId, contract.id))
    .where(and(inArray(contractBuyer.organisationCode, organisationCodes), afterCursor(contractsByEndDate, page)))
    .as('ranked');
  const rows = await db
    .select()
    .from(ranked)
    .where(lte(ranked.pageRank, page.first + 1))
    .orderBy(ranked.pageRank);
  return groupRankedRows(rows, 'buyerCode', false) as Map<string, ContractRow[]>;
}
