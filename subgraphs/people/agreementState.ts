// Where an information-sharing agreement stands, as its readers see it: the approvals it
// holds, its status today and whether it is in force (docs/sharing.md).
import type { SharingAgreementRow } from '../../drizzle/people.js';
import { todayInUk } from '../../platform/dates.js';

/** One party's approval of an agreement, as AgreementApproval resolves it. */
export interface Approval {
  organisationCode: string;
  approvedBy: string;
  approvedAt: Date;
}

/** The approvals an agreement holds now, the provider's first. */
export function approvalsOf(agreement: SharingAgreementRow): Approval[] {
  const approvals: Approval[] = [];
  if (agreement.providerApprovedBy && agreement.providerApprovedAt)
    approvals.push({ organisationCode: agreement.providerCode, approvedBy: agreement.providerApprovedBy, approvedAt: agreement.providerApprovedAt });
  if (agreement.recipientApprovedBy && agreement.recipientApprovedAt)
    approvals.push({ organisationCode: agreement.recipientCode, approvedBy: agreement.recipientApprovedBy, approvedAt: agreement.recipientApprovedAt });
  return approvals;
}

/** Its status as readers see it today: an ACTIVE agreement whose last day has passed has ENDED. */
export function statusToday(agreement: SharingAgreementRow, today = todayInUk()): SharingAgreementRow['status'] {
  return agreement.status === 'ACTIVE' && agreement.endsOn < today ? 'ENDED' : agreement.status;
}

/** Whether records shared under it can be read today. */
export function inForce(agreement: SharingAgreementRow, today = todayInUk()): boolean {
  return agreement.status === 'ACTIVE' && agreement.startsOn <= today && today <= agreement.endsOn;
}
