// Layer 3: PostgreSQL row-level security, proven on its own. Queries run as the
// application role with one viewer's settings and no application-level filter.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { RowSecuritySettings } from '../platform/database.js';
import { testDatabase } from './support/hub.js';

async function countsAs(settings: RowSecuritySettings, query: ReturnType<typeof sql>): Promise<Record<string, number>> {
  const reader = (await testDatabase()).readerFor(settings);
  const result = (await reader.execute(query)) as unknown as { rows: Record<string, string | number>[] };
  return Object.fromEntries(result.rows.map((row) => [String(row.key), Number(row.count)]));
}

const PEOPLE_BY_ORGANISATION = sql`select organisation_code as key, count(*) as count from people.person group by 1`;
const CASES_BY_ORGANISATION = sql`select organisation_code || ':' || kind as key, count(*) as count from contacts.contact_case group by 1`;
const CUSTOMERS_BY_ORGANISATION = sql`select organisation_code as key, count(*) as count from contacts.customer group by 1`;

const taunton: RowSecuritySettings = { organisation: 'E07000190', sector: 'COUNCIL', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', safeguarding: 'off' };
const police: RowSecuritySettings = { organisation: 'E23000036', sector: 'POLICE', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', safeguarding: 'off' };
const sharedService: RowSecuritySettings = {
  organisation: 'SWONE',
  sector: 'SHARED_SERVICE',
  services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS',
  safeguarding: 'off',
};
const anonymous: RowSecuritySettings = { organisation: '', sector: '', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', safeguarding: 'off' };

describe('row-level security', () => {
  it('shows a council only its own people, customers and cases', async () => {
    expect(Object.keys(await countsAs(taunton, PEOPLE_BY_ORGANISATION))).toEqual(['E07000190']);
    expect(Object.keys(await countsAs(taunton, CUSTOMERS_BY_ORGANISATION))).toEqual(['E07000190']);
    expect(Object.keys(await countsAs(taunton, CASES_BY_ORGANISATION))).toEqual(['E07000190:COUNCIL_SERVICE']);
  });

  it('shows the police only police rows unless a case is referred under the safeguarding agreement', async () => {
    expect(Object.keys(await countsAs(police, PEOPLE_BY_ORGANISATION))).toEqual(['E23000036']);
    expect(Object.keys(await countsAs(police, CASES_BY_ORGANISATION)).sort()).toEqual(['E23000036:CRIME_REPORT', 'E23000036:POLICE_101']);

    const referred = await countsAs(
      { ...police, safeguarding: 'on' },
      sql`select organisation_code as key, count(*) as count from contacts.contact_case where kind = 'COUNCIL_SERVICE' group by 1`,
    );
    const { db } = await testDatabase();
    const expected = (await db.execute(
      sql`select organisation_code as key, count(*) as count from contacts.contact_case where safeguarding_referral and kind = 'COUNCIL_SERVICE' group by 1`,
    )) as unknown as { rows: { key: string; count: string }[] };
    expect(referred).toEqual(Object.fromEntries(expected.rows.map((row) => [row.key, Number(row.count)])));
    expect(Object.keys(referred).length).toBeGreaterThan(0);
  });

  it('shows the shared-service company council and shared-service people, never police ones', async () => {
    const visible = Object.keys(await countsAs(sharedService, PEOPLE_BY_ORGANISATION)).sort();
    expect(visible).toEqual(['E07000190', 'E10000027', 'SWONE']);
    expect(Object.keys(await countsAs(sharedService, CUSTOMERS_BY_ORGANISATION)).sort()).toEqual(['E07000190', 'E10000027']);
  });

  it('shows an anonymous viewer no personal rows at all', async () => {
    expect(await countsAs(anonymous, PEOPLE_BY_ORGANISATION)).toEqual({});
    expect(await countsAs(anonymous, CUSTOMERS_BY_ORGANISATION)).toEqual({});
    expect(await countsAs(anonymous, CASES_BY_ORGANISATION)).toEqual({});
    expect(await countsAs(anonymous, sql`select count(*) as count, 'notes' as key from contacts.case_note`)).toEqual({ notes: 0 });
  });

  it("leaves no viewer's role or settings on a pooled connection, after a statement that succeeds or fails", async () => {
    const database = await testDatabase();
    const reader = database.readerFor({ ...police, safeguarding: 'on' });
    await expect(reader.execute(sql`select count(*) from contacts.contact_case`)).resolves.toBeDefined();
    await expect(reader.execute(sql`select 1 / 0`)).rejects.toThrow();
    // More owner statements at once than the pool has connections: every connection is asked.
    const sessions = await Promise.all(
      Array.from({ length: 25 }, () =>
        database.db.execute(sql`select current_user = 'hub_app' as viewer_role,
          coalesce(current_setting('hub.organisation', true), '') || coalesce(current_setting('hub.safeguarding', true), '') as settings`),
      ),
    );
    for (const session of sessions) expect((session as unknown as { rows: unknown[] }).rows).toEqual([{ viewer_role: false, settings: '' }]);
  });

  it('cannot be switched off by the application role, which owns no table', async () => {
    const reader = (await testDatabase()).readerFor(taunton);
    const causeOf = (error: unknown) => String((error as { cause?: { message?: string } }).cause?.message);
    await expect(reader.execute(sql`alter table people.person no force row level security`).catch(causeOf)).resolves.toMatch(/owner/);
    await expect(reader.execute(sql`drop policy person_visibility on people.person`).catch(causeOf)).resolves.toMatch(/owner/);
  });
});
