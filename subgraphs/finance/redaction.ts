// Some police payees are sensitive: the spend data is published with the payee
// withheld. Only the police force's own finance staff, with a stated purpose, see them.
import { mayReadRow, type Access, type Viewer } from '../kit/policy.js';
import { ownedByOrganisation } from '../kit/shield.js';
import type { PaymentRow } from '../../drizzle/finance.js';

export const REDACTED_PAYEE = 'Redacted';

const SENSITIVE_PAYEE: Access = { marking: 'POLICE', scopes: ['finance'] };

export function payeeWithheldFrom(viewer: Viewer, payment: PaymentRow): boolean {
  return payment.sensitivePayee && !mayReadRow(viewer, SENSITIVE_PAYEE, ownedByOrganisation(payment)).allow;
}
