// The four member organisations that hold demo data, and what the seed calls them.
import { ORGANISATIONS, type RegisteredOrganisation } from '../../platform/organisations.js';

export const SCC = 'E10000027';
export const TDBC = 'E07000190';
export const POLICE = 'E23000036';
export const SWONE = 'SWONE';
export const MEMBER_CODES = [SCC, TDBC, POLICE, SWONE] as const;
export type MemberCode = (typeof MEMBER_CODES)[number];

/** One value per member organisation. */
export function perMember<T>(make: (code: MemberCode) => T): Record<MemberCode, T> {
  return { [SCC]: make(SCC), [TDBC]: make(TDBC), [POLICE]: make(POLICE), [SWONE]: make(SWONE) };
}

export function orgSpec(code: string): RegisteredOrganisation {
  const spec = ORGANISATIONS.find((o) => o.code === code);
  if (!spec) throw new RangeError(`unknown organisation ${code}`);
  return spec;
}
