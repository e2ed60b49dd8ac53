// The demo data: the volumes the README promises at scale 1, and the same rows every time.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../platform/database.js';
import { seedDatabase } from '../drizzle/seed.js';
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

  it('gives the same rows for the same scale', async () => {
    const fingerprint = sql`select md5(string_agg(t::text, '|' order by t::text)) as digest from (
      select id::text || transaction_number || amount_pence || payment_date as t from finance.payment
      union all select id::text || family_name || coalesce(salary_pence, 0) from people.person
      union all select id::text || reference || status from contacts.contact_case) rows`;
    const digests: string[] = [];
    for (let run = 0; run < 2; run += 1) {
      const handle = await openDatabase({ pgliteDir: 'memory://' });
      try {
        await handle.migrate();
        await seedDatabase(handle.db, { scale: 0.02 });
        const result = (await handle.db.execute(fingerprint)) as unknown as { rows: { digest: string }[] };
        digests.push(result.rows[0]!.digest);
      } finally {
        await handle.close();
      }
    }
    expect(digests[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(digests[1]).toBe(digests[0]);
  }, 120_000);
});
