// Imports a member's file as its data administrator (docs/importing.md):
//   npm run -s import -- <spend|contracts|staff> --organisation <code> [--skip-invalid] [--dry-run]
//     [--json] [--mapping <file>] [--token <jwt>] <file>
// The token (or HUB_TOKEN) must be one of that organisation's, with the scope `import`.
// Uses DATABASE_URL when set, otherwise the embedded database in PGLITE_DIR (stop a hub
// running on that directory first: PGlite has one process). Exit status: 0 imported (or a
// clean dry run), 1 rows rejected or the import failed, 2 usage, 3 refused, 4 file unusable.
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/database.js';
import { followRegistry, registryInDatabase, stopFollowingRegistry } from '../platform/organisations.js';
import { IMPORT_KINDS, type ImportKind, ImportRefused, ImportStopped, importerFor, runImport, summary } from '../importer/index.js';
import { progressReporter } from '../importer/progress.js';

class UsageError extends Error {}

const USAGE = 'usage: import <spend|contracts|staff> --organisation <code> [--skip-invalid] [--dry-run] [--json] [--mapping <file>] [--token <jwt>] <file>';

interface Arguments {
  kind: ImportKind;
  organisation: string;
  file: string;
  skipInvalid: boolean;
  dryRun: boolean;
  json: boolean;
  mapping?: string;
  token?: string;
}

function parseArguments(args: string[]): Arguments {
  const [kind, ...rest] = args;
  if (!IMPORT_KINDS.includes(kind as ImportKind)) throw new UsageError(`The kind must be one of ${IMPORT_KINDS.join(', ')}, got "${kind ?? ''}"`);
  const parsed: Partial<Arguments> = { kind: kind as ImportKind, skipInvalid: false, dryRun: false, json: false };
  const files: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    const value = () => {
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--organisation') parsed.organisation = value().toUpperCase();
    else if (arg === '--mapping') parsed.mapping = value();
    else if (arg === '--token') parsed.token = value();
    else if (arg === '--skip-invalid') parsed.skipInvalid = true;
    else if (arg === '--dry-run') parsed.dryRun = true;
    else if (arg === '--json') parsed.json = true;
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}`);
    else files.push(arg);
  }
  if (!parsed.organisation) throw new UsageError('--organisation <code> is required');
  if (files.length !== 1) throw new UsageError('Give exactly one file');
  return { ...(parsed as Arguments), file: files[0]! };
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  const progress = progressReporter(process.stderr);
  try {
    await database.migrate();
    // Tokens are judged against the organisation registry, which lives in the database.
    await followRegistry(registryInDatabase(database), config.REGISTRY_REFRESH_MS);
    const importer = await importerFor(args.token ?? process.env.HUB_TOKEN, args.organisation, args.kind, config);
    const result = await runImport({
      kind: args.kind,
      organisation: args.organisation,
      file: args.file,
      importer,
      database,
      skipInvalid: args.skipInvalid,
      dryRun: args.dryRun,
      onProgress: progress.update,
      ...(args.mapping ? { mapping: args.mapping } : {}),
    });
    progress.done();
    process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${summary(result)}\n`);
    return result.rejected > 0 && !result.committed && !result.dryRun ? 1 : 0;
  } finally {
    progress.done();
    stopFollowingRegistry(database);
    await database.close();
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    const json = process.argv.includes('--json');
    const [status, kind] =
      error instanceof UsageError
        ? [2, 'usage']
        : error instanceof ImportRefused
          ? [3, 'refused']
          : error instanceof ImportStopped
            ? [4, 'stopped']
            : [1, 'failed'];
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (json) {
      const where = error instanceof ImportStopped ? { file: error.file, line: error.line, problem: error.problem } : {};
      process.stdout.write(`${JSON.stringify({ error: kind, message, ...where })}\n`);
    }
    process.stderr.write(`import: ${message}${error instanceof UsageError ? `\n${USAGE}` : ''}\n`);
    process.exit(status);
  },
);
