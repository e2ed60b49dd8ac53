// A database of its own for the import suites: imports add payments, suppliers, contracts
// and staff that the other suites, which share the worker's database, must not see. On
// PGlite a copy of the seeded template; on PostgreSQL a database beside the test one
// (named after it), migrated and seeded small, and dropped again at the end.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { inject } from 'vitest';
import { type ImportKind, importerFor } from '../../importer/index.js';
import { openDatabase, type DatabaseHandle } from '../../platform/database.js';
import { followRegistry, registryInDatabase } from '../../platform/organisations.js';
import { tokenFor } from '../../platform/personas.js';
import { testConfig, testDatabase } from './hub.js';

export interface ImportDatabase {
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Follows the worker's database's registry again: a hub started over an import database (the
 * round trip) follows that one's, and the suites after this one in the worker must not.
 */
export async function followWorkerRegistry(): Promise<void> {
  await followRegistry(registryInDatabase(await testDatabase()), testConfig().REGISTRY_REFRESH_MS);
}

export async function importDatabase(suffix: string): Promise<ImportDatabase> {
  // Tokens are judged against the registry the worker follows (its own database's, seeded
  // alike): following the import's database instead would take the registry from the worker.
  await followWorkerRegistry();
  const provided = inject('database');
  if (provided.engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'hub-import-'));
    cpSync(provided.templateDir, dir, { recursive: true });
    const handle = await openDatabase({ pgliteDir: dir });
    return {
      handle,
      async close() {
        await followWorkerRegistry();
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = new URL(provided.url);
  const name = `${url.pathname.slice(1)}_${suffix}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: provided.url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), pgliteDir: '', poolSize: 4 });
  await handle.migrate();
  const { seedDatabase } = await import('../../drizzle/seed/index.js');
  await seedDatabase(handle.db, { scale: 0.05 });
  return {
    handle,
    async close() {
      await followWorkerRegistry();
      await handle.close();
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}

/** A token of a made-up data administrator of `organisation`, or with other scopes. */
export async function administratorToken(organisation: string, scopes = ['staff', 'import'], expiresInSeconds = 600): Promise<string> {
  const config = testConfig();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ org: organisation, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setSubject(`data-administrator-of-${organisation.toLowerCase()}`)
    .setIssuedAt(now - 10)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(config.AUTH_SECRET));
}

/** The demo data administrator (Taunton Deane), as the import command sees them. */
export async function demoAdministrator(kind: ImportKind) {
  const config = testConfig();
  return importerFor(await tokenFor('data-administrator', config), 'E07000190', kind, config);
}

export const fixture = (name: string) => `test/fixtures/import/${name}`;
