// Who owns contact data. Police contacts (101 and crime reports) are police-only
// whatever the field; a council case referred under the safeguarding agreement,
// and its customer as seen through that case, are shared with the police.
import type { RowOwner } from '../../platform/policy.js';
import { ownedByOrganisation } from '../../platform/shield.js';
import type { ContactCaseRow, CustomerRow } from '../../drizzle/contacts.js';

/** A customer row as reached through a case referred for safeguarding. */
export type CustomerSeenThroughCase = CustomerRow & { sharedForSafeguarding?: boolean };

export function caseOwner(contactCase: ContactCaseRow): RowOwner {
  return {
    ...ownedByOrganisation(contactCase),
    policeOnly: contactCase.kind !== 'COUNCIL_SERVICE',
    sharedForSafeguarding: contactCase.kind === 'COUNCIL_SERVICE' && contactCase.safeguardingReferral,
  };
}

export function customerOwner(customer: CustomerSeenThroughCase): RowOwner {
  return { ...ownedByOrganisation(customer), sharedForSafeguarding: customer.sharedForSafeguarding === true };
}
