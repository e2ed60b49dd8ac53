// The one access policy. The gateway (before planning), every subgraph (shield
// rules and row checks) and the database (row-level security settings) all ask
// this module, so the policy tables of docs/access-policy.md have exactly one implementation.
import type { Sector } from './organisations.js';

export const MARKINGS = ['PUBLIC', 'OFFICIAL', 'SENSITIVE', 'POLICE'] as const;
export type Marking = (typeof MARKINGS)[number];

/** A field's marking and the scopes its reader needs, as written in the SDL's @access. */
export interface Access {
  marking: Marking;
  scopes: readonly string[];
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

export type Decision = { allow: true } | { allow: false; reason: string };

const ALLOW: Decision = { allow: true };
const deny = (reason: string): Decision => ({ allow: false, reason });

/**
 * Field-level decision: may this viewer read this field on some row? Needs only
 * the viewer and the marking, so the gateway can decide before planning.
 */
export function mayReadField(viewer: Viewer, access: Access): Decision {
  if (access.marking === 'PUBLIC') return ALLOW;
  if (viewer.kind === 'anonymous') return deny('Sign in to read this field: it is not public');
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
  /** 'on' lets the police read council cases referred under the safeguarding agreement. */
  safeguarding: 'on' | 'off';
}

/** The viewer's side of PostgreSQL row-level security (see the row_level_security migration). */
export function rowSecurityFor(viewer: Viewer): RowSecuritySettings {
  if (viewer.kind === 'anonymous') return { organisation: '', sector: '', safeguarding: 'off' };
  const safeguarding = viewer.organisation.sector === 'POLICE' && viewer.scopes.has(SAFEGUARDING_SHARING_SCOPE) && viewer.purpose ? 'on' : 'off';
  return { organisation: viewer.organisation.code, sector: viewer.organisation.sector, safeguarding };
}
