// Brings a database up to date at start: migrations, then demo data when it is
// empty. Several processes may start together against one PostgreSQL server, so
// the work is serialised by an advisory lock.
import type { Database, DatabaseHandle } from './database.js';
import { organisation } from '../../drizzle/people.js';
import { logger } from './logger.js';

const PREPARE_LOCK = 727_001;

export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.exclusively(PREPARE_LOCK, async () => {
    await handle.migrate();
    if (await isSeeded(handle.db)) return;
    const started = Date.now();
    logger.info('empty database: seeding demo data (scale 1)');
    // The generator is loaded only to seed, so a running hub never holds it.
    const { seedDatabase } = await import('../../drizzle/seed/index.js');
    await seedDatabase(handle.db, { scale: 1 });
    logger.info({ seconds: (Date.now() - started) / 1000 }, 'demo data seeded');
  });
}

/** Whether the database holds data already: once seeded, it has organisations. */
export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.select({ code: organisation.code }).from(organisation).limit(1);
  return rows.length > 0;
}
