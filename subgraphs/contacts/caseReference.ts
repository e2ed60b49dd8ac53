// References of new council service cases: <ORG PREFIX>-<YEAR>-<6 digits>, for example
// SCC-2026-000124, numbered per organisation and year. Each council's prefix is in the
// organisation registry (platform/organisations.ts), given when it joins.
import { and, eq, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { contactCase } from '../../drizzle/contacts.js';
import type { Database } from '../../platform/database.js';

/**
 * The next free reference. No sequence: a lock held until the transaction ends, one per
 * prefix and year, serialises the organisation's openers; holding it, the highest number
 * issued so far is read (a new statement sees every case committed before) and one added.
 * The viewer's row-level security shows every case of its own organisation, and a prefix
 * belongs to one organisation, so the highest number is never hidden. Numbers stay
 * dense, and a rolled-back case gives its number back.
 */
export async function nextCaseReference(db: Database, organisationCode: string, prefix: string, openedAt: Date): Promise<string> {
  const year = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(openedAt);
  const stem = `${prefix}-${year}`;
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`contacts.contact_case.reference:${stem}`}))`);
  const [highest] = await db
    .select({ serial: sql<number>`coalesce(max(right(${contactCase.reference}, 6)::int), 0)`.mapWith(Number) })
    .from(contactCase)
    .where(and(eq(contactCase.organisationCode, organisationCode), sql`${contactCase.reference} ~ ${`^${stem}-[0-9]{6}$`}`));
  const serial = (highest?.serial ?? 0) + 1;
  if (serial > 999_999) {
    throw new GraphQLError(`No case references are left for ${stem}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
  return `${stem}-${String(serial).padStart(6, '0')}`;
}
