// The organisation registry: who the hub serves and which sector each belongs to.
// A token names an organisation; its sector always comes from here, never from the token.
export type Sector = 'COUNCIL' | 'POLICE' | 'SHARED_SERVICE';

export interface RegisteredOrganisation {
  code: string;
  name: string;
  sector: Sector;
  /** False for councils expected to join later: they have no data and no users yet. */
  member: boolean;
}

export const ORGANISATIONS: readonly RegisteredOrganisation[] = [
  { code: 'E10000027', name: 'Somerset County Council', sector: 'COUNCIL', member: true },
  { code: 'E07000190', name: 'Taunton Deane Borough Council', sector: 'COUNCIL', member: true },
  { code: 'E23000036', name: 'Avon and Somerset Police', sector: 'POLICE', member: true },
  { code: 'SWONE', name: 'Southwest One', sector: 'SHARED_SERVICE', member: true },
  { code: 'E07000188', name: 'Sedgemoor District Council', sector: 'COUNCIL', member: false },
  { code: 'E07000187', name: 'Mendip District Council', sector: 'COUNCIL', member: false },
  { code: 'E07000189', name: 'South Somerset District Council', sector: 'COUNCIL', member: false },
  { code: 'E07000191', name: 'West Somerset Council', sector: 'COUNCIL', member: false },
];

const BY_CODE = new Map(ORGANISATIONS.map((organisation) => [organisation.code, organisation]));

export function registeredOrganisation(code: string): RegisteredOrganisation | undefined {
  return BY_CODE.get(code);
}

/** The sector of a row's owning organisation; unknown codes are treated as the most restricted. */
export function sectorOf(code: string): Sector {
  return BY_CODE.get(code)?.sector ?? 'POLICE';
}
