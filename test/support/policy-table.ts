// What the documented access policy says, as data: the two tables under the headings
// "Who may read a field" and "Whose rows" are parsed from docs/access-policy.md, so the
// authorisation matrix expects exactly what the docs promise. Edit a cell there and the
// expected outcomes change with it. The few rules the page states in prose rather than
// in a table are quoted here, and each quote is checked against the page when this
// module loads, so a reworded rule stops the tests instead of silently drifting.
// (The tests call this page "the README's" tables: it was the README's once.)
//
// Deliberately independent of platform/policy.ts (the implementation under
// test): only the policy page, the personas and the organisation registry are read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registeredOrganisation, type Sector } from '../../platform/organisations.js';
import { PERSONAS, type PersonaName } from '../../platform/personas.js';
import { SUBGRAPH_NAMES } from '../../subgraphs/registry.js';
import { testDatabase } from './hub.js';
import { registerTestMembers } from './registry.js';

// The organisation registry is the database's: the worker's copy is read, with the partial and
// the suspended member the matrix judges, before any viewer is judged.
await registerTestMembers(await testDatabase());

export type Outcome = 'read' | 'refused';

/**
 * A field's @access, as read from the SDL: its marking and the scopes its reader needs, and
 * the services that serve it (servicesServing: the services of the subgraphs that resolve it).
 */
export interface FieldAccess {
  marking: string;
  scopes: readonly string[];
  services?: readonly string[];
}

/** A caller of the matrix: anonymous, or a demo persona with or without an X-Purpose header. */
export type MatrixViewer = { kind: 'anonymous' } | { kind: 'persona'; persona: PersonaName; purpose: boolean };

/** A made-up member of staff of a registered organisation, holding the given scopes: for tests that need no token. */
export type StaffViewer = { kind: 'staff'; organisation: string; scopes: readonly string[]; purpose: boolean };

/** Anyone the policy tables can judge. */
export type PolicyViewer = MatrixViewer | StaffViewer;

/** A row, as far as the policy's row rules care: who owns it, and whether it is one of the special cases. */
export interface MatrixRow {
  /** Code of the owning organisation; null for rows no organisation owns (suppliers, contracts, expense types). */
  owner: string | null;
  /** A police contact case (101 report or crime report). */
  policeContactCase?: boolean;
  /** Organisations that hold the row as their own: both parties of an agreement or a disclosure. */
  heldBy?: readonly string[];
  /** A record disclosed to another organisation under an agreement, and the agreement's terms. */
  disclosedTo?: DisclosureTerms;
}

/** An agreement's terms as the oracle reads them. */
export interface DisclosureTerms {
  recipient: string;
  inForce: boolean;
  purposes: readonly string[];
  /** Type.field coordinates it shares. */
  fields: ReadonlySet<string>;
}

/** What every oracle viewer "with X-Purpose" states: the purpose the seeded safeguarding agreements allow. */
export const ORACLE_PURPOSE = 'SAFEGUARDING';

/** Where the policy tables live, as named in error messages. */
const PAGE = 'docs/access-policy.md';
const POLICY_PAGE = readFileSync(fileURLToPath(new URL(`../../${PAGE}`, import.meta.url)), 'utf8');
const normalised = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The markdown table that follows a heading (of any level): header cells and body rows. */
function tableAfter(heading: string): { header: string[]; rows: string[][] } {
  const lines = POLICY_PAGE.split('\n');
  const start = lines.findIndex((line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, '').trim() === heading);
  if (start < 0) throw new Error(`${PAGE} has no heading "${heading}"`);
  const first = lines.findIndex((line, index) => index > start && line.trim().startsWith('|'));
  const nextHeading = lines.findIndex((line, index) => index > start && line.startsWith('#'));
  if (first < 0 || (nextHeading >= 0 && nextHeading < first)) throw new Error(`${PAGE} has no table under "${heading}"`);
  const table: string[][] = [];
  for (let index = first; index < lines.length && lines[index]!.trim().startsWith('|'); index++) {
    table.push(
      lines[index]!.trim()
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((cell) => cell.trim()),
    );
  }
  const [header, separator, ...rows] = table;
  if (!header || !separator?.every((cell) => /^:?-+:?$/.test(cell))) throw new Error(`the table under "${heading}" is not a markdown table`);
  return { header, rows };
}

