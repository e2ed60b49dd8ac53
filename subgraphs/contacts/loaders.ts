// Per-request DataLoaders of the contacts subgraph: one statement per entity type per batch.
import { asc, inArray } from 'drizzle-orm';
import type { SubgraphContext } from '../../platform/context.js';
import type { Database } from '../../platform/database.js';
import type { Viewer } from '../../platform/policy.js';
import { pagesOfChildren, rowsByKey, rowsByParent } from '../../platform/loaders.js';
import type { Ordering } from '../../platform/pagination.js';
import { caseNote, contactCase, customer, type ContactCaseRow, type CustomerRow } from '../../drizzle/contacts.js';
import { contactsReports } from './reports.js';

export const customersByName: Ordering<CustomerRow> = {
  name: 'customers-by-name',
  direction: 'asc',
  keys: [
    { column: customer.familyName, kind: 'text', of: (row) => row.familyName },
    { column: customer.givenName, kind: 'text', of: (row) => row.givenName },
    { column: customer.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export const casesNewestFirst: Ordering<ContactCaseRow> = {
  name: 'cases-newest-first',
  direction: 'desc',
  keys: [
    { column: contactCase.openedAt, kind: 'timestamp', of: (row) => row.openedAt },
    { column: contactCase.id, kind: 'uuid', of: (row) => row.id },
  ],
};

/**
 * One page loader per filter a request asks for (a loader answers one filter; the requests
 * of one filter still batch), keyed by the filter's values in order.
 */
function loaderPerFilter<Value extends string, Loader>(create: (values: readonly Value[]) => Loader): (values: readonly Value[]) => Loader {
  const loaders = new Map<string, Loader>();
  return (values) => {
    const sorted = [...new Set(values)].sort();
    const key = sorted.join(',');
    let loader = loaders.get(key);
    if (!loader) {
      loader = create(sorted);
      loaders.set(key, loader);
    }
    return loader;
  };
}

type CaseStatus = ContactCaseRow['status'];

export function createLoaders(db: Database, viewer: Viewer) {
  return {
    customerById: rowsByKey(db, customer, customer.id, (row) => row.id),
    contactCaseById: rowsByKey(db, contactCase, contactCase.id, (row) => row.id),
    contactCaseByReference: rowsByKey(db, contactCase, contactCase.reference, (row) => row.reference),
    // A case's notes are few: read them all, oldest first.
    notesByCase: rowsByParent(
      (caseIds) =>
        db
          .select()
          .from(caseNote)
          .where(inArray(caseNote.caseId, [...caseIds]))
          .orderBy(asc(caseNote.writtenAt), asc(caseNote.id)),
      (row) => row.caseId,
    ),
    customersByOrganisation: pagesOfChildren(db, customer, customer.organisationCode, customersByName),
    casesByOrganisation: pagesOfChildren(db, contactCase, contactCase.organisationCode, casesNewestFirst),
    casesByOrganisationInStatus: loaderPerFilter((statuses: readonly CaseStatus[]) =>
      pagesOfChildren(db, contactCase, contactCase.organisationCode, casesNewestFirst, inArray(contactCase.status, [...statuses])),
    ),
    casesByCustomer: pagesOfChildren(db, contactCase, contactCase.customerId, casesNewestFirst),
    casesByAssignee: pagesOfChildren(db, contactCase, contactCase.assignedPersonId, casesNewestFirst),
    reports: contactsReports(db, viewer),
  };
}

export type ContactsLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives as context. */
export type Context = SubgraphContext<ContactsLoaders>;
