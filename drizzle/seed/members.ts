// The demo organisations: the four members that hold demo data, and the district councils
// that may join later. The seed enters them in the registry as an operator would
// (subgraphs/people/registry.ts), from the first day of the demo data.
import type { Database } from '../../platform/database.js';
import type { Sector } from '../../platform/organisations.js';
import { onboard, registerCandidate } from '../../subgraphs/people/registry.js';
import { SERVICES } from '../../subgraphs/registry.js';

export const SCC = 'E10000027';
export const TDBC = 'E07000190';
export const POLICE = 'E23000036';
export const SWONE = 'SWONE';
export const MEMBER_CODES = [SCC, TDBC, POLICE, SWONE] as const;
export type MemberCode = (typeof MEMBER_CODES)[number];

/** The day the demo members joined: the first day of the seeded financial years. */
export const DEMO_JOINING_DAY = '2024-04-01';
const SEEDED_AT = new Date(`${DEMO_JOINING_DAY}T09:00:00Z`);

interface DemoOrganisation {
  code: string;
  name: string;
  sector: Sector;
}

const MEMBERS: Readonly<Record<MemberCode, DemoOrganisation>> = {
  [SCC]: { code: SCC, name: 'Somerset County Council', sector: 'COUNCIL' },
  [TDBC]: { code: TDBC, name: 'Taunton Deane Borough Council', sector: 'COUNCIL' },
  [POLICE]: { code: POLICE, name: 'Avon and Somerset Police', sector: 'POLICE' },
  [SWONE]: { code: SWONE, name: 'Southwest One', sector: 'SHARED_SERVICE' },
};

const CANDIDATES: readonly DemoOrganisation[] = [
  { code: 'E07000188', name: 'Sedgemoor District Council', sector: 'COUNCIL' },
  { code: 'E07000187', name: 'Mendip District Council', sector: 'COUNCIL' },
  { code: 'E07000189', name: 'South Somerset District Council', sector: 'COUNCIL' },
  { code: 'E07000191', name: 'West Somerset Council', sector: 'COUNCIL' },
];

/**
 * The contact-case prefixes the councils are given when they join (their names' initials);
 * the contacts seed numbers its cases with them before the registry is read.
 */
export const CASE_PREFIX: Readonly<Partial<Record<MemberCode, string>>> = { [SCC]: 'SCC', [TDBC]: 'TDBC' };

/** One value per member organisation. */
export function perMember<T>(make: (code: MemberCode) => T): Record<MemberCode, T> {
  return { [SCC]: make(SCC), [TDBC]: make(TDBC), [POLICE]: make(POLICE), [SWONE]: make(SWONE) };
}

export function orgSpec(code: MemberCode): DemoOrganisation {
  return MEMBERS[code];
}

/** Enters the demo organisations in the emptied registry: the members drawing down every service, then the candidates. */
export async function registerDemoOrganisations(db: Database): Promise<void> {
  for (const code of MEMBER_CODES) {
    await onboard(db, { ...MEMBERS[code], services: SERVICES, joinedOn: DEMO_JOINING_DAY, reason: 'Demo data', recordedBy: 'seed', recordedAt: SEEDED_AT });
  }
  for (const candidate of CANDIDATES) await registerCandidate(db, candidate, SEEDED_AT);
}
