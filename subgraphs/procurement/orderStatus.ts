// The purchase order state machine (documented on the SDL's Mutation type): which moves
// are allowed from each status. Each mutation makes one move.
import type { PurchaseOrderRow } from '../../drizzle/procurement.js';
import { illegalMove as illegalMoveIn, type AllowedMoves } from '../../platform/stateMachine.js';

export type OrderStatus = PurchaseOrderRow['status'];

export const ALLOWED_MOVES: AllowedMoves<OrderStatus> = {
  DRAFT: ['SUBMITTED', 'CANCELLED'],
  SUBMITTED: ['APPROVED', 'REJECTED', 'CANCELLED'],
  APPROVED: ['RECEIPTED', 'CANCELLED'],
  REJECTED: [],
  RECEIPTED: [],
  CANCELLED: [],
};

/** Why a move is illegal, naming the allowed ones; null when it is allowed. */
export function illegalMove(from: OrderStatus, to: OrderStatus): string | null {
  return illegalMoveIn(ALLOWED_MOVES, 'order', from, to);
}