function outcome(cell: string | undefined, where: string): Outcome {
  if (cell === 'read' || cell === 'refused') return cell;
  throw new Error(`${PAGE}: ${where} is "${cell}", expected read or refused`);
}

// ---- "Who may read a field": marking x viewer class --------------------------------

/** The field table's viewer columns, by their header text. */
export const VIEWER_CLASSES = {
  anonymous: 'anonymous',
  missingScope: 'signed in, missing a scope the field lists',
  councilOrSharedService: 'council or shared-service staff with the scopes',
  policeWithoutPurpose: 'police staff with the scopes, no purpose',
  policeWithPurpose: 'police staff with the scopes and a purpose',
} as const;
export type ViewerClass = keyof typeof VIEWER_CLASSES;

function parseFieldTable(): Map<string, Record<ViewerClass, Outcome>> {
  const { header, rows } = tableAfter('Who may read a field');
  if (header[0] !== 'marking') throw new Error(`${PAGE}: the field table's first column is "${header[0]}", expected "marking"`);
  const columns = header.slice(1).map((text) => {
    const viewerClass = (Object.keys(VIEWER_CLASSES) as ViewerClass[]).find((key) => VIEWER_CLASSES[key] === text);
    if (!viewerClass) throw new Error(`${PAGE}: the field table has a column "${text}" that test/support/policy-table.ts does not know`);
    return viewerClass;
  });
  if (new Set(columns).size !== Object.keys(VIEWER_CLASSES).length) throw new Error(`${PAGE}: the field table lacks a viewer column`);
  return new Map(
    rows.map(([marking, ...cells]) => [
      marking!,
      Object.fromEntries(columns.map((column, index) => [column, outcome(cells[index], `the ${marking} cell for "${VIEWER_CLASSES[column]}"`)])) as Record<
        ViewerClass,
        Outcome
      >,
    ]),
  );
}

/** The first table, as parsed: FIELD_TABLE.get('SENSITIVE')!.anonymous === 'refused'. */
export const FIELD_TABLE = parseFieldTable();

// ---- "Membership and services": before either table ------------------------------

const MEMBERSHIP_RULES = {
  membership:
    'a token is accepted only for a member of the [organisation registry](organisations.md); the tokens of a candidate, a suspended member or a departed member are refused (`401 UNAUTHENTICATED`), for every field, PUBLIC ones included.',
  services:
    "A field that is not PUBLIC is read only by users of an organisation that draws down a service serving it (the service of the subgraph that resolves it); otherwise it is refused with `NOT_ENTITLED`, whatever the token's scopes.",
  auditTrail: 'The audit trail is no service: the tables decide it alone.',
  hiddenRows: "Where that service's rows are under row-level security, they are hidden too: absent from lists, and `null` when asked for by id.",
};
for (const [name, quote] of Object.entries(MEMBERSHIP_RULES)) {
  if (!normalised(POLICY_PAGE).includes(normalised(quote))) {
    throw new Error(`${PAGE} no longer says: ${quote} (rule ${name}); update test/support/policy-table.ts to what it says now`);
  }
}

/** "the service of the subgraph that resolves it": named after the subgraph; "the audit trail is no service". */
export const serviceOfSubgraph = (name: string): string | null => (name === 'audit' ? null : name.toUpperCase());

