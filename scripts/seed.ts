// Empties and refills the database with deterministic synthetic data.
//   npx tsx scripts/seed.ts [--scale N]
// N multiplies the volumes (default 1, about 220,000 rows); fractions give quick runs.
// Uses DATABASE_URL when set, otherwise the embedded database in PGLITE_DIR.
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/database.js';
import { seedDatabase } from '../drizzle/seed/index.js';

class UsageError extends Error {}

function parseScale(args: string[]): number {
  let text = '1';
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--scale') text = args[++i] ?? '';
    else if (arg.startsWith('--scale=')) text = arg.slice('--scale='.length);
    else throw new UsageError(`Unknown argument "${arg}"; usage: seed [--scale N]`);
  }
  const scale = Number(text);
  if (text.trim() === '' || !Number.isFinite(scale) || scale <= 0) {
    throw new UsageError(`--scale must be a positive number such as 1 or 0.1, got "${text}"`);
  }
  return scale;
}

async function main(): Promise<void> {
  const scale = parseScale(process.argv.slice(2));
  const config = loadConfig();
  const started = performance.now();
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  try {
    await handle.migrate();
    // Progress goes to stderr so that stdout carries only the summary line.
    const summary = await seedDatabase(handle.db, { scale, log: (message) => process.stderr.write(`${message}\n`) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const total = Object.values(summary).reduce((a, b) => a + b, 0);
    const counts = Object.entries(summary)
      .map(([table, rows]) => `${table}=${rows}`)
      .join(' ');
    console.log(`Seeded ${total} rows at scale ${scale} on ${handle.engine} in ${seconds}s: ${counts}`);
  } finally {
    await handle.close();
  }
}

/** The innermost cause: a failed statement's own error says more than "Failed query: <SQL>". */
function rootMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

main().catch((error: unknown) => {
  console.error(`seed: ${rootMessage(error).split('\n')[0]}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
