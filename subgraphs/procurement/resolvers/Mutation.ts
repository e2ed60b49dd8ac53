import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import {
  approvalDelegation,
  contract,
  contractBuyer,
  contractSupplier,
  procurementIdempotencyKey,
  purchaseOrder,
  purchaseOrderLine,
  supplier,
  type PurchaseOrderRow,
} from '../../../drizzle/procurement.js';
import type { Database } from '../../../platform/database.js';
import { isUuid } from '../../../platform/ids.js';
import { penceToDecimal } from '../../../platform/money.js';
import {
  amountInput,
  conflict,
  idempotencyKeyInput,
  idempotently,
  invalidField,
  invalidFields,
  mayWriteRow,
  uuidInput,
  validated,
  versionInput,
} from '../../../platform/mutations.js';
import { registeredOrganisation } from '../../../platform/organisations.js';
import type { Peers } from '../../../platform/peers.js';
import type { Viewer } from '../../../platform/policy.js';
import { forbidden, ownedByOrganisation } from '../../../platform/shield.js';
import type { MutationResolvers } from '../generated/resolvers.js';
import { nextOrderNumber } from '../orderNumber.js';
import { illegalMove, type OrderStatus } from '../orderStatus.js';

// The documented limits (SDL): anything beyond them is a typing slip, not an order.
const MAX_LINES = 100;
const MAX_QUANTITY = 100_000;
const MAX_UNIT_PRICE_PENCE = 1_000_000_00;
const MAX_ORDER_TOTAL_PENCE = 10_000_000_00;

const LineInput = z.object({
  description: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  quantity: z.number().int().min(1, 'must be at least 1').max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
  unitPrice: amountInput(MAX_UNIT_PRICE_PENCE),
});

const RaisePurchaseOrderInput = z
  .object({
    costCentreId: uuidInput,
    supplierId: uuidInput,
    contractId: uuidInput.nullish(),
    lines: z.array(LineInput).min(1, 'must have at least one line').max(MAX_LINES, `must have at most ${MAX_LINES} lines`),
    idempotencyKey: idempotencyKeyInput,
  })
  .superRefine((order, context) => {
    if (orderTotal(order.lines) > MAX_ORDER_TOTAL_PENCE) {
      context.addIssue({ code: 'custom', path: ['lines'], message: `the order's total must be at most ${penceToDecimal(MAX_ORDER_TOTAL_PENCE)}` });
    }
  });

const OrderChangeInput = z.object({ orderId: uuidInput, version: versionInput });
const RejectPurchaseOrderInput = OrderChangeInput.extend({
  reason: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
});

function orderTotal(lines: readonly { quantity: number; unitPrice: number }[]): number {
  return lines.reduce((total, line) => total + line.quantity * line.unitPrice, 0);
}

// An order the viewer may not change is answered as unknown: a police order's existence is not a council's to learn.
const unknownOrder = () => invalidField('input.orderId', 'no purchase order you may change has this id');

/** Orders are of an organisation whose OFFICIAL rows the viewer may read: the same rule as reading them. */
const mayChange = (viewer: Viewer, organisationCode: string) => mayWriteRow(viewer, 'OFFICIAL', ownedByOrganisation({ organisationCode }));

/** The viewer as a person (requester, approver): a service account or a subject that names no person raises and decides nothing. */
function actingPerson(viewer: Viewer): string {
  if (viewer.kind === 'user' && isUuid(viewer.subject)) return viewer.subject.toLowerCase();
  throw new GraphQLError('Only a member of staff with a person record may raise or decide purchase orders', { extensions: { code: 'FORBIDDEN' } });
}

/**
 * The organisation of the cost centre, asking the finance subgraph as the viewer
 * (procurement never reads finance's tables): null when the viewer may not read the
 * cost centre or its organisation there, or may not order for that organisation.
 */
async function orderingOrganisation(peers: Peers, viewer: Viewer, costCentreId: string): Promise<string | null> {
  const [costCentre] = await peers.entities<{ organisation: { code: string } | null }>('finance', 'CostCentre', 'id organisation { code }', [
    { id: costCentreId },
  ]);
  const code = costCentre?.organisation?.code;
  return code && mayChange(viewer, code) ? code : null;
}

/** The references of a new order, each checked; every bad one is named. Returns the order's organisation. */
async function checkedReferences(
  db: Database,
  organisation: string | null,
  order: Omit<z.infer<typeof RaisePurchaseOrderInput>, 'idempotencyKey'>,
): Promise<string> {
  const bad: { field: string; message: string }[] = [];
  if (!organisation) bad.push({ field: 'input.costCentreId', message: 'no cost centre of an organisation you order for has this id' });
  const [known] = await db.select({ id: supplier.id }).from(supplier).where(eq(supplier.id, order.supplierId));
  if (!known) bad.push({ field: 'input.supplierId', message: 'no supplier has this id' });
  if (order.contractId && organisation && known) {
    const [called] = await db
      .select({ status: contract.status })
      .from(contract)
      .innerJoin(contractBuyer, and(eq(contractBuyer.contractId, contract.id), eq(contractBuyer.organisationCode, organisation)))
      .innerJoin(contractSupplier, and(eq(contractSupplier.contractId, contract.id), eq(contractSupplier.supplierId, known.id)))
      .where(eq(contract.id, order.contractId));
    if (!called) bad.push({ field: 'input.contractId', message: "no contract let by the cost centre's organisation with this supplier has this id" });
    else if (called.status !== 'ACTIVE') bad.push({ field: 'input.contractId', message: `the contract is ${called.status}, not ACTIVE` });
  }
  if (bad.length > 0) throw invalidFields(bad);
  return organisation!;
}

