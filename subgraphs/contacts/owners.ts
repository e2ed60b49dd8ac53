// Who owns contact data. Police contacts (101 and crime reports) are police-only whatever
// the field. A council case disclosed to another organisation under an information-sharing
// agreement, its customer as seen through that case, and a police warning marker on a
// council's customer, carry the agreement's terms as the recipient reads them (docs/sharing.md).
import type { RowOwner, SharedUnder } from '../../platform/policy.js';
import { ownedByOrganisation } from '../../platform/shield.js';
import type { ContactCaseRow, CustomerRow, WarningMarkerRow } from '../../drizzle/contacts.js';

/** A row as the viewer's organisation reached it: sharedUnder when it was disclosed to it. */
export type AsShared<Row> = Row & { sharedUnder?: SharedUnder };

export type SharedCase = AsShared<ContactCaseRow>;
export type SharedCustomer = AsShared<CustomerRow>;
export type SharedMarker = AsShared<WarningMarkerRow>;

export function caseOwner(contactCase: SharedCase): RowOwner {
  return { ...ownedByOrganisation(contactCase), policeOnly: contactCase.kind !== 'COUNCIL_SERVICE', sharedUnder: contactCase.sharedUnder };
}

export function customerOwner(customer: SharedCustomer): RowOwner {
  return { ...ownedByOrganisation(customer), sharedUnder: customer.sharedUnder };
}

export function markerOwner(marker: SharedMarker): RowOwner {
  return { ...ownedByOrganisation(marker), sharedUnder: marker.sharedUnder };
}
