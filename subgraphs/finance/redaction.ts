// Some police payees are sensitive: the spend data is published with the payee
// withheld. Who sees them is the marking of Payment.withheldPayeeName in the SDL
// (POLICE, finance: the force's own finance staff, with a stated purpose).
import { eq, or, type SQL } from 'drizzle-orm';
import type { RequestAudit } from '../../platform/audit.js';
import { mayReadRow, type Access, type Viewer } from '../../platform/policy.js';
import { markingOf } from '../../platform/sdl.js';
import { ownedByOrganisation } from '../../platform/shield.js';
import { payment, type PaymentRow } from '../../drizzle/finance.js';

export const REDACTED_PAYEE = 'Redacted';

/** Whoever may read the withheld payee's own field sees it in the published fields too. */
const SENSITIVE_PAYEE: Access = markingOf('finance', 'Payment.withheldPayeeName');

export function payeeWithheldFrom(viewer: Viewer, row: Pick<PaymentRow, 'organisationCode' | 'sensitivePayee'>): boolean {
  return row.sensitivePayee && !mayReadRow(viewer, SENSITIVE_PAYEE, ownedByOrganisation(row)).allow;
}

/**
 * Whether a payment's payee is withheld from this viewer. A sensitive payee shown is
 * police data read, so it is recorded like any POLICE field; the redacted public line
 * (what everyone else sees) is not a refusal worth recording.
 */
export function payeeWithheld(viewer: Viewer, audit: RequestAudit, row: PaymentRow, field: 'beneficiaryName' | 'supplier'): boolean {
  const withheld = payeeWithheldFrom(viewer, row);
  if (row.sensitivePayee && !withheld) audit.read('Payment', row.id, field, SENSITIVE_PAYEE, ownedByOrganisation(row), true);
  return withheld;
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
