// Reporting aggregates of the contacts subgraph: one statement, counted by the
// database, with the median time to close from percentile_cont. They read through the
// viewer's database, so row-level security keeps to the cases the viewer may list;
// police contacts are counted only for police staff with a stated purpose, as their
// fields are read only with one.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/database.js';
import { mayReadRow, type Viewer } from '../../platform/policy.js';
import { MAX_GROUPS, monthOf, timestampWithin, withinGroupLimit, type DateRange } from '../../platform/reporting.js';
import { markingOf } from '../../platform/sdl.js';
import { contactCase, type ContactCaseRow } from '../../drizzle/contacts.js';

export type CaseDimension = 'ORGANISATION' | 'CHANNEL' | 'SERVICE' | 'STATUS' | 'MONTH';

export interface ContactCaseVolumeRow {
  organisationCode: string | null;
  channel: ContactCaseRow['channel'] | null;
  serviceCode: string | null;
  serviceName: string | null;
  status: ContactCaseRow['status'] | null;
  month: string | null;
  cases: number;
  closed: number;
  medianHoursToClose: number | null;
}

const CASE_VOLUMES = markingOf('contacts', 'Query.contactCaseVolumes');

/** Whether the viewer may count its own force's police contacts (101 and crime reports). */
function mayCountPoliceContacts(viewer: Viewer): boolean {
  if (viewer.kind !== 'user') return false;
  return mayReadRow(viewer, CASE_VOLUMES, { organisationCode: viewer.organisation.code, sector: viewer.organisation.sector, policeOnly: true }).allow;
}

export function contactsReports(db: Database, viewer: Viewer) {
  return {
    async caseVolumes(organisation: string | null, range: DateRange, dimensions: ReadonlySet<CaseDimension>): Promise<ContactCaseVolumeRow[]> {
      const month = monthOf(contactCase.openedAt, 'timestamp');
      const keys: Record<CaseDimension, SQL[]> = {
        ORGANISATION: [sql`${contactCase.organisationCode}`],
        CHANNEL: [sql`${contactCase.channel}`],
        SERVICE: [sql`${contactCase.serviceCode}`, sql`${contactCase.serviceName}`],
        STATUS: [sql`${contactCase.status}`],
        MONTH: [month],
      };
      const grouped = [...dimensions].flatMap((dimension) => keys[dimension]);
      const column = <T>(dimension: CaseDimension, key: SQL) => (dimensions.has(dimension) ? sql<T>`${key}` : sql<null>`null`);
      const rows = await db
        .select({
          organisationCode: column<string>('ORGANISATION', sql`${contactCase.organisationCode}`),
          channel: column<ContactCaseRow['channel']>('CHANNEL', sql`${contactCase.channel}`),
          serviceCode: column<string>('SERVICE', sql`${contactCase.serviceCode}`),
          serviceName: column<string>('SERVICE', sql`${contactCase.serviceName}`),
          status: column<ContactCaseRow['status']>('STATUS', sql`${contactCase.status}`),
          month: column<string>('MONTH', month),
          cases: sql<number>`count(*)::int`,
          closed: sql<number>`count(${contactCase.closedAt})::int`,
          // percentile_cont skips the nulls of cases still open.
          medianHoursToClose: sql<
            number | null
          >`round((percentile_cont(0.5) within group (order by extract(epoch from ${contactCase.closedAt} - ${contactCase.openedAt})) / 3600)::numeric, 2)::float8`,
        })
        .from(contactCase)
        .where(
          and(
            organisation === null ? undefined : eq(contactCase.organisationCode, organisation),
            mayCountPoliceContacts(viewer) ? undefined : eq(contactCase.kind, 'COUNCIL_SERVICE'),
            timestampWithin(contactCase.openedAt, range),
          ),
        )
        .groupBy(...grouped)
        .orderBy(...grouped.map((key) => sql`${key} asc nulls last`))
        .limit(MAX_GROUPS + 1);
      return withinGroupLimit(rows);
    },
  };
}
