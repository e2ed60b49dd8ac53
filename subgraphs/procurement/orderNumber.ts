// Order numbers of new purchase orders: ten digits starting 45, as SAP numbers them (and
// as the seeded orders are), one more than the highest issued so far.
import { sql } from 'drizzle-orm';
import { purchaseOrder } from '../../drizzle/procurement.js';
import type { Database } from '../../platform/database.js';

export const FIRST_ORDER_NUMBER = 4_500_000_001n;

/**
 * The next free order number. No sequence, as for case references: a lock held until the
 * transaction ends serialises raisers; holding it, the highest number so far is read (a
 * new statement sees every order committed before). Every order is visible to the
 * application role, so the highest is never hidden; a rolled-back order gives its number back.
 */
export async function nextOrderNumber(db: Database): Promise<string> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('procurement.purchase_order.order_number'))`);
  // All numbers have ten digits, so the highest string (the unique index's last entry) is the highest number.
  const [highest] = await db.select({ orderNumber: sql<string | null>`max(${purchaseOrder.orderNumber})` }).from(purchaseOrder);
  return String(highest?.orderNumber ? BigInt(highest.orderNumber) + 1n : FIRST_ORDER_NUMBER);
}
