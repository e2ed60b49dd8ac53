// Per-request DataLoaders of the people subgraph: one statement per entity type per batch.
import { and, asc, desc, inArray, isNull, sql } from 'drizzle-orm';
import type { SubgraphContext } from '../../platform/context.js';
import type { Database } from '../../platform/database.js';
import { pagesOfChildren, rowsByKey, rowsByParent } from '../../platform/loaders.js';
import type { Ordering } from '../../platform/pagination.js';
import { grade, organisation, orgUnit, payChange, person, position, type PersonRow } from '../../drizzle/people.js';

export const peopleByName: Ordering<PersonRow> = {
  name: 'people-by-name',
  direction: 'asc',
  keys: [
    { column: person.familyName, kind: 'text', of: (row) => row.familyName },
    { column: person.givenName, kind: 'text', of: (row) => row.givenName },
    { column: person.id, kind: 'uuid', of: (row) => row.id },
  ],
};

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
    peopleByOrgUnit: pagesOfChildren(db, person, person.orgUnitId, peopleByName),
  };
}

export type PeopleLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives as context. */
export type Context = SubgraphContext<PeopleLoaders>;
