// Per-request DataLoaders of the people subgraph: one statement per entity type per batch.
import { and, asc, desc, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { SubgraphContext } from '../../platform/context.js';
import type { Database } from '../../platform/database.js';
import { pagesOfChildren, rowsByKey, rowsByParent } from '../../platform/loaders.js';
import { pageOfRows, type Ordering, type Page } from '../../platform/pagination.js';
import { grade, organisation, orgUnit, payChange, person, position, sharingAgreement, type PersonRow, type SharingAgreementRow } from '../../drizzle/people.js';

export const peopleByName: Ordering<PersonRow> = {
  name: 'people-by-name',
  direction: 'asc',
  keys: [
    { column: person.familyName, kind: 'text', of: (row) => row.familyName },
    { column: person.givenName, kind: 'text', of: (row) => row.givenName },
    { column: person.id, kind: 'uuid', of: (row) => row.id },
  ],
};

export const agreementsNewestFirst: Ordering<SharingAgreementRow> = {
  name: 'agreements-newest-first',
  direction: 'desc',
  keys: [
    { column: sharingAgreement.createdAt, kind: 'timestamp', of: (row) => row.createdAt },
    { column: sharingAgreement.id, kind: 'uuid', of: (row) => row.id },
  ],
};

/** An agreement's status as its readers see it: an ACTIVE one whose last day has passed has ENDED. */
export const agreementStatusToday: SQL<string> = sql`case when ${sharingAgreement.status} = 'ACTIVE' and ${sharingAgreement.endsOn} < people.uk_today() then 'ENDED' else ${sharingAgreement.status}::text end`;

export function createLoaders(db: Database) {
  return {
    // The organisation list is short: read it once per request, members first.
    organisationList: () =>
      db
        .select()
        .from(organisation)
        .orderBy(desc(sql`${organisation.status} = 'MEMBER'`), asc(organisation.code)),
    organisationByCode: rowsByKey(db, organisation, organisation.code, (row) => row.code),
    orgUnitById: rowsByKey(db, orgUnit, orgUnit.id, (row) => row.id),
    gradeById: rowsByKey(db, grade, grade.id, (row) => row.id),
    positionById: rowsByKey(db, position, position.id, (row) => row.id),
    personById: rowsByKey(db, person, person.id, (row) => row.id),
    topOrgUnitsByOrganisation: rowsByParent(
      (codes) =>
        db
          .select()
          .from(orgUnit)
          .where(and(inArray(orgUnit.organisationCode, [...codes]), isNull(orgUnit.parentId)))
          .orderBy(orgUnit.name, orgUnit.id),
      (row) => row.organisationCode,
    ),
    gradesByOrganisation: rowsByParent(
      (codes) =>
        db
          .select()
          .from(grade)
          .where(inArray(grade.organisationCode, [...codes]))
          .orderBy(grade.organisationCode, grade.minSalaryPence, grade.code),
      (row) => row.organisationCode,
    ),
    orgUnitsByParent: rowsByParent(
      (parentIds) =>
        db
          .select()
          .from(orgUnit)
          .where(inArray(orgUnit.parentId, [...parentIds]))
          .orderBy(orgUnit.name, orgUnit.id),
      (row) => row.parentId!,
    ),
    // A person's pay history is short (a few changes a year): read it all, latest first.
    // It serves both payHistory and salary, so reading both costs one statement.
    payHistoryByPerson: rowsByParent(
      (personIds) =>
        db
          .select()
          .from(payChange)
          .where(inArray(payChange.personId, [...personIds]))
          .orderBy(desc(payChange.effectiveDate), desc(payChange.recordedAt), desc(payChange.id)),
      (row) => row.personId,
    ),
    peopleByOrganisation: pagesOfChildren(db, person, person.organisationCode, peopleByName),
    // Row-level security keeps both to the agreements the viewer's organisation is party to.
    sharingAgreementById: rowsByKey(db, sharingAgreement, sharingAgreement.id, (row) => row.id),
    sharingAgreements: (organisationCode: string, status: string | null, page: Page) =>
      pageOfRows(
        db,
        sharingAgreement,
        agreementsNewestFirst,
        page,
        and(
          sql`${organisationCode} in (${sharingAgreement.providerCode}, ${sharingAgreement.recipientCode})`,
          status === null ? undefined : sql`${agreementStatusToday} = ${status}`,
        ),
      ),
    peopleByOrgUnit: pagesOfChildren(db, person, person.orgUnitId, peopleByName),
  };
}

export type PeopleLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives as context. */
export type Context = SubgraphContext<PeopleLoaders>;
