// The hub under test: one per worker, on one shared database, started on free ports.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../platform/database.js';
import type { SQL } from 'drizzle-orm';
import { buildGateway, gatewaySettings, type QueryPlan } from '../../gateway/server.js';
import type { AppServing } from '../../gateway/app.js';
import { listen } from '../../platform/http.js';
import { createIdentity } from '../../platform/identity.js';
import { startHub, type RunningHub } from '../../gateway/hub.js';
import { SignJWT } from 'jose';
import { loadConfig, type Config } from '../../platform/config.js';
import { portSetting, SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/registry.js';
import { tokenFor, type PersonaName } from '../../platform/personas.js';
import { followRegistry, registryInDatabase } from '../../platform/organisations.js';

let database: Promise<DatabaseHandle> | undefined;
let hub: Promise<RunningHub> | undefined;

/**
 * The worker's database: the PostgreSQL test database, or a private copy of the PGlite template.
 * The worker follows its organisation registry, as every hub process does.
 */
export function testDatabase(): Promise<DatabaseHandle> {
  database ??= (async () => {
    const provided = inject('database');
    let handle: DatabaseHandle;
    if (provided.engine === 'postgres') {
      handle = await openDatabase({ databaseUrl: provided.url, pgliteDir: '', poolSize: 10 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      cpSync(provided.templateDir, dir, { recursive: true });
      handle = await openDatabase({ pgliteDir: dir });
    }
    await followRegistry(registryInDatabase(handle), testConfig().REGISTRY_REFRESH_MS);
    return handle;
  })();
  return database;
}

/** Follows the worker's database's registry again, after a test followed a private database's. */
export async function followWorkerRegistry(): Promise<void> {
  await followRegistry(registryInDatabase(await testDatabase()), testConfig().REGISTRY_REFRESH_MS);
}

/** Rows of a query run straight on the test database, to check answers against. */
export async function sqlRows<Row>(query: SQL): Promise<Row[]> {
  const { db } = await testDatabase();
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** Configuration of a hub under test: free ports, test mode, the demo identity. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [portSetting(name), '0'])),
    // The authorisation tests send every persona free-form operations; the persisted-only
    // rule (by default for the reporting account) is tested on its own gateways.
    PERSISTED_ONLY_CLIENTS: '',
    ...overrides,
  });
}

/** A gateway of its own, on a free port, over the test hub's subgraphs (some replaced by `subgraphUrls`), with its own settings (and the web app, when asked). */
export async function gatewayOver(
  hub: RunningHub,
  options: { settings?: Record<string, string>; subgraphUrls?: Partial<Record<SubgraphName, string>>; app?: AppServing } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const config = testConfig(options.settings);
  const gateway = await buildGateway({
    subgraphUrls: { ...Object.fromEntries(Object.entries(hub.subgraphs).map(([name, served]) => [name, served.url])), ...options.subgraphUrls },
    identity: createIdentity(config),
    developmentMode: false,
    ...gatewaySettings(config),
    ...(options.app ? { app: options.app } : {}),
  });
  const listening = await listen(gateway.app, 0);
  return {
    url: listening.url,
    async stop() {
      await listening.close();
      await gateway.stop();
    },
  };
}

let planListener: ((plan: QueryPlan) => void) | undefined;

export function testHub(): Promise<RunningHub> {
  hub ??= (async () => startHub(testConfig(), { database: await testDatabase(), onQueryPlan: (plan) => planListener?.(plan) }))();
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

/** Authorization header of a demo persona, signed with the test configuration's demo secret. */
export async function asPersona(persona: PersonaName, purpose?: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(persona, testConfig())}` };
  if (purpose) headers['x-purpose'] = purpose;
  return headers;
}

/**
 * Authorization header of a made-up staff member of `organisation` holding `scopes`:
 * for tests of the graph's mechanics (joins, batching, paging) rather than of the personas.
 */
export async function asStaffOf(organisation: string, scopes: string[], purpose?: string): Promise<Record<string, string>> {
  return asPerson('00000000-0000-4000-8000-00000000test', organisation, scopes, purpose);
}

/**
 * Authorization header of a given person (`sub`) of `organisation` holding `scopes`: for
 * tests where who the caller is matters (the requester of an order, a delegated approver).
 */
export async function asPerson(subject: string, organisation: string, scopes: string[], purpose?: string): Promise<Record<string, string>> {
  const config = testConfig();
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ org: organisation, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(config.AUTH_SECRET));
  return { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) };
}

/** Every scope a member of staff can hold for reading: for mechanics tests. */
export const ALL_READ_SCOPES = ['staff', 'hr', 'hr:sensitive', 'finance', 'procurement', 'contacts', 'contacts:sensitive'];
