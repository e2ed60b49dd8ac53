// Brings a database up to date at start: migrations, then the demo data when it is
// wanted (DEMO_DATA, by default in development only) and the database is empty.
// Several processes may start together against one PostgreSQL server, so the work
// is serialised by an advisory lock. The seed generator is loaded only when asked for.
import { demoDataWanted, type Config } from './config.js';
import type { Database, DatabaseHandle } from './database.js';
import { orgUnit } from '../drizzle/people.js';
import { logger } from './logger.js';

const PREPARE_LOCK = 727_001;

/** What start-up did about demo data. */
export type Prepared = 'seeded' | 'not empty' | 'no demo data';

export async function prepareDatabase(handle: DatabaseHandle, settings: Pick<Config, 'DEMO_DATA' | 'NODE_ENV'>): Promise<Prepared> {
  return handle.exclusively(PREPARE_LOCK, async (): Promise<Prepared> => {
    await handle.migrate();
    if (!demoDataWanted(settings)) {
      const because = settings.DEMO_DATA === false ? 'DEMO_DATA=false' : 'DEMO_DATA not set';
      logger.info(`migrated; no demo data (${because})`);
      return 'no demo data';
    }
    if (await isSeeded(handle.db)) {
      logger.info('migrated; the database already holds data, no demo data added');
      return 'not empty';
    }
    const started = Date.now();
    logger.info('migrated; empty database: seeding demo data (scale 1)');
    // The generator is loaded only to seed, so a running hub never holds it.
    const { seedDatabase } = await import('../drizzle/seed/index.js');
    await seedDatabase(handle.db, { scale: 1 });
    logger.info({ seconds: (Date.now() - started) / 1000 }, 'migrated; demo data seeded');
    return 'seeded';
  });
}

/**
 * Whether the database holds data already: an organisation with org units. The registry alone
 * (the shared-service company, which the migrations enter) is not data.
 */
export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.select({ id: orgUnit.id }).from(orgUnit).limit(1);
  return rows.length > 0;
}
