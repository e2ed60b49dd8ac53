// The case status state machine: which moves are allowed from each status.
import type { ContactCaseRow } from '../../drizzle/contacts.js';
import { illegalMove as illegalMoveIn, type AllowedMoves } from '../../platform/stateMachine.js';

type CaseStatus = ContactCaseRow['status'];

export const ALLOWED_MOVES: AllowedMoves<CaseStatus> = {
  OPEN: ['IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED'],
  IN_PROGRESS: ['AWAITING_CUSTOMER', 'RESOLVED'],
  AWAITING_CUSTOMER: ['IN_PROGRESS', 'RESOLVED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: [],
};

/** Why a move is illegal, naming the allowed ones; null when it is allowed. */
export function illegalMove(from: CaseStatus, to: CaseStatus): string | null {
  return illegalMoveIn(ALLOWED_MOVES, 'case', from, to);
}