/** The services serving each field, from the subgraphs' own SDL files: those defining it (not as @external). */
const FIELD_SERVICES = (() => {
  const services = new Map<string, Set<string | null>>();
  for (const name of SUBGRAPH_NAMES) {
    const sdl = readFileSync(fileURLToPath(new URL(`../../schema/${name}.graphql`, import.meta.url)), 'utf8');
    let typeName: string | null = null;
    for (const line of sdl.split('\n')) {
      const type = /^(?:extend )?type (\w+)/.exec(line);
      if (type) typeName = type[1]!;
      else if (line.startsWith('}')) typeName = null;
      const field = typeName && /^ {2}(\w+)[(:]/.exec(line);
      if (field && !line.includes('@external')) {
        const coordinate = `${typeName}.${field[1]}`;
        services.set(coordinate, (services.get(coordinate) ?? new Set()).add(serviceOfSubgraph(name)));
      }
    }
  }
  return services;
})();

/** The services a field needs one of; none when the audit trail serves it, or when no subgraph defines it. */
export function servicesServing(coordinate: string): readonly string[] {
  const serving = FIELD_SERVICES.get(coordinate);
  if (!serving || serving.has(null)) return [];
  return [...serving] as string[];
}

/** Today in the UK, where the registry's days are: a test run does not outlast the day it judges. */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** The registry's organisation, if it is served today (a member whose leaving day has not passed). */
function servedOrganisation(code: string) {
  const registered = registeredOrganisation(code);
  return registered?.status === 'MEMBER' && (registered.leavingOn === null || registered.leavingOn >= TODAY) ? registered : undefined;
}

/** Why the page refuses this viewer the field before its tables: not a member, or a service not drawn down. */
export function membershipRefusal(viewer: PolicyViewer, access: FieldAccess): 'UNAUTHENTICATED' | 'NOT_ENTITLED' | null {
  if (viewer.kind === 'anonymous') return null;
  const organisation = servedOrganisation(organisationOf(viewer).code);
  if (!organisation) return 'UNAUTHENTICATED';
  if (access.marking === 'PUBLIC' || !access.services?.length) return null;
  const drawn = organisation.entitlements.filter((e) => e.from <= TODAY && (e.until === null || e.until > TODAY)).map((e) => e.service as string);
  return access.services.some((service) => drawn.includes(service)) ? null : 'NOT_ENTITLED';
}

function personaOrganisation(persona: PersonaName): { code: string; sector: Sector } {
  const code = PERSONAS[persona].organisation;
  const organisation = registeredOrganisation(code);
  if (!organisation) throw new Error(`persona ${persona} names ${code}, which is not in the organisation registry`);
  return { code, sector: organisation.sector };
}

/** A signed-in viewer's organisation, with its sector from the registry. */
function organisationOf(viewer: Exclude<PolicyViewer, { kind: 'anonymous' }>): { code: string; sector: Sector } {
  if (viewer.kind === 'persona') return personaOrganisation(viewer.persona);
  const organisation = registeredOrganisation(viewer.organisation);
  if (!organisation) throw new Error(`made-up staff of ${viewer.organisation}, which is not in the organisation registry`);
  return { code: organisation.code, sector: organisation.sector };
}

const scopesOf = (viewer: Exclude<PolicyViewer, { kind: 'anonymous' }>): readonly string[] =>
  viewer.kind === 'persona' ? PERSONAS[viewer.persona].scopes : viewer.scopes;

/**
 * Which column of the first table describes this viewer reading this field. A signed-in
 * caller counts as staff of its organisation ("staff" is just one of the scopes a field
 * may list); its sector comes from the registry, never from the token.
 */
export function viewerClassOf(viewer: PolicyViewer, access: FieldAccess): ViewerClass {
  if (viewer.kind === 'anonymous') return 'anonymous';
  const scopes = scopesOf(viewer);
  if (access.scopes.some((scope) => !scopes.includes(scope))) return 'missingScope';
  const { sector } = organisationOf(viewer);
  if (sector === 'POLICE') return viewer.purpose ? 'policeWithPurpose' : 'policeWithoutPurpose';
  return 'councilOrSharedService';
}

/** May this viewer read this field at all (the first table)? */
export function expectedFieldOutcome(viewer: PolicyViewer, access: FieldAccess): Outcome {
  if (membershipRefusal(viewer, access)) return 'refused';
  const row = FIELD_TABLE.get(access.marking);
  if (!row) throw new Error(`${PAGE}'s field table has no row for the marking ${access.marking}`);
  return row[viewerClassOf(viewer, access)];
}

// ---- "Whose rows": row owner x marking ----------------------------------------------

/** The rules of the prose around the row table, quoted; each must appear on the policy page as written. */
const PROSE_RULES = {
  publicOnEveryRow: '(PUBLIC fields are readable on every row, except on police contact cases)',
  policeContactCases:
    'Police contact cases (101 reports and crime reports) are police operational data: every field of such a case, PUBLIC ones included, needs police staff of that force, and all but its id need a stated purpose.',
  rowSecurity:
    'PostgreSQL row-level security** on the tables that hold SENSITIVE and POLICE rows, and information-sharing records (`people.person`, `contacts.customer`, `contacts.contact_case`, `contacts.case_note`, `contacts.warning_marker`, `contacts.case_disclosure`, `people.sharing_agreement`)',
  disclosedFieldsOnly: 'A disclosed record reads only the fields its agreement shares (every other field is refused)',
  personalRowsHidden:
    'Rows of the personal tables (people, customers, contact cases and their notes) that the viewer may not see are absent from every list and `null` when asked for by id (row-level security).',
};
for (const [name, quote] of Object.entries(PROSE_RULES)) {
  if (!normalised(POLICY_PAGE).includes(normalised(quote))) {
    throw new Error(`${PAGE} no longer says: ${quote} (rule ${name}); update test/support/policy-table.ts to what it says now`);
  }
}

interface RowContext {
  viewerCode: string;
  viewerSector: Sector;
  viewerScopes: readonly string[];
  purpose: boolean;
  ownerCode: string;
  ownerSector: Sector;
  heldBy: readonly string[];
  disclosedTo: DisclosureTerms | null;
}

const councilOrSharedService = (sector: Sector) => sector === 'COUNCIL' || sector === 'SHARED_SERVICE';

/** What each row label of the second table means, by its exact text. */
const ROW_LABELS: Record<string, (row: RowContext) => boolean> = {
  "the viewer's own organisation": (row) => row.ownerCode === row.viewerCode,
  'a council or the shared-service company; the viewer is the shared-service company': (row) =>
    councilOrSharedService(row.ownerSector) && row.viewerSector === 'SHARED_SERVICE',
  'another council or the shared-service company; the viewer is a council': (row) =>
    councilOrSharedService(row.ownerSector) && row.viewerSector === 'COUNCIL' && row.ownerCode !== row.viewerCode,
  'a council or the shared-service company; the viewer is police': (row) => councilOrSharedService(row.ownerSector) && row.viewerSector === 'POLICE',
  'the police; the viewer is not police': (row) => row.ownerSector === 'POLICE' && row.viewerSector !== 'POLICE',
  "an agreement, or a disclosure under one; the viewer's organisation is one of its two parties": (row) =>
    row.heldBy.includes(row.viewerCode) && row.ownerCode !== row.viewerCode,
  "a record disclosed to the viewer's organisation under an agreement in force; the viewer has `sharing` and an X-Purpose naming a purpose the agreement allows":
    (row) =>
      row.disclosedTo !== null &&
      row.disclosedTo.recipient === row.viewerCode &&
      row.disclosedTo.inForce &&
      row.viewerScopes.includes('sharing') &&
      row.purpose &&
      row.disclosedTo.purposes.includes(ORACLE_PURPOSE),
};
const OWN_ORGANISATION = "the viewer's own organisation";
const PARTY = "an agreement, or a disclosure under one; the viewer's organisation is one of its two parties";
const DISCLOSED =
  "a record disclosed to the viewer's organisation under an agreement in force; the viewer has `sharing` and an X-Purpose naming a purpose the agreement allows";

function parseRowTable(): { label: string; cells: Map<string, Outcome> }[] {
  const { header, rows } = tableAfter('Whose rows');
  if (header[0] !== 'the row belongs to') throw new Error(`${PAGE}: the row table's first column is "${header[0]}"`);
  const markings = header.slice(1);
  return rows.map(([label, ...cells]) => {
    if (!label || !ROW_LABELS[label]) throw new Error(`${PAGE}: the row table has a row "${label}" that test/support/policy-table.ts does not know`);
    return { label, cells: new Map(markings.map((marking, index) => [marking, outcome(cells[index], `the "${label}" cell for ${marking}`)])) };
  });
}

/** The second table, as parsed, in the page's order. */
export const ROW_TABLE = parseRowTable();

/**
 * Which row of the second table describes this viewer and row. A record disclosed under an
 * agreement is the policy's one route across organisations, so it wins over the general
 * rows; a viewer's own organisation, and a party to an agreement or disclosure, win over them too.
 */
export function rowClassOf(row: RowContext): string {
  const matches = ROW_TABLE.filter(({ label }) => ROW_LABELS[label]!(row)).map(({ label }) => label);
  for (const specific of [DISCLOSED, OWN_ORGANISATION, PARTY]) if (matches.includes(specific)) return specific;
  if (matches.length !== 1) throw new Error(`${PAGE}'s row table has ${matches.length} rows for ${JSON.stringify(row)}: ${matches.join(' | ')}`);
  return matches[0]!;
}

/**
 * May this viewer read this field of this row? The first table, then, for non-PUBLIC
 * fields of an owned row, the second table; police contact cases follow the page's
 * own rule for them.
 */
export function expectedRowOutcome(viewer: PolicyViewer, access: FieldAccess, coordinate: string, row: MatrixRow): Outcome {
  const fieldName = coordinate.split('.')[1];
  const field = expectedFieldOutcome(viewer, access);
  if (row.policeContactCase) {
    // "every field of such a case, PUBLIC ones included, needs police staff of that force,
    // and all but its id need a stated purpose"
    if (viewer.kind === 'anonymous' || row.owner === null) return 'refused';
    const organisation = organisationOf(viewer);
    if (organisation.sector !== 'POLICE' || organisation.code !== row.owner) return 'refused';
    if (fieldName !== 'id' && !viewer.purpose) return 'refused';
    if (access.marking === 'PUBLIC') return field;
  }
  if (field === 'refused') return 'refused';
  // "PUBLIC fields are readable on every row"; rows no organisation owns have no row rule.
  if (access.marking === 'PUBLIC' || row.owner === null) return 'read';
  // No row of the table describes an anonymous reader of a non-PUBLIC field.
  if (viewer.kind === 'anonymous') return 'refused';
  const organisation = organisationOf(viewer);
  const ownerSector = registeredOrganisation(row.owner)?.sector;
  if (!ownerSector) throw new Error(`row owner ${row.owner} is not in the organisation registry`);
  const label = rowClassOf({
    viewerCode: organisation.code,
    viewerSector: organisation.sector,
    viewerScopes: scopesOf(viewer),
    purpose: viewer.purpose,
    ownerCode: row.owner,
    ownerSector,
    heldBy: row.heldBy ?? [],
    disclosedTo: row.disclosedTo ?? null,
  });
  const cell = ROW_TABLE.find((entry) => entry.label === label)!.cells.get(access.marking);
  if (!cell) throw new Error(`${PAGE}'s row table has no ${access.marking} column`);
  // "A disclosed record reads only the fields its agreement shares"
  if (label === DISCLOSED && !row.disclosedTo!.fields.has(coordinate)) return 'refused';
  return cell;
}

/**
 * The tables the policy page puts under row-level security, as "schema.table": a row of one
 * of them that the viewer may not see is "`null` when asked for by id" rather than
 * served with its fields refused.
 */
export const ROW_SECURED_TABLES: readonly string[] = [...PROSE_RULES.rowSecurity.matchAll(/`([a-z_]+\.[a-z_]+)`/g)].map((match) => match[1]!);

/** A readable name for a matrix viewer, used in test names. */
export function viewerName(viewer: PolicyViewer): string {
  if (viewer.kind === 'anonymous') return 'anonymous';
  if (viewer.kind === 'staff') {
    const scopes = viewer.scopes.length > 0 ? viewer.scopes.join(' ') : 'no scopes';
    return `staff of ${viewer.organisation} with ${scopes}${viewer.purpose ? ' and X-Purpose' : ''}`;
  }
  const police = personaOrganisation(viewer.persona).sector === 'POLICE';
  return police || viewer.purpose ? `${viewer.persona} ${viewer.purpose ? 'with' : 'without'} X-Purpose` : viewer.persona;
}
