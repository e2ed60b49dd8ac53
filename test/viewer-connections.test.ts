// The connections a viewer's statements run on (PostgreSQL only: PGlite has no connections of
// its own). They log in as hub_app, never as the owner, so a statement that went out before
// its viewer's settings were in force would still be under row-level security. A statement is
// prepared once per connection, and a connection prepares no more than its bound: a
// statement's text varies with its batch (`in ($1, ..., $n)`), and each prepared statement
// holds server memory for as long as the connection lives.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../platform/database.js';
import { ANONYMOUS, rowSecurityFor } from '../platform/policy.js';

const provided = inject('database');
/** The bound in platform/database.ts, and the viewer's settings statement prepared beside it. */
const MAX_PREPARED = 100;

describe.skipIf(provided.engine !== 'postgres')("a viewer's connections on PostgreSQL", () => {
  let handle: DatabaseHandle;
  // One connection, so every statement below runs on the same server session.
  beforeAll(async () => {
    handle = await openDatabase({ databaseUrl: (provided as { url: string }).url, poolSize: 1, pgliteDir: 'memory://' });
  });
  afterAll(() => handle?.close());

  const reader = () => handle.readerFor(rowSecurityFor(ANONYMOUS));
  const preparedCount = async () => {
    const rows = (await reader().execute(sql`select count(*)::int as count from pg_prepared_statements`)) as unknown as { rows: { count: number }[] };
    return rows.rows[0]!.count;
  };

  it('log in as hub_app, so nothing a viewer sends runs as the owner', async () => {
    const roles = await handle.writeAs(rowSecurityFor(ANONYMOUS), async (db) => {
      const chosen = (await db.execute(sql`select current_user as role`)) as unknown as { rows: { role: string }[] };
      // Back to the role the connection logged in with, as it is between transactions.
      await db.execute(sql`reset role`);
      const loggedIn = (await db.execute(sql`select current_user as role`)) as unknown as { rows: { role: string }[] };
      return { chosen: chosen.rows[0]!.role, loggedIn: loggedIn.rows[0]!.role };
    });
    expect(roles).toEqual({ chosen: 'hub_app', loggedIn: 'hub_app' });
  });

  it('runs a repeated statement from its one prepared copy', async () => {
    const before = await preparedCount();
    for (let run = 0; run < 3; run += 1) {
      const result = (await reader().execute(sql`select ${run}::int as run, 'repeated' as label`)) as unknown as { rows: { run: number }[] };
      expect(result.rows[0]!.run).toBe(run);
    }
    expect(await preparedCount()).toBe(before + 1);
  });

  it('prepares at most its bound on one connection and still answers past it', async () => {
    for (let variant = 0; variant < MAX_PREPARED + 20; variant += 1) {
      const result = (await reader().execute(sql`select ${variant}::int as ${sql.raw(`variant_${variant}`)}`)) as unknown as {
        rows: Record<string, number>[];
      };
      expect(result.rows[0]![`variant_${variant}`]).toBe(variant);
    }
    // The bound, and the viewer's settings statement every transaction begins with.
    expect(await preparedCount()).toBe(MAX_PREPARED + 1);
  });
});
