// Layer 3: PostgreSQL row-level security, proven on its own. Queries run as the
// application role with one viewer's settings and no application-level filter.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { RowSecuritySettings } from '../platform/database.js';
import { POLICE_STAFF_SAFETY_AGREEMENT, SCC_SAFEGUARDING_AGREEMENT, SEEDED_WARNING_MARKER } from '../drizzle/seed/agreements.js';
import { testDatabase } from './support/hub.js';

async function countsAs(settings: RowSecuritySettings, query: ReturnType<typeof sql>): Promise<Record<string, number>> {
  const reader = (await testDatabase()).readerFor(settings);
  const result = (await reader.execute(query)) as unknown as { rows: Record<string, string | number>[] };
  return Object.fromEntries(result.rows.map((row) => [String(row.key), Number(row.count)]));
}

const PEOPLE_BY_ORGANISATION = sql`select organisation_code as key, count(*) as count from people.person group by 1`;
const CASES_BY_ORGANISATION = sql`select organisation_code || ':' || kind as key, count(*) as count from contacts.contact_case group by 1`;
const CUSTOMERS_BY_ORGANISATION = sql`select organisation_code as key, count(*) as count from contacts.customer group by 1`;

const taunton: RowSecuritySettings = { organisation: 'E07000190', sector: 'COUNCIL', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', purpose: '' };
const police: RowSecuritySettings = { organisation: 'E23000036', sector: 'POLICE', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', purpose: '' };
const sharedService: RowSecuritySettings = {
  organisation: 'SWONE',
  sector: 'SHARED_SERVICE',
  services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS',
  purpose: '',
};
const anonymous: RowSecuritySettings = { organisation: '', sector: '', services: '', purpose: '' };

const COUNCIL_CASES = sql`select organisation_code as key, count(*) as count from contacts.contact_case where kind = 'COUNCIL_SERVICE' group by 1`;

/** Counts as one viewer after a change to the data, made and rolled back in one transaction. */
async function countsAfter(change: ReturnType<typeof sql>, settings: RowSecuritySettings, query: ReturnType<typeof sql>): Promise<Record<string, number>> {
  const { db } = await testDatabase();
  let counts: Record<string, number> = {};
  await db
    .transaction(async (tx) => {
      await tx.execute(change);
      await tx.execute(sql`select set_config('role', 'hub_app', true), set_config('hub.organisation', ${settings.organisation}, true),
        set_config('hub.sector', ${settings.sector}, true), set_config('hub.purpose', ${settings.purpose}, true), set_config('hub.services', ${settings.services}, true)`);
      const result = (await tx.execute(query)) as unknown as { rows: Record<string, string | number>[] };
      counts = Object.fromEntries(result.rows.map((row) => [String(row.key), Number(row.count)]));
      throw new Error('roll back');
    })
    .catch((error: unknown) => {
      if ((error as Error).message !== 'roll back') throw error;
    });
  return counts;
}

const ORDERS_BY_ORGANISATION = sql`select organisation_code as key, count(*) as count from procurement.purchase_order group by 1`;

describe('row-level security', () => {
  it("hides the rows of a service the viewer's organisation does not draw down, whatever else the policies allow", async () => {
    const peopleOnly = { ...taunton, services: 'PEOPLE' };
    expect(Object.keys(await countsAs(peopleOnly, PEOPLE_BY_ORGANISATION))).toEqual(['E07000190']);
    expect(await countsAs(peopleOnly, CUSTOMERS_BY_ORGANISATION)).toEqual({});
    expect(await countsAs(peopleOnly, CASES_BY_ORGANISATION)).toEqual({});
    expect(await countsAs(peopleOnly, ORDERS_BY_ORGANISATION)).toEqual({});
    expect(Object.keys(await countsAs(taunton, ORDERS_BY_ORGANISATION))).toContain('E07000190');
    const contactsOnly = { ...taunton, services: 'CONTACTS' };
    expect(await countsAs(contactsOnly, PEOPLE_BY_ORGANISATION)).toEqual({});
    expect(Object.keys(await countsAs(contactsOnly, CUSTOMERS_BY_ORGANISATION))).toEqual(['E07000190']);
  });

  it("refuses a write to a service's rows by a viewer whose organisation does not draw it down", async () => {
    const database = await testDatabase();
    const write = (services: string) =>
      database.writeAs({ ...taunton, services }, (db) =>
        db.execute(sql`insert into people.org_unit (id, organisation_code, name) values (gen_random_uuid(), 'E07000190', 'Entitlement test') returning id`),
      );
    await expect(write('CONTACTS')).rejects.toMatchObject({ cause: { message: expect.stringMatching(/violates row-level security policy/) } });
    // With the service, the same write is allowed (and rolled back here, leaving no row).
    await expect(
      database.writeAs({ ...taunton, services: 'PEOPLE' }, async (db) => {
        await db.execute(sql`insert into people.org_unit (id, organisation_code, name) values (gen_random_uuid(), 'E07000190', 'Entitlement test')`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
  });

  it('shows a council only its own people, customers and cases', async () => {
    expect(Object.keys(await countsAs(taunton, PEOPLE_BY_ORGANISATION))).toEqual(['E07000190']);
    expect(Object.keys(await countsAs(taunton, CUSTOMERS_BY_ORGANISATION))).toEqual(['E07000190']);
    expect(Object.keys(await countsAs(taunton, CASES_BY_ORGANISATION))).toEqual(['E07000190:COUNCIL_SERVICE']);
  });

  it('shows the police only police rows, and the council cases disclosed to it while the agreement allows the stated purpose', async () => {
    expect(Object.keys(await countsAs(police, PEOPLE_BY_ORGANISATION))).toEqual(['E23000036']);
    expect(Object.keys(await countsAs(police, CASES_BY_ORGANISATION)).sort()).toEqual(['E23000036:CRIME_REPORT', 'E23000036:POLICE_101']);

    const disclosed = await countsAs({ ...police, purpose: 'SAFEGUARDING' }, COUNCIL_CASES);
    const { db } = await testDatabase();
    const expected = (await db.execute(
      sql`select c.organisation_code as key, count(*) as count from contacts.contact_case c
          where exists (select 1 from contacts.case_disclosure d join people.sharing_agreement a on a.id = d.agreement_id
            where d.case_id = c.id and d.recipient_code = 'E23000036' and a.status = 'ACTIVE' and 'SAFEGUARDING' = any (a.purposes)
              and people.uk_today() between a.starts_on and a.ends_on) group by 1`,
    )) as unknown as { rows: { key: string; count: string }[] };
    expect(disclosed).toEqual(Object.fromEntries(expected.rows.map((row) => [row.key, Number(row.count)])));
    expect(Object.keys(disclosed).sort()).toEqual(['E07000190', 'E10000027']);
    // Their customers show with them; a purpose the agreements do not allow shows none of either.
    expect(Object.keys(await countsAs({ ...police, purpose: 'SAFEGUARDING' }, CUSTOMERS_BY_ORGANISATION)).sort()).toEqual([
      'E07000190',
      'E10000027',
      'E23000036',
    ]);
    expect(await countsAs({ ...police, purpose: 'STAFF_SAFETY' }, COUNCIL_CASES)).toEqual({});
    expect(Object.keys(await countsAs({ ...police, purpose: 'STAFF_SAFETY' }, CUSTOMERS_BY_ORGANISATION))).toEqual(['E23000036']);
  });

  it.each([
    ['suspended', sql`update people.sharing_agreement set status = 'SUSPENDED' where id = ${SCC_SAFEGUARDING_AGREEMENT}`],
    ['ended', sql`update people.sharing_agreement set status = 'ENDED' where id = ${SCC_SAFEGUARDING_AGREEMENT}`],
    ['past its last day', sql`update people.sharing_agreement set ends_on = people.uk_today() - 1 where id = ${SCC_SAFEGUARDING_AGREEMENT}`],
    ['not yet started', sql`update people.sharing_agreement set starts_on = people.uk_today() + 1 where id = ${SCC_SAFEGUARDING_AGREEMENT}`],
    ['a draft', sql`update people.sharing_agreement set status = 'DRAFT' where id = ${SCC_SAFEGUARDING_AGREEMENT}`],
  ])('hides every case disclosed under an agreement %s, and keeps the disclosures', async (_standing, change) => {
    const seen = await countsAfter(change, { ...police, purpose: 'SAFEGUARDING' }, COUNCIL_CASES);
    expect(Object.keys(seen)).toEqual(['E07000190']);
    const kept = await countsAfter(change, police, sql`select provider_code as key, count(*) as count from contacts.case_disclosure group by 1`);
    expect(Object.keys(kept).sort()).toEqual(['E07000190', 'E10000027']);
  });

  it('shows a police warning marker to the council it was placed for only with a purpose the agreement allows', async () => {
    const somerset = { ...taunton, organisation: 'E10000027' };
    // The seeded marker: other tests on this database place their own.
    const markers = sql`select recipient_code as key, count(*) as count from contacts.warning_marker where id = ${SEEDED_WARNING_MARKER} group by 1`;
    expect(await countsAs(somerset, markers)).toEqual({});
    expect(await countsAs({ ...somerset, purpose: 'SAFEGUARDING' }, markers)).toEqual({});
    expect(await countsAs({ ...somerset, purpose: 'STAFF_SAFETY' }, markers)).toEqual({ E10000027: 1 });
    expect(await countsAs({ ...taunton, purpose: 'STAFF_SAFETY' }, markers)).toEqual({});
    expect(await countsAs(police, markers)).toEqual({ E10000027: 1 });
    const suspended = sql`update people.sharing_agreement set status = 'SUSPENDED' where id = ${POLICE_STAFF_SAFETY_AGREEMENT}`;
    expect(await countsAfter(suspended, { ...somerset, purpose: 'STAFF_SAFETY' }, markers)).toEqual({});
  });

  it('shows an agreement, and the records made under it, only to its parties and the shared-service company', async () => {
    // The seeded agreements: other tests on this database propose their own.
    const agreements = sql`select reference as key, 1 as count from people.sharing_agreement where reference like 'ISA-2024-%'`;
    expect(Object.keys(await countsAs(taunton, agreements))).toEqual(['ISA-2024-0002']);
    expect(Object.keys(await countsAs(police, agreements)).sort()).toEqual(['ISA-2024-0001', 'ISA-2024-0002', 'ISA-2024-0003']);
    expect(Object.keys(await countsAs(sharedService, agreements)).sort()).toEqual(['ISA-2024-0001', 'ISA-2024-0002', 'ISA-2024-0003']);
    expect(await countsAs(anonymous, agreements)).toEqual({});
    const disclosures = sql`select provider_code as key, count(*) as count from contacts.case_disclosure group by 1`;
    expect(Object.keys(await countsAs(taunton, disclosures))).toEqual(['E07000190']);
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
    const reader = database.readerFor({ ...police, purpose: 'SAFEGUARDING' });
    await expect(reader.execute(sql`select count(*) from contacts.contact_case`)).resolves.toBeDefined();
    await expect(reader.execute(sql`select 1 / 0`)).rejects.toThrow();
    // More owner statements at once than the pool has connections: every connection is asked.
    const sessions = await Promise.all(
      Array.from({ length: 25 }, () =>
        database.db.execute(sql`select current_user = 'hub_app' as viewer_role,
          coalesce(current_setting('hub.organisation', true), '') || coalesce(current_setting('hub.purpose', true), '') as settings`),
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
