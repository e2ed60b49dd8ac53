// Per-request DataLoaders of the contacts subgraph: one statement per entity type per batch.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agreementTermsById, sharedUnder, type AgreementTerms } from '../../platform/agreements.js';
import type { SubgraphContext } from '../../platform/context.js';
import type { Database } from '../../platform/database.js';
import { mayReadShared, type Viewer } from '../../platform/policy.js';
import { pagesOfChildren, rowsByKey, rowsByParent } from '../../platform/loaders.js';
import type { Connection, Ordering } from '../../platform/pagination.js';
import {
  caseDisclosure,
  caseNote,
  contactCase,
  customer,
  warningMarker,
  type CaseDisclosureRow,
  type ContactCaseRow,
  type CustomerRow,
  type WarningMarkerRow,
} from '../../drizzle/contacts.js';
import type { SharedCase, SharedMarker } from './owners.js';
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

export const disclosuresNewestFirst: Ordering<CaseDisclosureRow> = {
  name: 'disclosures-newest-first',
  direction: 'desc',
  keys: [
    { column: caseDisclosure.disclosedAt, kind: 'timestamp', of: (row) => row.disclosedAt },
    { column: caseDisclosure.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export const markersNewestFirst: Ordering<WarningMarkerRow> = {
  name: 'markers-newest-first',
  direction: 'desc',
  keys: [
    { column: warningMarker.placedAt, kind: 'timestamp', of: (row) => row.placedAt },
    { column: warningMarker.id, kind: 'uuid', of: (row) => row.id },
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
  const viewerOrganisation = viewer.kind === 'user' ? viewer.organisation.code : null;
  const agreementTerms = agreementTermsById(db);
  // Row-level security shows a disclosure to both its parties (and the shared-service company).
  const disclosuresByCase = rowsByParent(
    (caseIds) =>
      db
        .select()
        .from(caseDisclosure)
        .where(inArray(caseDisclosure.caseId, [...caseIds]))
        .orderBy(asc(caseDisclosure.disclosedAt), asc(caseDisclosure.id)),
    (row) => row.caseId,
  );

  /** The terms of the viewer's organisation's agreements these disclosures were made under, those that let the viewer read first. */
  async function termsOfDisclosuresToViewer(disclosures: readonly CaseDisclosureRow[]): Promise<AgreementTerms[]> {
    const toViewer = disclosures.filter((disclosure) => disclosure.recipientCode === viewerOrganisation);
    const terms = (await agreementTerms.loadMany(toViewer.map((disclosure) => disclosure.agreementId))).filter(
      (each): each is AgreementTerms => each !== null && !(each instanceof Error),
    );
    const readable = (each: AgreementTerms) => viewer.kind === 'user' && mayReadShared(viewer, sharedUnder(each), null).allow;
    return [...terms.filter(readable), ...terms.filter((each) => !readable(each))];
  }

  /** Another organisation's case as the viewer's organisation reads it: with the terms it was disclosed to it under. */
  async function asSeen(row: ContactCaseRow): Promise<SharedCase> {
    if (row.organisationCode === viewerOrganisation || viewerOrganisation === null) return row;
    const [terms] = await termsOfDisclosuresToViewer(await disclosuresByCase.load(row.id));
    return terms ? { ...row, sharedUnder: sharedUnder(terms) } : row;
  }

  return {
    agreementTerms,
    disclosuresByCase,
    termsOfDisclosuresToViewer,
    customerById: rowsByKey(db, customer, customer.id, (row) => row.id),
    contactCaseById: rowsByKey(db, contactCase, contactCase.id, (row) => row.id, asSeen),
    contactCaseByReference: rowsByKey(db, contactCase, contactCase.reference, (row) => row.reference, asSeen),
    /** The cases of a page as the viewer's organisation reads them. */
    casesAsSeen: async (connection: Connection<ContactCaseRow>): Promise<Connection<SharedCase>> => {
      const nodes = await Promise.all(connection.edges.map((edge) => asSeen(edge.node)));
      return { ...connection, edges: connection.edges.map((edge, index) => ({ cursor: edge.cursor, node: nodes[index]! })) };
    },
    // Disclosures to the viewer's organisation of cases asked for by id or reference, whatever their agreement's standing now.
    disclosuresToViewerByCase: rowsByParent(
      (caseIds) =>
        db
          .select()
          .from(caseDisclosure)
          .where(and(inArray(caseDisclosure.caseId, [...caseIds]), eq(caseDisclosure.recipientCode, viewerOrganisation ?? ''))),
      (row) => row.caseId,
    ),
    disclosuresToViewerByReference: rowsByParent(
      (references) =>
        db
          .select()
          .from(caseDisclosure)
          .where(and(inArray(caseDisclosure.caseReference, [...references]), eq(caseDisclosure.recipientCode, viewerOrganisation ?? ''))),
      (row) => row.caseReference,
    ),
    /** The purposes of agreements in force under which markers on these addresses are withheld from the viewer (no allowed purpose stated). */
    warningsWithheld: rowsByParent(
      async (uprns) => {
        const result = await db.execute(sql`select uprn, purposes from contacts.warnings_withheld(${`{${uprns.join(',')}}`}::text[])`);
        return (result as unknown as { rows: { uprn: string; purposes: string[] }[] }).rows;
      },
      (row) => row.uprn,
    ),
    disclosureById: rowsByKey(db, caseDisclosure, caseDisclosure.id, (row) => row.id),
    disclosuresToOrganisation: pagesOfChildren(db, caseDisclosure, caseDisclosure.recipientCode, disclosuresNewestFirst),
    disclosuresUnderAgreement: pagesOfChildren(db, caseDisclosure, caseDisclosure.agreementId, disclosuresNewestFirst),
    disclosuresOfCustomer: rowsByParent(
      (customerIds) =>
        db
          .select({ disclosure: caseDisclosure, customerId: contactCase.customerId })
          .from(caseDisclosure)
          .innerJoin(contactCase, eq(contactCase.id, caseDisclosure.caseId))
          .where(inArray(contactCase.customerId, [...customerIds]))
          .orderBy(asc(caseDisclosure.disclosedAt), asc(caseDisclosure.id)),
      (row) => row.customerId ?? '',
    ),
    // Row-level security shows a marker to its force, and to its council only while the agreement allows the viewer's purpose.
    markersByUprn: rowsByParent(
      (uprns) =>
        db
          .select()
          .from(warningMarker)
          .where(inArray(warningMarker.uprn, [...uprns]))
          .orderBy(asc(warningMarker.placedAt), asc(warningMarker.id)),
      (row) => row.uprn,
    ),
    /** A marker as the viewer's organisation reads it: the recipient's carries its agreement's terms. */
    markerAsSeen: async (marker: WarningMarkerRow): Promise<SharedMarker> => {
      if (marker.recipientCode !== viewerOrganisation) return marker;
      const terms = await agreementTerms.load(marker.agreementId);
      return terms ? { ...marker, sharedUnder: sharedUnder(terms) } : marker;
    },
    markerById: rowsByKey(db, warningMarker, warningMarker.id, (row) => row.id),
    markersPlacedBy: pagesOfChildren(db, warningMarker, warningMarker.organisationCode, markersNewestFirst),
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
