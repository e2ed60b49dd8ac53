// The organisation registry as every process sees it: who the hub serves, their sector, their
// standing and the services they draw down. The registry lives in the database (people.organisation
// and people.organisation_service); each process keeps a copy, read at start and again every
// REGISTRY_REFRESH_MS, so that a change made anywhere takes effect everywhere within that bound
// plus one read, without a restart. A token names an organisation; its sector always comes from
// here, never from the token.
import { asc } from 'drizzle-orm';
import { organisation, organisationService } from '../drizzle/people.js';
import { SERVICES, type Service } from '../subgraphs/registry.js';
import type { Sector } from './policy.js';

// The services organisations draw down, for code that may not read the registry of subgraphs itself.
export { SERVICES, type Service };
import type { DatabaseHandle } from './database.js';
import { todayInUk } from './dates.js';
import { logger } from './logger.js';

export type { Sector };
export type OrganisationStatus = 'CANDIDATE' | 'MEMBER' | 'SUSPENDED' | 'LEFT';

export interface Entitlement {
  service: Service;
  /** The first day it is drawn down (YYYY-MM-DD). */
  from: string;
  /** The day it stopped, when it was given up; null while drawn down. */
  until: string | null;
}

export interface RegisteredOrganisation {
  code: string;
  name: string;
  sector: Sector;
  status: OrganisationStatus;
  caseReferencePrefix: string | null;
  joinedOn: string | null;
  /** The last day it is served, once its leaving is recorded. */
  leavingOn: string | null;
  entitlements: readonly Entitlement[];
  version: number;
}

let registry = new Map<string, RegisteredOrganisation>();

export function registeredOrganisation(code: string): RegisteredOrganisation | undefined {
  return registry.get(code);
}

/** Every registered organisation, by code. */
export function registeredOrganisations(): RegisteredOrganisation[] {
  return [...registry.values()];
}

/** The sector of a row's owning organisation; unknown codes are treated as the most restricted. */
export function sectorOf(code: string): Sector {
  return registry.get(code)?.sector ?? 'POLICE';
}

/** Its standing on `day`: a member whose leaving day has passed has left. */
export function standingOf(registered: Pick<RegisteredOrganisation, 'status' | 'leavingOn'>, day = todayInUk()): OrganisationStatus {
  if (registered.leavingOn !== null && registered.leavingOn < day) return 'LEFT';
  return registered.status;
}

/** Whether its users are served on `day`: a member that has not left. */
export function isServed(registered: RegisteredOrganisation, day = todayInUk()): boolean {
  return standingOf(registered, day) === 'MEMBER';
}

/** The services it draws down on `day`. */
export function servicesOf(registered: RegisteredOrganisation, day = todayInUk()): Set<Service> {
  return new Set(registered.entitlements.filter((e) => e.from <= day && (e.until === null || e.until > day)).map((e) => e.service));
}

/** Where a process reads the registry: its database, or (the standalone gateway, which has none) a subgraph's /registry. */
export interface RegistrySource {
  /** The same source twice is followed once. */
  readonly key: unknown;
  read(): Promise<RegisteredOrganisation[]>;
}

/** The registry as the database holds it (the people subgraph's tables, read as their owner). */
export async function readRegistry(database: DatabaseHandle): Promise<RegisteredOrganisation[]> {
  const [organisations, entitlements] = await Promise.all([
    database.housekeeping.select().from(organisation).orderBy(asc(organisation.code)),
    database.housekeeping.select().from(organisationService),
  ]);
  const byOrganisation = new Map<string, Entitlement[]>();
  for (const row of entitlements) {
    const list = byOrganisation.get(row.organisationCode) ?? [];
    list.push({ service: row.service as Service, from: row.fromDate, until: row.untilDate });
    byOrganisation.set(row.organisationCode, list);
  }
  return organisations.map((row) => ({
    code: row.code,
    name: row.name,
    sector: row.sector,
    status: row.status,
    caseReferencePrefix: row.caseReferencePrefix,
    joinedOn: row.joinedOn,
    leavingOn: row.leavingOn,
    entitlements: byOrganisation.get(row.code) ?? [],
    version: row.version,
  }));
}

export function registryInDatabase(database: DatabaseHandle): RegistrySource {
  return { key: database, read: () => readRegistry(database) };
}

/** The registry as a subgraph serves it at /registry (read from its database at each request). */
export function registryServedAt(url: string): RegistrySource {
  return {
    key: url,
    async read() {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return (await response.json()) as RegisteredOrganisation[];
    },
  };
}

let following: { source: RegistrySource; timer: NodeJS.Timeout } | undefined;
let loaded = false;

/** Whether this process has read the registry at least once: until then no token can be judged. */
export function registryLoaded(): boolean {
  return loaded;
}

async function reload(source: RegistrySource): Promise<void> {
  registry = new Map((await source.read()).map((registered) => [registered.code, registered]));
  loaded = true;
}

/**
 * Keeps this process's copy of the registry current: read now, then every `intervalMs`. A
 * process follows one source; following another (a test's fresh database) replaces it. While
 * the source is unreadable the last copy stays in use (logged once) and is replaced when it
 * answers. With `waitForFirstRead` false (the standalone gateway, whose subgraphs may start
 * after it) a failed first read is retried on the interval instead of failing the start.
 */
export async function followRegistry(source: RegistrySource, intervalMs: number, { waitForFirstRead = true } = {}): Promise<void> {
  if (following?.source.key === source.key) return;
  stopFollowingRegistry();
  let failing = false;
  const read = () =>
    reload(source).then(
      () => {
        if (failing) logger.info('organisation registry read again');
        failing = false;
      },
      (error: unknown) => {
        if (!failing)
          logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'organisation registry unreadable: keeping the last copy');
        failing = true;
      },
    );
  if (waitForFirstRead) await reload(source);
  else await read();
  const timer = setInterval(read, intervalMs);
  // The registry never keeps a process alive on its own.
  timer.unref();
  following = { source, timer };
}

/** Reads the registry again now, in the process that just changed it; the others follow within their interval. */
export async function rereadRegistry(): Promise<void> {
  if (following) await reload(following.source);
}

/** Stops following (a closing database); the last copy stays. */
export function stopFollowingRegistry(key?: unknown): void {
  if (!following || (key !== undefined && following.source.key !== key)) return;
  clearInterval(following.timer);
  following = undefined;
}
