// The demo data: the volumes docs/operations.md promises at scale 1, and the same rows every time.
import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../platform/database.js';
import { seedDatabase } from '../drizzle/seed/index.js';
import { sqlRows } from './support/hub.js';

const COUNTS = sql`select
  (select count(*) from people.person)::int as people,
  (select count(*) from finance.cost_centre)::int as cost_centres,
  (select count(*) from finance.payment)::int as payments,
  (select count(*) from procurement.supplier)::int as suppliers,
  (select count(*) from procurement.contract)::int as contracts,
  (select count(*) from procurement.purchase_order)::int as purchase_orders,
  (select count(*) from contacts.customer)::int as customers,
  (select count(*) from contacts.contact_case)::int as contact_cases`;

describe('seed data', () => {
  it('has the volumes of scale 1', async () => {
    const [counts] = await sqlRows<Record<string, number>>(COUNTS);
    expect(counts).toEqual({
      people: expect.toSatisfy((n: number) => n >= 2900 && n <= 3100),
      cost_centres: 500,
      payments: 50_000,
      suppliers: 800,
      contracts: 1_500,
      // Write tests in the same worker may have added a few orders, customers and cases since.
      purchase_orders: expect.toSatisfy((n: number) => n >= 10_000 && n < 10_500),
      customers: expect.toSatisfy((n: number) => n >= 20_000 && n < 20_500),
      contact_cases: expect.toSatisfy((n: number) => n >= 40_000 && n < 40_500),
    });
  });

  // Every table of the five schemas, counted and hashed row by row in a fixed order (byte
  // order, UTC): the pinned digests say the seed still makes exactly these rows, so a
  // refactoring that shifts one random draw or one value fails here. Seeding twice in one
  // process also catches state that leaks from one run into the next.
  it('gives the same rows for the same scale, every time', async () => {
    const runs: Record<string, string>[] = [];
    for (let run = 0; run < 2; run += 1) {
      const handle = await openDatabase({ pgliteDir: 'memory://' });
      try {
        await handle.migrate();
        await seedDatabase(handle.db, { scale: 0.02 });
        runs.push(await tableDigests(handle.db));
      } finally {
        await handle.close();
      }
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]).toMatchInlineSnapshot(`
      {
        "audit.chain_head": "1 1db8f657af19a471827788068af28b8e",
        "audit.record": "0 empty",
        "contacts.case_disclosure": "5 8de746000af9b96106e94b3f33ab3212",
        "contacts.case_note": "1099 9e4b4134cc86c38c882012d1e630c851",
        "contacts.contact_case": "800 3502b9fb6a0793d4ea39f6752043452b",
        "contacts.customer": "400 76949b9e755bb5d476d4b5575909ec73",
        "contacts.idempotency_key": "0 empty",
        "contacts.warning_marker": "1 52f97162e51da38f16189724d5cc45ce",
        "finance.budget": "240 23f11b18c31cfab69a7e69f5a9b371b0",
        "finance.cost_centre": "10 9744871ee0a8b750fe9de52fe94b287e",
        "finance.expense_type": "30 baa07bf77510cf03afea37716534dd6e",
        "finance.payment": "1000 ea556dbee0e9966c3cff67f5144289ea",
        "people.grade": "62 c9064358d348055c7a85467a9315005d",
        "people.idempotency_key": "0 empty",
        "people.org_unit": "125 8da753c8b67e53a2a65da484dee07b3d",
        "people.organisation": "8 6ca41395b45456d89b9d682232105ea7",
        "people.organisation_service": "16 931d0e48c8ff8949a2d02e414f4208ce",
        "people.organisation_status_change": "4 699a86f083f55c6c88c8924e0d96cb01",
        "people.pay_change": "0 empty",
        "people.person": "141 9b8e0720519ab9b135ac68511ad97233",
        "people.position": "127 613c2031e3114ec66b2a10373c21ddd9",
        "people.sharing_agreement": "3 529f016cffac72e60af7150f14bd2be1",
        "procurement.approval_delegation": "106 7ee8a3b0157fa1eedb589e147cc5f985",
        "procurement.contract": "30 59d718a8e149e19b43db01a380cadda3",
        "procurement.contract_buyer": "40 328467b411fe5c895189997af0a2b0bd",
        "procurement.contract_release": "0 empty",
        "procurement.contract_supplier": "33 9fa84d356c858df9998b4a1a2f5a8001",
        "procurement.idempotency_key": "0 empty",
        "procurement.purchase_order": "200 9a966ae8babc9906f9ae16f72bccaacd",
        "procurement.purchase_order_line": "476 1b702039eda7b00a1915bf759310de4b",
        "procurement.supplier": "16 60440ce50c35908385a3c3e44baabd88",
      }
    `);
  }, 120_000);
});

async function tableDigests(db: Database): Promise<Record<string, string>> {
  const rows = async <Row>(query: SQL) => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
  await db.execute(sql`set time zone 'UTC'`);
  const tables = await rows<{ name: string }>(sql`select table_schema || '.' || table_name as name
    from information_schema.tables
    where table_schema in ('people', 'finance', 'procurement', 'contacts', 'audit') and table_type = 'BASE TABLE'
    order by 1`);
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const [table] = await rows<{ digest: string }>(
      sql.raw(`select count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' order by t::text collate "C")), 'empty') as digest from ${name} t`),
    );
    digests[name] = table!.digest;
  }
  return digests;
}
