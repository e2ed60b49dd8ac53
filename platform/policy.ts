// The one access policy. The gateway (before planning), every subgraph (shield
// rules and row checks) and the database (row-level security settings) all ask
// this module, so the policy tables of docs/access-policy.md have exactly one implementation.
import type { Service } from '../subgraphs/registry.js';

/** The sector an organisation belongs to (from the organisation registry, never from a token). */
export type Sector = 'COUNCIL' | 'POLICE' | 'SHARED_SERVICE';

export const MARKINGS = ['PUBLIC', 'OFFICIAL', 'SENSITIVE', 'POLICE'] as const;
export type Marking = (typeof MARKINGS)[number];

/** A field's marking and the scopes its reader needs, as written in the SDL's @access. */
export interface Access {
  marking: Marking;
  scopes: readonly string[];
  /**
   * The services that can serve the field (its subgraph's, or any of several for a field
   * several subgraphs resolve): the reader's organisation must draw down one of them to read
   * it unless it is PUBLIC. Absent for the audit trail, which no organisation draws down.
   */
  services?: readonly Service[];
}

/** The longest X-Purpose accepted; a longer one is refused rather than cut. */
export const MAX_PURPOSE_LENGTH = 200;

/** Scope that lets a user read records another organisation disclosed to theirs under an information-sharing agreement. */
export const SHARING_SCOPE = 'sharing';

/** Scope of an information-governance lead: proposes, approves, suspends and ends their organisation's agreements. */
export const SHARING_GOVERNANCE_SCOPE = 'sharing:govern';

/** The purposes an information-sharing agreement can allow; a reader's X-Purpose starts with one. */
export const SHARING_PURPOSES = ['SAFEGUARDING', 'STAFF_SAFETY', 'CRIME_PREVENTION', 'ANTISOCIAL_BEHAVIOUR'] as const;
export type SharingPurpose = (typeof SHARING_PURPOSES)[number];

/**
 * The agreement purpose a stated purpose starts with, in words or as its code, any case:
 * "Safeguarding strategy meeting for SCC-2026-000123" and "CRIME_PREVENTION patrol" name
 * SAFEGUARDING and CRIME_PREVENTION; "Crime prevention: Op BLUEBELL" names CRIME_PREVENTION;
 * "Checking a referral" names none.
 */
export function purposeNamed(purpose: string | null): SharingPurpose | null {
  const words =
    purpose
      ?.trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_') ?? '';
  return SHARING_PURPOSES.find((named) => words.startsWith(named) && !/[A-Z0-9]/.test(words.charAt(named.length))) ?? null;
}

export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      subject: string;
      organisation: { code: string; sector: Sector };
      scopes: ReadonlySet<string>;
      /** The services the viewer's organisation draws down, from the organisation registry. */
      services: ReadonlySet<Service>;
      /** The stated purpose (X-Purpose header), needed to read POLICE fields. */
      purpose: string | null;
    };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/** Who a row belongs to, and whether it is on the police side or shared across the line. */
export interface RowOwner {
  organisationCode: string;
  sector: Sector;
  /** Police operational rows (101 and crime reports): police-only whatever the field's marking. */
  policeOnly?: boolean;
  /** Another organisation's row as it reached the viewer's organisation: disclosed to it under an agreement. */
  sharedUnder?: SharedUnder;
  /** Organisations that hold the row as their own besides its owner (both parties of a disclosure or an agreement). */
  heldBy?: readonly string[];
}

/** Where an information-sharing agreement stands today: only IN_FORCE lets anything be read under it. */
export type AgreementStanding = 'IN_FORCE' | 'DRAFT' | 'SUSPENDED' | 'ENDED' | 'NOT_STARTED';

/** The terms a disclosed row was shared under, as the recipient reads it. */
export interface SharedUnder {
  agreementId: string;
  /** ISA-2026-0001, for messages. */
  reference: string;
  recipientCode: string;
  standing: AgreementStanding;
  purposes: readonly string[];
  /** The field coordinates it shares (ContactCase.summary): nothing else of the row is read. */
  fields: ReadonlySet<string>;
}

/** The owner of a row whose organisation is not known: every non-PUBLIC field is refused. */
export const UNESTABLISHED_OWNER: RowOwner = { organisationCode: '', sector: 'POLICE' };

/**
 * A refusal's code: FORBIDDEN; NOT_ENTITLED when the viewer's organisation does not draw down the
 * service; AGREEMENT_NOT_ACTIVE or PURPOSE_NOT_ALLOWED for a record shared under an agreement.
 */
export type RefusalCode = 'FORBIDDEN' | 'NOT_ENTITLED' | 'AGREEMENT_NOT_ACTIVE' | 'PURPOSE_NOT_ALLOWED';

export type Decision = { allow: true } | { allow: false; reason: string; code: RefusalCode };

const ALLOW: Decision = { allow: true };
const deny = (reason: string): Decision => ({ allow: false, reason, code: 'FORBIDDEN' });
const notEntitled = (services: readonly Service[]): Decision => ({
  allow: false,
  reason: `Your organisation does not draw down the ${services.join(' or ')} service`,
  code: 'NOT_ENTITLED',
});

/**
 * Field-level decision: may this viewer read this field on some row? Needs only
 * the viewer and the marking, so the gateway can decide before planning.
 */
