// The hub under test: one per worker, on one shared database, started on free ports.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../subgraphs/kit/database.js';
import type { SQL } from 'drizzle-orm';
import type { QueryPlan } from '../../gateway/server.js';
import { startHub, type RunningHub } from '../../gateway/hub.js';

let database: Promise<DatabaseHandle> | undefined;
let hub: Promise<RunningHub> | undefined;

/** The worker's database: the PostgreSQL test database, or a private copy of the PGlite template. */
export function testDatabase(): Promise<DatabaseHandle> {
  database ??= (async () => {
    const provided = inject('database');
    if (provided.engine === 'postgres') return openDatabase({ databaseUrl: provided.url, pgliteDir: '', poolSize: 10 });
    const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    cpSync(provided.templateDir, dir, { recursive: true });
    return openDatabase({ pgliteDir: dir });
  })();
  return database;
}

/** Rows of a query run straight on the test database, to check answers against. */
export async function sqlRows<Row>(query: SQL): Promise<Row[]> {
  const { db } = await testDatabase();
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

const FREE_PORTS = { PORT: 0, PEOPLE_PORT: 0, FINANCE_PORT: 0, PROCUREMENT_PORT: 0, CONTACTS_PORT: 0 };

let planListener: ((plan: QueryPlan) => void) | undefined;

export function testHub(): Promise<RunningHub> {
  hub ??= (async () =>
    startHub(
      { ...FREE_PORTS, PGLITE_DIR: '', DATABASE_URL: undefined, DATABASE_POOL_SIZE: 10 },
      { database: await testDatabase(), onQueryPlan: (plan) => planListener?.(plan) },
    ))();
  return hub;
}

/** The subgraphs that the gateway's query plan fetches from while `run` executes. */
export async function subgraphsPlannedFor(run: () => Promise<unknown>): Promise<Set<string>> {
  const services = new Set<string>();
  planListener = (plan) => {
    for (const match of JSON.stringify(plan).matchAll(/"serviceName":"([a-z]+)"/g)) services.add(match[1]!);
  };
  try {
    await run();
  } finally {
    planListener = undefined;
  }
  return services;
}

export interface GraphQLResponse<Data = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: Data | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

/** POSTs one operation to a GraphQL endpoint and returns status, headers and parsed body. */
export async function graphql<Data = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<Data>['body'] };
}
