// One database handle for both engines: PGlite (embedded, the default) and a
// node-postgres pool when DATABASE_URL is set. Drizzle code is the same for both.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { logger } from './logger.js';
import { DatabaseUnavailableError, isDatabaseUnavailable, Reconnection, unavailableOr } from './unavailable.js';
import { ANONYMOUS, rowSecurityFor, type RowSecuritySettings } from './policy.js';
import { statementSpan } from './tracing.js';

export type Database = PgDatabase<PgQueryResultHKT>;

/**
 * The roles requests run as: hub_app for the four data subgraphs (it may append to the audit
 * trail but never read it), hub_audit_reader for the audit subgraph (it may read the trail),
 * hub_importer for an import of a member's files (importer/: its own organisation's rows only).
 */
export type RequestRole = 'hub_app' | 'hub_audit_reader' | 'hub_importer';

export { DatabaseUnavailableError };
export type { RowSecuritySettings };

export interface DatabaseHandle {
  /** The owner's connection: migrations, seeding and tests only. Requests never use it. */
  db: Database;
  /**
   * The owner's connection for the platform's own periodic reads (the organisation registry):
   * its statements are not counted in sqlStatements, which counts what requests run.
   */
  housekeeping: Database;
  engine: 'pglite' | 'postgres';
  /**
   * A database for one viewer's reads: every statement runs in its own transaction,
   * as the hub_app role (which owns nothing, so row-level security applies) with the
   * viewer's settings. No code path can read as the viewer and forget the settings.
   */
  readerFor(settings: RowSecuritySettings, role?: RequestRole): Database;
  /**
   * One mutation's writes for one viewer: a single transaction, as hub_app (or `role`) with
   * the viewer's settings, committed when `work` resolves and rolled back when it throws.
   */
  writeAs<T>(settings: RowSecuritySettings, work: (db: Database) => Promise<T>, role?: RequestRole): Promise<T>;
  /**
   * A connection of its own that is `role` for its whole life, with no viewer's settings,
   * each statement committing alone: for a single writer that only calls a function the
   * role may execute (the audit trail's appends), in one round trip a statement. On
   * PostgreSQL its statements are prepared once on that connection, not parsed and planned
   * at each call.
   */
  soleWriterAs(role: RequestRole): Database;
  migrate(): Promise<void>;
  /** Whether the database answers a trivial query: for readiness checks. */
  ping(): Promise<boolean>;
  /** Runs `work` while no other process holds the same lock (PGlite has one process anyway). */
  exclusively<T>(lock: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const migrationsFolder = fileURLToPath(new URL('../drizzle/migrations', import.meta.url));

/**
 * Counts the SQL statements sent through Drizzle. Tests and the benchmark read it to
 * prove that a request runs one statement per entity type per federation fetch.
 */
export const sqlStatements = {
  count: 0,
};

const countingLogger: Logger = {
  logQuery() {
    sqlStatements.count += 1;
  },
};

/** A prepared statement's name, derived from its text: the same text, the same name. */
const statementName = (text: string) => `hub_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;

/** Sets the role and the viewer's settings for the rest of the current transaction. */
const ROW_SECURITY_SQL =
  "select set_config('role', $1, true), set_config('hub.organisation', $2, true), " +
  "set_config('hub.sector', $3, true), set_config('hub.purpose', $4, true), set_config('hub.services', $5, true)";

/** Prepared once per connection, like a reader's statements. */
const ROW_SECURITY_QUERY: pg.QueryConfig = { name: statementName(ROW_SECURITY_SQL), text: ROW_SECURITY_SQL };

/**
 * Statements a connection keeps prepared, at most. A named statement is parsed, rewritten
 * under row-level security and planned once per connection instead of on every execution,
 * which took about a quarter of PostgreSQL's CPU off a request of the many-users mix. Each one
 * holds about 64 kB of the server session's memory (measured with pg_backend_memory_contexts),
 * and a statement's text varies with its batch (`in ($1, ..., $n)`), so past this many a
 * connection sends the rest unnamed.
 */
const MAX_PREPARED_PER_CONNECTION = 100;
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/** The statement, named when its connection has it prepared or has room for it. */
function prepared(client: pg.PoolClient, query: pg.QueryConfig): pg.QueryConfig {
  if (query.name) return query;
  const name = statementName(query.text);
  const names = preparedOn.get(client) ?? new Set<string>();
  preparedOn.set(client, names);
  if (!names.has(name)) {
    if (names.size >= MAX_PREPARED_PER_CONNECTION) return query;
    names.add(name);
  }
  return { ...query, name };
}

function settingsParams(settings: RowSecuritySettings, role: RequestRole): string[] {
  return [role, settings.organisation, settings.sector, settings.purpose, settings.services];
}

async function answers(query: Promise<unknown>): Promise<boolean> {
  try {
    await query;
    return true;
  } catch {
    return false;
  }
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  pgliteDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.pgliteDir);
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite({ client, logger: countingLogger }) as unknown as Database;
  const housekeeping = drizzlePglite({ client }) as unknown as Database;
  /** A transaction's statements, each in a span when tracing is on (PGlite has no instrumentation). */
  const traced = (tx: Transaction): Pick<Transaction, 'query'> => ({
    query: <T>(query: string, params?: unknown[], options?: object) => statementSpan(query, () => tx.query<T>(query, params, options)),
  });
  /** One transaction, as hub_app with the viewer's settings. */
  const asViewer = <T>(settings: RowSecuritySettings, work: (tx: Pick<Transaction, 'query'>) => Promise<T>, role: RequestRole = 'hub_app'): Promise<T> =>
    client.transaction(async (tx) => {
      await traced(tx).query(ROW_SECURITY_SQL, settingsParams(settings, role));
      return work(traced(tx));
    });
  const readerFor = (settings: RowSecuritySettings, role?: RequestRole) => {
    // PGlite has one connection: the transaction spans only this one statement.
    const reader = {
      query: (query: string, params?: unknown[], options?: object) => asViewer(settings, (tx) => tx.query(query, params, options), role),
    };
    return drizzlePglite({ client: reader as unknown as PGlite, logger: countingLogger }) as unknown as Database;
  };
  return {
    db,
    housekeeping,
    engine: 'pglite',
    readerFor,
    writeAs: (settings, work, role) =>
      asViewer(settings, (tx) => work(drizzlePglite({ client: tx as unknown as PGlite, logger: countingLogger }) as unknown as Database), role),
    // PGlite has one connection: the role is set per statement, as for a reader.
    soleWriterAs: (role) => readerFor(rowSecurityFor(ANONYMOUS), role),
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: () => answers(client.query('select 1')),
    exclusively: (_lock, work) => work(),
    close: () => client.close(),
  };
}

/**
 * A node-postgres pool whose connections never crash the process: the pool listens for
 * errors of idle connections only, and a server that drops a connection while it is
 * checked out (between two statements) emits an `error` event nobody else handles. Such a
 * connection is no longer queryable, and the pool discards it when it is released.
 */
function survivingPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // The pool's own event for an idle connection's error: each connection's listener below logs it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn({ reason: reasonOf(error) }, 'database connection lost'));
  });
  return pool;
}

async function openPostgres(databaseUrl: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = survivingPool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5_000 });
  const reconnection = new Reconnection((available, reason) =>
    available ? logger.info('database reachable again') : logger.warn({ reason }, 'database unreachable: refusing requests until it answers'),
  );
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`Cannot reach the PostgreSQL server in DATABASE_URL: ${reasonOf(error)}`);
  }
  /** A pooled connection, or DatabaseUnavailableError at once while the server is out of reach. */
  async function connect(from: pg.Pool = pool): Promise<pg.PoolClient> {
    reconnection.check();
    try {
      const client = await from.connect();
      reconnection.succeeded();
      return client;
    } catch (error) {
      // Waiting for a free connection of a busy pool is no sign of a lost server.
      if (!reasonOf(error).startsWith('timeout exceeded when trying to connect')) reconnection.failed(reasonOf(error));
      throw new DatabaseUnavailableError('The database is unavailable', { cause: error });
    }
  }
  const db = drizzlePg({ client: pool, logger: countingLogger }) as unknown as Database;
  const housekeeping = drizzlePg({ client: pool }) as unknown as Database;
  const ownConnections: pg.Pool[] = [];
  /**
   * The connections viewers' transactions run on. Each logs in as hub_app (a startup parameter,
   * as the audit writers' do) rather than as the owner, so whatever a transaction sends runs
   * under row-level security even before its settings are in force: without them hub_app sees
   * no protected rows. The owner's pool serves migrations, the seed and housekeeping.
   * Pipelining (node-postgres' `pipeline` option) lets a read's four statements go out
   * together; queries awaited one by one behave exactly as without it.
   */
  const viewers = survivingPool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    pipeline: true,
    options: '-c role=hub_app',
  });
  ownConnections.push(viewers);

  /**
   * One transaction of a viewer's on a `viewers` connection. After a failure it is rolled back,
   * and a connection the server dropped is discarded rather than returned to the pool (an open
   * transaction on it ends with it, so nothing half done is committed). The connection returns
   * to the pool only once the transaction has ended, so no viewer's settings outlive it.
   */
  async function viewerTransaction<T>(transaction: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await connect(viewers);
    let lost: Error | undefined;
    try {
      return await transaction(client);
    } catch (error) {
      if (isDatabaseUnavailable(error)) lost = error instanceof Error ? error : new Error(String(error));
      else await client.query('rollback').catch(() => undefined);
      throw unavailableOr(error);
    } finally {
      client.release(lost);
    }
  }

  /**
   * A viewer's write: as hub_app (or the importer) with the viewer's settings, which are in
   * force before any of the work's statements is sent.
   */
  const asViewer = <T>(settings: RowSecuritySettings, work: (client: pg.PoolClient) => Promise<T>, role: RequestRole = 'hub_app'): Promise<T> =>
    viewerTransaction(async (client) => {
      await Promise.all([client.query('begin'), client.query(ROW_SECURITY_QUERY, settingsParams(settings, role))]);
      const result = await work(client);
      await client.query('commit');
      return result;
    });

  /**
   * A viewer's read: `begin`, the viewer's settings, the statement and `commit` in one round
   * trip (node-postgres pipelining). Should the settings fail, the transaction is aborted and
   * the statement refused; should `begin` fail, the statement runs as hub_app with no settings
   * and row-level security shows it nothing. Never as the owner: see `viewers`.
   */
  const readAsViewer = (settings: RowSecuritySettings, role: RequestRole, query: pg.QueryConfig, params?: unknown[]): Promise<pg.QueryResult> =>
    viewerTransaction(async (client) => {
      const [, , result] = await Promise.all([
        client.query('begin'),
        client.query(ROW_SECURITY_QUERY, settingsParams(settings, role)),
        client.query(prepared(client, query), params),
        client.query('commit'),
      ]);
      return result;
    });
  return {
    db,
    housekeeping,
    engine: 'postgres',
    readerFor(settings, role) {
      const reader = {
        query: (query: pg.QueryConfig | string, params?: unknown[]) =>
          readAsViewer(settings, role ?? 'hub_app', typeof query === 'string' ? { text: query } : query, params),
      };
      return drizzlePg({ client: reader as unknown as pg.Pool, logger: countingLogger }) as unknown as Database;
    },
    writeAs: (settings, work, role) => asViewer(settings, (client) => work(drizzlePg({ client, logger: countingLogger }) as unknown as Database), role),
    soleWriterAs(role) {
      // The role is a startup parameter, so the connection is never the owner, reconnected or not.
      // A pool of one: a connection the server drops is replaced by the next append.
      const writer = survivingPool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 5_000, options: `-c role=${role}` });
      ownConnections.push(writer);
      // Named by their text: node-postgres prepares a named statement once per connection.
      const prepared = {
        async query(query: pg.QueryConfig, params?: unknown[]) {
          const client = await connect(writer);
          let lost: unknown;
          try {
            return await client.query({ ...query, name: query.name ?? statementName(query.text) }, params);
          } catch (error) {
            if (isDatabaseUnavailable(error)) lost = error;
            throw unavailableOr(error);
          } finally {
            client.release(lost instanceof Error ? lost : undefined);
          }
        },
      };
      return drizzlePg({ client: prepared as unknown as pg.Pool, logger: countingLogger }) as unknown as Database;
    },
    migrate: () => migratePg(db as never, { migrationsFolder }),
    // Not held back by the reconnection wait: a readiness check is how a returning server is noticed.
    async ping() {
      const ok = await answers(pool.query('select 1'));
      if (ok) reconnection.succeeded();
      return ok;
    },
    async exclusively(lock, work) {
      // A session lock lives on one connection: hold that connection until unlocked.
      const client = await connect();
      try {
        await client.query('select pg_advisory_lock($1)', [lock]);
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [lock]);
        }
      } finally {
        client.release();
      }
    },
    close: async () => {
      await Promise.all(ownConnections.map((own) => own.end()));
      await pool.end();
    },
  };
}
