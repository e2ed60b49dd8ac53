// The case status state machine: which moves are allowed from each status.
import type { ContactCaseRow } from '../../drizzle/contacts.js';

type CaseStatus = ContactCaseRow['status'];

export const ALLOWED_MOVES: Record<CaseStatus, readonly CaseStatus[]> = {
  OPEN: ['IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED'],
  IN_PROGRESS: ['AWAITING_CUSTOMER', 'RESOLVED'],
  AWAITING_CUSTOMER: ['IN_PROGRESS', 'RESOLVED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: [],
};

/** Why a move is illegal, naming the allowed ones; null when it is allowed. */
export function illegalMove(from: CaseStatus, to: CaseStatus): string | null {
  const allowed = ALLOWED_MOVES[from];
  if (allowed.includes(to)) return null;
  return allowed.length === 0
    ? `A ${from} case cannot be moved: ${from} is final`
    : `A ${from} case cannot move to ${to}; it can move to ${allowed.join(', ')}`;
}
