// Brings a database up to date at start: migrations, then demo data when it is
// empty. Several processes may start together against one PostgreSQL server, so
// the work is serialised by an advisory lock.
import type { DatabaseHandle } from './database.js';
import { isSeeded, seedDatabase } from '../../drizzle/seed.js';
import { logger } from './logger.js';

const PREPARE_LOCK = 727_001;

export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.exclusively(PREPARE_LOCK, async () => {
    await handle.migrate();
    if (await isSeeded(handle.db)) return;
    const started = Date.now();
    logger.info('empty database: seeding demo data (scale 1)');
    await seedDatabase(handle.db, { scale: 1 });
    logger.info({ seconds: (Date.now() - started) / 1000 }, 'demo data seeded');
  });
}
