// Runs once before all test workers. On PostgreSQL (DATABASE_URL set) it migrates
// and seeds that database; on PGlite it builds a seeded template data directory,
// reused across runs until the migrations or the seed generator change, which
// each worker copies (reopening a directory takes under a second; seeding takes many).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../platform/database.js';
import { prepareDatabase } from '../../platform/prepare.js';
import { staticImports } from './imports.js';

/** The suites read the demo data: seed it, whatever NODE_ENV says. */
const WITH_DEMO_DATA = { DEMO_DATA: true, NODE_ENV: 'test' } as const;

export const TEMPLATE_DIR = '.data/test-template';

function templateFingerprint(): string {
  const hash = createHash('sha256');
  const migrations = 'drizzle/migrations';
  for (const file of readdirSync(migrations, { recursive: true }).map(String).sort()) {
    const path = join(migrations, file);
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(path));
  }
  // The seed and everything it loads: its helpers, the tables, and the organisations,
  // personas, order numbers and case prefixes it reads from the runtime.
  for (const file of [...staticImports(['drizzle/seed/index.ts'])].sort()) {
    hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex');
}

export default async function setup(project: TestProject): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const handle = await openDatabase({ databaseUrl, pgliteDir: '' });
    await prepareDatabase(handle, WITH_DEMO_DATA);
    await handle.close();
    project.provide('database', { engine: 'postgres', url: databaseUrl });
    return;
  }
  const marker = join(TEMPLATE_DIR, 'FINGERPRINT');
  const fingerprint = templateFingerprint();
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== fingerprint) {
    rmSync(TEMPLATE_DIR, { recursive: true, force: true });
    const handle = await openDatabase({ pgliteDir: TEMPLATE_DIR });
    await prepareDatabase(handle, WITH_DEMO_DATA);
    await handle.close();
    writeFileSync(marker, fingerprint);
  }
  project.provide('database', { engine: 'pglite', templateDir: TEMPLATE_DIR });
}

declare module 'vitest' {
  export interface ProvidedContext {
    database: { engine: 'postgres'; url: string } | { engine: 'pglite'; templateDir: string };
  }
}