/**
 * The order to move, locked until commit (a concurrent change waits, then sees the new
 * version), after the checks every change makes: the viewer may change it, the version
 * is current, and the move is allowed.
 */
async function orderToMove(db: Database, viewer: Viewer, change: { orderId: string; version: number }, to: OrderStatus): Promise<PurchaseOrderRow> {
  const [current] = await db.select().from(purchaseOrder).where(eq(purchaseOrder.id, change.orderId)).for('update');
  if (!current || !mayChange(viewer, current.organisationCode)) throw unknownOrder();
  if (current.version !== change.version) throw conflict('The purchase order', current.version);
  const illegal = illegalMove(current.status, to);
  if (illegal) throw invalidField('input.orderId', illegal);
  return current;
}

/** The approver, if they hold delegated authority for this order: never its requester, and only up to their limit. */
async function decidingPerson(db: Database, viewer: Viewer, order: PurchaseOrderRow): Promise<string> {
  const person = actingPerson(viewer);
  if (person === order.requesterPersonId) {
    throw forbidden('You raised this order: someone else with delegated authority must approve or reject it');
  }
  const organisation = registeredOrganisation(order.organisationCode)?.name ?? order.organisationCode;
  const [delegation] = await db
    .select({ limitPence: approvalDelegation.limitPence })
    .from(approvalDelegation)
    .where(and(eq(approvalDelegation.personId, person), eq(approvalDelegation.organisationCode, order.organisationCode)));
  if (!delegation) throw forbidden(`You hold no delegated authority to approve or reject orders of ${organisation}`);
  if (order.totalPence > delegation.limitPence) {
    throw forbidden(
      `This order's total (${penceToDecimal(order.totalPence)}) is above your delegated limit for ${organisation} (${penceToDecimal(delegation.limitPence)})`,
    );
  }
  return person;
}

/** Moves the order on and bumps its version; the version guard is belt and braces under the row lock. */
async function move(db: Database, order: PurchaseOrderRow, to: OrderStatus, changes: Partial<PurchaseOrderRow> = {}): Promise<void> {
  await db
    .update(purchaseOrder)
    .set({ ...changes, status: to, version: order.version + 1, updatedAt: new Date() })
    .where(and(eq(purchaseOrder.id, order.id), eq(purchaseOrder.version, order.version)));
}

/** A mutation that makes one move, with no more to it than the checks every change makes. */
function plainMove(to: OrderStatus): NonNullable<MutationResolvers['submitPurchaseOrder']> {
  return async (_parent, { input }, { viewer, write, loaders }) => {
    const change = validated(OrderChangeInput, input);
    await write(async (db) => move(db, await orderToMove(db, viewer, change, to), to));
    return loaders.purchaseOrderById.clear(change.orderId).load(change.orderId);
  };
}

export const Mutation: MutationResolvers = {
  raisePurchaseOrder: async (_parent, { input }, { viewer, write, loaders, peers }) => {
    const { idempotencyKey: key, ...order } = validated(RaisePurchaseOrderInput, input);
    const requester = actingPerson(viewer);
    // Asked before the transaction opens, so no transaction waits on another service;
    // when finance cannot be reached, nothing is written.
    const costCentreOrganisation = await orderingOrganisation(peers, viewer, order.costCentreId);
    const id = await write((db) =>
      idempotently(db, { table: procurementIdempotencyKey, viewer, key, operation: 'raisePurchaseOrder', input: order }, async (orderId) => {
        const organisationCode = await checkedReferences(db, costCentreOrganisation, order);
        const raisedAt = new Date();
        await db.insert(purchaseOrder).values({
          id: orderId,
          orderNumber: await nextOrderNumber(db),
          organisationCode,
          requesterPersonId: requester,
          costCentreId: order.costCentreId,
          supplierId: order.supplierId,
          contractId: order.contractId ?? null,
          status: 'DRAFT',
          totalPence: orderTotal(order.lines),
          raisedAt,
          version: 1,
          updatedAt: raisedAt,
        });
        await db.insert(purchaseOrderLine).values(
          order.lines.map((line, index) => ({
            id: randomUUID(),
            purchaseOrderId: orderId,
            lineNumber: index + 1,
            description: line.description,
            quantity: line.quantity,
            unitPricePence: line.unitPrice,
          })),
        );
      }),
    );
    return loaders.purchaseOrderById.clear(id).load(id);
  },

  submitPurchaseOrder: plainMove('SUBMITTED'),

  approvePurchaseOrder: async (_parent, { input }, { viewer, write, loaders }) => {
    const change = validated(OrderChangeInput, input);
    await write(async (db) => {
      const order = await orderToMove(db, viewer, change, 'APPROVED');
      await move(db, order, 'APPROVED', { approverPersonId: await decidingPerson(db, viewer, order) });
    });
    return loaders.purchaseOrderById.clear(change.orderId).load(change.orderId);
  },

  rejectPurchaseOrder: async (_parent, { input }, { viewer, write, loaders }) => {
    const { reason, ...change } = validated(RejectPurchaseOrderInput, input);
    await write(async (db) => {
      const order = await orderToMove(db, viewer, change, 'REJECTED');
      await move(db, order, 'REJECTED', { approverPersonId: await decidingPerson(db, viewer, order), rejectionReason: reason });
    });
    return loaders.purchaseOrderById.clear(change.orderId).load(change.orderId);
  },

  receiptPurchaseOrder: plainMove('RECEIPTED'),

  cancelPurchaseOrder: plainMove('CANCELLED'),
};
