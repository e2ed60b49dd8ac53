// Some police payees are sensitive: the spend data is published with the payee
// withheld. Only the police force's own finance staff, with a stated purpose, see them.
import { eq, or, type SQL } from 'drizzle-orm';
import { mayReadRow, type Access, type Viewer } from '../kit/policy.js';
import { ownedByOrganisation } from '../kit/shield.js';
import { payment, type PaymentRow } from '../../drizzle/finance.js';

export const REDACTED_PAYEE = 'Redacted';

const SENSITIVE_PAYEE: Access = { marking: 'POLICE', scopes: ['finance'] };

export function payeeWithheldFrom(viewer: Viewer, row: Pick<PaymentRow, 'organisationCode' | 'sensitivePayee'>): boolean {
  return row.sensitivePayee && !mayReadRow(viewer, SENSITIVE_PAYEE, ownedByOrganisation(row)).allow;
}

/**
 * Payments a viewer may count against a supplier. A withheld payee stays withheld
 * when the list is reached from the supplier's side (its payments, its total spend):
 * those payments are left out, except for the force's own finance staff with a purpose.
 */
export function paymentsAttributableBy(viewer: Viewer): SQL | undefined {
  if (viewer.kind === 'user') {
    const own = viewer.organisation.code;
    if (!payeeWithheldFrom(viewer, { organisationCode: own, sensitivePayee: true })) {
      return or(eq(payment.sensitivePayee, false), eq(payment.organisationCode, own));
    }
  }
  return eq(payment.sensitivePayee, false);
}
