// `npm run audit:verify`: walks the audit trail's hash chain from the first record to
// the head, in pages (bounded memory), and exits 1 naming the first record that was
// altered, removed or reordered. Reads DATABASE_URL, or the embedded database in
// PGLITE_DIR (stop the hub first: the embedded database belongs to one process).
import { verifyChain } from '../platform/auditChain.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/database.js';
import { exitWithMessage } from '../platform/standalone.js';

try {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: 1 });
  const verdict = await verifyChain(database.db).finally(() => database.close());
  if (verdict.ok) {
    process.stdout.write(`Audit trail verified: ${verdict.records} records, head ${verdict.head.seq} ${verdict.head.hash}\n`);
  } else {
    process.stderr.write(`Audit trail broken at record ${verdict.firstBad}: ${verdict.problem} (${verdict.records} records verified before it)\n`);
    process.exitCode = 1;
  }
} catch (error) {
  exitWithMessage(error);
}