export function mayReadField(viewer: Viewer, access: Access): Decision {
  if (access.marking === 'PUBLIC') return ALLOW;
  if (viewer.kind === 'anonymous') return deny('Sign in to read this field: it is not public');
  if (access.services?.length && !access.services.some((service) => viewer.services.has(service))) return notEntitled(access.services);
  const missing = access.scopes.filter((scope) => !viewer.scopes.has(scope));
  if (missing.length > 0) return deny(`Your access does not include the scope ${missing.join(', ')}`);
  if (access.marking === 'POLICE') {
    if (viewer.organisation.sector !== 'POLICE') return deny('Police data is readable by police staff only');
    if (!viewer.purpose) return deny('Reading police data needs a stated purpose: send an X-Purpose header');
  }
  return ALLOW;
}

/** Why an agreement that is not in force lets nothing be read: its code names it for clients. */
export function agreementNotActive(reference: string, standing: AgreementStanding): Decision {
  const why =
    standing === 'NOT_STARTED' ? 'has not started yet' : standing === 'DRAFT' ? 'is not yet approved by both parties' : `is ${standing.toLowerCase()}`;
  return { allow: false, reason: `Information-sharing agreement ${reference} ${why}: nothing shared under it can be read`, code: 'AGREEMENT_NOT_ACTIVE' };
}

/** The refusal of a read whose stated purpose the agreement does not allow. */
export function purposeNotAllowed(reference: string, purposes: readonly string[]): Decision {
  return {
    allow: false,
    reason: `Information-sharing agreement ${reference} allows reading only for ${purposes.join(' or ')}: start X-Purpose with one of them`,
    code: 'PURPOSE_NOT_ALLOWED',
  };
}

/**
 * A record disclosed to the viewer's organisation: read while its agreement is in force, with
 * the sharing scope and a purpose the agreement allows, and only the fields it shares.
 */
export function mayReadShared(viewer: Extract<Viewer, { kind: 'user' }>, shared: SharedUnder, coordinate: string | null): Decision {
  if (shared.standing !== 'IN_FORCE') return agreementNotActive(shared.reference, shared.standing);
  if (!viewer.scopes.has(SHARING_SCOPE)) return deny(`Reading what another organisation shared with yours needs the scope ${SHARING_SCOPE}`);
  const purpose = purposeNamed(viewer.purpose);
  if (!purpose || !shared.purposes.includes(purpose)) return purposeNotAllowed(shared.reference, shared.purposes);
  // Null asks about the record as a whole: may anything of it be read?
  return coordinate === null || shared.fields.has(coordinate) ? ALLOW : deny(`Information-sharing agreement ${shared.reference} does not share this field`);
}

/**
 * Row-level decision: may this viewer read this field (`coordinate`, Type.field) of this row?
 * A marking never lets one organisation read another's SENSITIVE or POLICE rows; the only way
 * across is a row disclosed to the viewer's organisation under an agreement in force.
 */
export function mayReadRow(viewer: Viewer, access: Access, row: RowOwner | null, coordinate = ''): Decision {
  const field = mayReadField(viewer, access);
  if (!field.allow || (access.marking === 'PUBLIC' && !row?.policeOnly)) return field;
  if (viewer.kind === 'anonymous') return deny('Sign in to read this field: it is not public');
  if (!row) return field;
  if (row.organisationCode === '') return deny('The owner of this record could not be established');
  const ownOrganisation = row.organisationCode === viewer.organisation.code;

  if (!ownOrganisation && row.sharedUnder?.recipientCode === viewer.organisation.code) return mayReadShared(viewer, row.sharedUnder, coordinate);
  // An agreement, or a disclosure under one, is held by both its parties as their own.
  if (row.heldBy?.includes(viewer.organisation.code)) return ALLOW;
  if (row.policeOnly || row.sector === 'POLICE') {
    if (!ownOrganisation || viewer.organisation.sector !== 'POLICE') return deny('This record belongs to the police');
    if (row.policeOnly && access.marking !== 'PUBLIC' && !viewer.purpose) {
      return deny('Reading police data needs a stated purpose: send an X-Purpose header');
    }
    return ALLOW;
  }
  if (ownOrganisation) return ALLOW;
  if (access.marking === 'OFFICIAL' && viewer.organisation.sector === 'SHARED_SERVICE') return ALLOW;
  return deny('This record belongs to another organisation');
}

/** The viewer's side of row-level security, set transaction-locally for every statement. */
export interface RowSecuritySettings {
  organisation: string;
  sector: string;
  /** The services the viewer's organisation draws down, comma-separated: rows of the others are hidden. */
  services: string;
  /** The agreement purpose the viewer stated, when they hold the sharing scope: what was disclosed to them under it shows. */
  purpose: SharingPurpose | '';
}

/** The viewer's side of PostgreSQL row-level security (see the row_level_security migration). */
export function rowSecurityFor(viewer: Viewer): RowSecuritySettings {
  if (viewer.kind === 'anonymous') return { organisation: '', sector: '', services: '', purpose: '' };
  const purpose = viewer.scopes.has(SHARING_SCOPE) ? (purposeNamed(viewer.purpose) ?? '') : '';
  return { organisation: viewer.organisation.code, sector: viewer.organisation.sector, services: [...viewer.services].join(','), purpose };
}
