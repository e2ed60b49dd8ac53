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

/** Scope that lets police read council cases shared under the safeguarding agreement. */
export const SAFEGUARDING_SHARING_SCOPE = 'sharing:safeguarding';

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
  /** A council row shared with the police under the safeguarding information-sharing agreement. */
  sharedForSafeguarding?: boolean;
}

/** The owner of a row whose organisation is not known: every non-PUBLIC field is refused. */
export const UNESTABLISHED_OWNER: RowOwner = { organisationCode: '', sector: 'POLICE' };

/** A refusal's code: FORBIDDEN, or NOT_ENTITLED when the viewer's organisation does not draw down the service. */
export type RefusalCode = 'FORBIDDEN' | 'NOT_ENTITLED';

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
  if (access.services && !access.services.some((service) => viewer.services.has(service))) return notEntitled(access.services);
  const missing = access.scopes.filter((scope) => !viewer.scopes.has(scope));
  if (missing.length > 0) return deny(`Your access does not include the scope ${missing.join(', ')}`);
  if (access.marking === 'POLICE') {
    if (viewer.organisation.sector !== 'POLICE') return deny('Police data is readable by police staff only');
    if (!viewer.purpose) return deny('Reading police data needs a stated purpose: send an X-Purpose header');
  }
  return ALLOW;
}

/**
 * Row-level decision: may this viewer read this field of this row? A marking never
 * lets one organisation read another's SENSITIVE or POLICE rows; the only way across
 * the council/police line is a row shared under the safeguarding agreement.
 */
export function mayReadRow(viewer: Viewer, access: Access, row: RowOwner | null): Decision {
  const field = mayReadField(viewer, access);
  if (!field.allow || (access.marking === 'PUBLIC' && !row?.policeOnly)) return field;
  if (viewer.kind === 'anonymous') return deny('Sign in to read this field: it is not public');
  if (!row) return field;
  if (row.organisationCode === '') return deny('The owner of this record could not be established');
  const ownOrganisation = row.organisationCode === viewer.organisation.code;

  if (row.sharedForSafeguarding && viewer.organisation.sector === 'POLICE' && viewer.scopes.has(SAFEGUARDING_SHARING_SCOPE)) {
    if (access.marking === 'POLICE') return deny('Police data is readable by police staff only');
    return viewer.purpose ? ALLOW : deny('Reading shared safeguarding data needs a stated purpose: send an X-Purpose header');
  }
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
  /** 'on' lets the police read council cases referred under the safeguarding agreement. */
  safeguarding: 'on' | 'off';
}

/** The viewer's side of PostgreSQL row-level security (see the row_level_security migration). */
export function rowSecurityFor(viewer: Viewer): RowSecuritySettings {
  if (viewer.kind === 'anonymous') return { organisation: '', sector: '', services: '', safeguarding: 'off' };
  const safeguarding = viewer.organisation.sector === 'POLICE' && viewer.scopes.has(SAFEGUARDING_SHARING_SCOPE) && viewer.purpose ? 'on' : 'off';
  return { organisation: viewer.organisation.code, sector: viewer.organisation.sector, services: [...viewer.services].join(','), safeguarding };
}
