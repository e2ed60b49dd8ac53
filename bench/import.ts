// The import benchmark (issue 21): generates a spend file of a million rows (or --rows N)
// in a council's own layout, imports it as the demo data administrator, and prints rows a
// second and resident memory: its peak, and whether it stayed flat (bench/procstat.ts's
// test: the later half's peak against the earlier half's, after warm-up). A second run
// re-imports the same file, which changes nothing.
//   npm run bench:import [-- --rows N] [--keep]
// On DATABASE_URL when set (use a database of its own: it gains the rows), else on a new
// PGlite database in .data/bench-import.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/database.js';
import { followRegistry, registryInDatabase, stopFollowingRegistry } from '../platform/organisations.js';
import { tokenFor } from '../platform/personas.js';
import { importerFor, runImport } from '../importer/index.js';
import { progressReporter } from '../importer/progress.js';
import { memoryFlatness } from './procstat.js';

const DIR = '.data/bench-import';
const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
if (!Number.isInteger(ROWS) || ROWS <= 0) throw new Error('--rows must be a positive whole number');

const SUPPLIERS = Array.from({ length: 2_000 }, (_, i) => `Bench Supplier ${i + 1} Ltd`);
const AREAS = ['Housing', 'Leisure', 'Environmental Services', 'Corporate Services', 'Regeneration', 'Planning'];
const TYPES = ['Repairs and maintenance', 'Grounds maintenance', 'Waste collection', 'Stationery', 'Consultancy', 'Legal fees', 'Agency staff', 'Software'];

async function writeFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('\ufeffTransaction Number,Payment Date,Amount (£),Supplier Name,Service Area,Expense Type,Purpose,Capital/Revenue\r\n');
  for (let i = 0; i < rows; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String(((i >> 5) % 12) + 1).padStart(2, '0');
    const pence = 50_000 + ((i * 7919) % 5_000_000);
    const amount = `"£${Math.floor(pence / 100).toLocaleString('en-GB')}.${String(pence % 100).padStart(2, '0')}"`;
    const line = `BENCH-${i + 1},${day}/${month}/2024,${amount},${SUPPLIERS[i % SUPPLIERS.length]},${AREAS[i % AREAS.length]},${TYPES[i % TYPES.length]},"Bench payment ${i + 1}, line item",Revenue\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(DIR, { recursive: true });
  const file = `${DIR}/spend-${ROWS}.csv`;
  let started = performance.now();
  await writeFile(file, ROWS);
  console.log(`generated ${ROWS} rows in ${((performance.now() - started) / 1000).toFixed(1)} s: ${file}`);
  const pgliteDir = `${DIR}/pglite`;
  if (!config.DATABASE_URL) rmSync(pgliteDir, { recursive: true, force: true });
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir });
  await database.migrate();
  await followRegistry(registryInDatabase(database), config.REGISTRY_REFRESH_MS);
  const importer = await importerFor(await tokenFor('data-administrator', config), 'E07000190', 'spend', config);
  try {
    for (const run of ['first import', 're-import']) {
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(process.memoryUsage().rss / 2 ** 20), 100);
      const progress = progressReporter(process.stderr);
      started = performance.now();
      const result = await runImport({ kind: 'spend', organisation: 'E07000190', file, importer, database, onProgress: progress.update });
      progress.done();
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const memory = samples.length >= 10 ? memoryFlatness(samples) : null;
      console.log(
        `${run} on ${database.engine}: ${result.rows} rows in ${seconds.toFixed(1)} s = ${Math.round(result.rows / seconds)} rows/s; ` +
          `payments ${JSON.stringify(result.changes.payments)}; peak RSS ${Math.round(Math.max(...samples))} MiB` +
          (memory
            ? `; memory ${memory.flat ? 'flat' : 'NOT flat'} (early peak ${Math.round(memory.earlyPeakMiB)} MiB, late peak ${Math.round(memory.latePeakMiB)} MiB)`
            : ''),
      );
    }
  } finally {
    stopFollowingRegistry(database);
    await database.close();
    if (!args.includes('--keep')) rmSync(file, { force: true });
  }
}

await main();
