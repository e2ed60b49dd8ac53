// Per-request DataLoaders of the procurement subgraph: one statement per entity type per batch.
import DataLoader from 'dataloader';
import { and, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../kit/database.js';
import { pagesOfChildren, rowsByKey, rowsByParent, type PageKey } from '../kit/loaders.js';
import { afterCursor, orderBy, pageOfRows, toConnection, type Connection, type Ordering, type Page } from '../kit/pagination.js';
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
    contractsByBuyer: contractPagesByBuyer(db),
  };
}

export type ProcurementLoaders = ReturnType<typeof createLoaders>;

/**
 * A page of contracts for each buying organisation. The kit's `pagesOfChildren`
 * pages one table by one of its own columns; here the parent (the buyer) lives in
 * the join table, so this is the same batching over a join: one statement per page
 * asked for, whatever the number of organisations.
 */
function contractPagesByBuyer(db: Database): DataLoader<PageKey, Connection<ContractRow>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { page: Page; codes: string[] }>();
      for (const key of keys) {
        const pageKey = JSON.stringify(key.page);
        const group = groups.get(pageKey) ?? { page: key.page, codes: [] };
        group.codes.push(key.parentId);
        groups.set(pageKey, group);
      }
      const results = new Map<string, Map<string, ContractRow[]>>();
      for (const [pageKey, group] of groups) results.set(pageKey, await contractsOfBuyers(db, group.codes, group.page));
      return keys.map((key) =>
        toConnection(contractsByEndDate, key.page, results.get(JSON.stringify(key.page))?.get(key.parentId) ?? []),
      );
    },
    { cacheKeyFn: (key) => `${key.parentId}|${JSON.stringify(key.page)}` },
  );
}

/** Each buyer's contracts ranked in order and cut at `first + 1`, in one statement. */
async function contractsOfBuyers(db: Database, organisationCodes: string[], page: Page): Promise<Map<string, ContractRow[]>> {
  const ranked = db
    .select({
      ...getTableColumns(contract),
      buyerCode: contractBuyer.organisationCode,
      pageRank: sql<number>`row_number() over (partition by ${contractBuyer.organisationCode} order by ${sql.join(
        orderBy(contractsByEndDate),
        sql`, `,
      )})`.as('page_rank'),
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
  const byBuyer = new Map<string, ContractRow[]>();
  for (const { buyerCode, pageRank: _rank, ...row } of rows) {
    const list = byBuyer.get(buyerCode) ?? [];
    list.push(row);
    byBuyer.set(buyerCode, list);
  }
  return byBuyer;
}
