// Changes to the organisation registry (people.organisation and its entitlements), as the
// shared-service company's administrators make them through the graph, and as the seed makes
// them for the demo organisations. Every process reads the registry again within the bound of
// platform/organisations.ts; the process that made a change reads it at once.
import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { organisation, organisationService, organisationStatusChange, type OrganisationRow } from '../../drizzle/people.js';
import type { Database } from '../../platform/database.js';
import { conflict, invalidField } from '../../platform/mutations.js';
import type { OrganisationStatus, Sector, Service } from '../../platform/organisations.js';

/** The GSS code kinds of each sector: councils (unitary, district, metropolitan, London borough, county) and police force areas. */
export const GSS_KINDS: Readonly<Record<Exclude<Sector, 'SHARED_SERVICE'>, readonly string[]>> = {
  COUNCIL: ['E06', 'E07', 'E08', 'E09', 'E10'],
  POLICE: ['E23'],
};

/** Why a code is not a GSS code of its sector's kind, or null when it is one. */
export function gssCodeProblem(code: string, sector: Exclude<Sector, 'SHARED_SERVICE'>): string | null {
  const kinds = GSS_KINDS[sector];
  if (!/^[EWSN]\d{8}$/.test(code)) return 'must be a GSS code: a letter and eight digits, such as E07000188';
  return kinds.includes(code.slice(0, 3)) ? null : `must be the GSS code of a ${sector.toLowerCase()} (${kinds.join(', ')})`;
}

// Words left out of a name's initials.
const SMALL_WORDS = new Set(['and', 'of', 'the', 'for']);

/** A case-reference prefix from the name's initials (Sedgemoor District Council: SDC), unique in the registry. */
export async function freeCaseReferencePrefix(db: Database, name: string): Promise<string> {
  const initials = name
    .split(/\s+/)
    .filter((word) => word !== '' && !SMALL_WORDS.has(word.toLowerCase()))
    .map((word) => word[0]!.toUpperCase())
    .join('')
    .replace(/[^A-Z]/g, '')
    .slice(0, 6);
  const stem = initials.length >= 2 ? initials : 'ORG';
  const taken = new Set((await db.select({ prefix: organisation.caseReferencePrefix }).from(organisation)).map((row) => row.prefix));
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? stem : `${stem}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export interface Onboarding {
  code: string;
  name: string;
  sector: Sector;
  services: readonly Service[];
  /** The first day it is served (YYYY-MM-DD). */
  joinedOn: string;
  reason: string;
  /** The administrator's token subject. */
  recordedBy: string;
  /** When the change is recorded: now unless given (the seed gives a fixed time, so its rows are the same every time). */
  recordedAt?: Date;
}

/** The organisation's row, locked until the transaction ends, or undefined. */
export async function lockedOrganisation(db: Database, code: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisation).where(eq(organisation.code, code)).for('update');
  return row;
}

/**
 * Makes an organisation a member from `joinedOn`, drawing down `services`: a candidate already
 * in the registry joins (its name and sector as given), an unknown one is registered and joins.
 */
export async function onboard(db: Database, onboarding: Onboarding): Promise<void> {
  const existing = await lockedOrganisation(db, onboarding.code);
  if (existing && existing.status !== 'CANDIDATE') {
    throw invalidField('input.code', `is already in the registry as ${existing.name} (${existing.status.toLowerCase()})`);
  }
  if (existing && existing.sector !== onboarding.sector) {
    throw invalidField('input.sector', `must be ${existing.sector}: the registry knows ${existing.code} as ${existing.name}`);
  }
  const caseReferencePrefix = await freeCaseReferencePrefix(db, onboarding.name);
  const recordedAt = onboarding.recordedAt ?? new Date();
  const joining = { name: onboarding.name, status: 'MEMBER' as const, caseReferencePrefix, joinedOn: onboarding.joinedOn, updatedAt: recordedAt };
  if (existing) {
    await db
      .update(organisation)
      .set({ ...joining, version: existing.version + 1 })
      .where(eq(organisation.code, existing.code));
  } else {
    await db.insert(organisation).values({ code: onboarding.code, sector: onboarding.sector, ...joining });
  }
  if (onboarding.services.length > 0) {
    await db
      .insert(organisationService)
      .values(onboarding.services.map((service) => ({ organisationCode: onboarding.code, service, fromDate: onboarding.joinedOn })));
  }
  await recordStatus(db, onboarding.code, 'MEMBER', onboarding.joinedOn, onboarding.reason, onboarding.recordedBy, recordedAt);
}

/** Registers an organisation that may join later: a candidate, served nothing. */
export async function registerCandidate(db: Database, candidate: { code: string; name: string; sector: Sector }, recordedAt = new Date()): Promise<void> {
  await db.insert(organisation).values({ ...candidate, status: 'CANDIDATE', updatedAt: recordedAt });
}

/** The member's row, locked, at the version the caller read; refused when unknown or stale. */
export async function organisationAtVersion(db: Database, code: string, version: number): Promise<OrganisationRow> {
  const current = await lockedOrganisation(db, code);
  if (!current) throw invalidField('input.code', 'no organisation in the registry has this code');
  if (current.version !== version) throw conflict('The organisation', current.version);
  return current;
}

/** Draws down exactly `services` from `day`: the ones given up end that day, the new ones start it. */
export async function replaceEntitlements(db: Database, code: string, services: readonly Service[], day: string): Promise<void> {
  const current = await db
    .select()
    .from(organisationService)
    .where(and(eq(organisationService.organisationCode, code), isNull(organisationService.untilDate)));
  const wanted = new Set(services);
  for (const held of current) {
    if (wanted.has(held.service as Service)) continue;
    await db
      .update(organisationService)
      .set({ untilDate: day })
      .where(
        and(eq(organisationService.organisationCode, code), eq(organisationService.service, held.service), eq(organisationService.fromDate, held.fromDate)),
      );
  }
  const heldNow = new Set(current.map((held) => held.service));
  const added = services.filter((service) => !heldNow.has(service));
  if (added.length > 0) {
    // A service given up and taken again the same day keeps its earlier row.
    await db
      .insert(organisationService)
      .values(added.map((service) => ({ organisationCode: code, service, fromDate: day })))
      .onConflictDoUpdate({
        target: [organisationService.organisationCode, organisationService.service, organisationService.fromDate],
        set: { untilDate: null },
      });
  }
}

/**
 * One change of standing, in the registry's history. Its id is derived from what it records, so
 * that the seed's history is the same every time; two changes of one organisation never share a millisecond and status.
 */
export async function recordStatus(
  db: Database,
  code: string,
  status: OrganisationStatus,
  effectiveOn: string,
  reason: string,
  recordedBy: string,
  recordedAt = new Date(),
): Promise<void> {
  const digest = createHash('sha256').update(`${code}|${status}|${recordedAt.toISOString()}`).digest('hex');
  const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  await db.insert(organisationStatusChange).values({ id, organisationCode: code, status, effectiveOn, reason, recordedBy, recordedAt });
}
