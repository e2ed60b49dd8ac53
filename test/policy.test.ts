// The access policy (platform/policy.ts) against the README's policy tables, called
// directly: every viewer of test/support/policy-viewers.ts, built in memory, against
// every marked field of the composed supergraph, and for rows against a row of every
// registered organisation and the README's special rows (police contact cases, council
// cases referred for safeguarding). What each cell should be comes from the same oracle
// as the authorisation matrix (test/support/policy-table.ts, which parses the README), so
// this file is that matrix without HTTP or a database: it runs in milliseconds and names
// the cell that disagrees. The matrix still proves the wiring; this proves the decisions.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { accessByField, unmarkedFields } from '../platform/markings.js';
import { registeredOrganisations } from '../platform/organisations.js';
import { mayReadField, mayReadRow, rowSecurityFor, UNESTABLISHED_OWNER, type Decision, type RowOwner } from '../platform/policy.js';
import { expectedFieldOutcome, expectedRowOutcome, FIELD_TABLE, type MatrixRow, type Outcome } from './support/policy-table.js';
import { hubViewer, POLICY_VIEWERS, SUPERGRAPH_MARKINGS } from './support/policy-viewers.js';

// The registry as the worker read it from its database (test/support/policy-table.ts).
const ORGANISATIONS = registeredOrganisations();

const FIELDS = [...SUPERGRAPH_MARKINGS];

const outcomeOf = (decision: Decision): Outcome => (decision.allow ? 'read' : 'refused');

/**
 * The cells where the policy and the README disagree, each as "cell: the policy says X,
 * the README says Y", and the refusals without a reason. Listing disagreements (rather than
 * comparing two objects of a few thousand cells) keeps a failure short and the pass fast.
 */
class Disagreements {
  readonly found: string[] = [];
  judge(cell: string, decision: Decision, expected: Outcome): void {
    const decided = outcomeOf(decision);
    if (decided !== expected) this.found.push(`${cell}: the policy says ${decided}, the README says ${expected}`);
    else if (!decision.allow && !/\w/.test(decision.reason)) this.found.push(`${cell}: refused without a reason`);
  }
}

/** A row as the policy sees it (owner) and as the README oracle describes it, and the types it can be a row of. */
interface RowCase {
  label: string;
  owner: RowOwner | null;
  oracle: MatrixRow;
  /** Only fields of these types are judged on this row; every type when absent. */
  types?: readonly string[];
}

const ROWS: RowCase[] = [
  { label: 'a row no organisation owns', owner: null, oracle: { owner: null } },
  ...ORGANISATIONS.map(({ code, sector }): RowCase => ({ label: `a row of ${code}`, owner: { organisationCode: code, sector }, oracle: { owner: code } })),
  // The README's rule for police contact cases names a case's id: it is about ContactCase rows.
  ...ORGANISATIONS.filter(({ sector }) => sector === 'POLICE').map(
    ({ code, sector }): RowCase => ({
      label: `a police contact case of ${code}`,
      owner: { organisationCode: code, sector, policeOnly: true },
      oracle: { owner: code, policeContactCase: true },
      types: ['ContactCase'],
    }),
  ),
  // A referred case, and its customer as seen through it (subgraphs/contacts/owners.ts).
  ...ORGANISATIONS.filter(({ sector }) => sector === 'COUNCIL').map(
    ({ code, sector }): RowCase => ({
      label: `a ${code} case referred for safeguarding`,
      owner: { organisationCode: code, sector, sharedForSafeguarding: true },
      oracle: { owner: code, safeguardingReferral: true },
      types: ['ContactCase', 'Customer'],
    }),
  ),
];

describe('the cases judged', () => {
  it('cover every marked field, every marking, every persona and both sides of every column of the README', () => {
    expect(FIELDS.length).toBeGreaterThan(250);
    expect(new Set(FIELDS.map(([, access]) => access.marking))).toEqual(new Set(FIELD_TABLE.keys()));
    // Each column of the field table is some viewer's column for some field.
    const columns = new Set<string>();
    for (const { viewer } of POLICY_VIEWERS) {
      for (const [, access] of FIELDS) columns.add(`${access.marking}: ${expectedFieldOutcome(viewer, access)}`);
    }
    expect([...columns].sort()).toEqual([
      'OFFICIAL: read',
      'OFFICIAL: refused',
      'POLICE: read',
      'POLICE: refused',
      'PUBLIC: read',
      'SENSITIVE: read',
      'SENSITIVE: refused',
    ]);
    expect(ROWS.filter((row) => row.types).length).toBeGreaterThan(0);
  });
});

describe.each(POLICY_VIEWERS)('as $name', ({ viewer }) => {
  const hub = hubViewer(viewer);

  it("mayReadField decides every marked field as the README's field table does", () => {
    const disagreements = new Disagreements();
    for (const [coordinate, access] of FIELDS) disagreements.judge(coordinate, mayReadField(hub, access), expectedFieldOutcome(viewer, access));
    expect(disagreements.found).toEqual([]);
  });

  it("mayReadRow decides every marked field on every kind of row as the README's tables do", () => {
    const disagreements = new Disagreements();
    let cells = 0;
    for (const row of ROWS) {
      for (const [coordinate, access] of FIELDS) {
        const [typeName, fieldName] = coordinate.split('.') as [string, string];
        if (row.types && !row.types.includes(typeName)) continue;
        disagreements.judge(`${coordinate} on ${row.label}`, mayReadRow(hub, access, row.owner), expectedRowOutcome(viewer, access, fieldName, row.oracle));
        cells++;
      }
    }
    expect(cells).toBeGreaterThan(FIELDS.length * ORGANISATIONS.length);
    expect(disagreements.found).toEqual([]);
  });

  it('refuses every field but the PUBLIC ones on a row whose owner could not be established', () => {
    const decided = FIELDS.map(([coordinate, access]) => [coordinate, outcomeOf(mayReadRow(hub, access, UNESTABLISHED_OWNER))]);
    expect(decided).toEqual(FIELDS.map(([coordinate, access]) => [coordinate, access.marking === 'PUBLIC' ? 'read' : 'refused']));
  });
});

describe('rowSecurityFor', () => {
  // The demo members draw down every service.
  const ALL_SERVICES = 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS';
  it("gives the database the viewer's organisation and sector, and the safeguarding route only to police with the scope and a purpose", () => {
    const settings = Object.fromEntries(POLICY_VIEWERS.map(({ name, viewer }) => [name, rowSecurityFor(hubViewer(viewer))]));
    expect(settings.anonymous).toEqual({ organisation: '', sector: '', services: '', safeguarding: 'off' });
    expect(settings['council-hr']).toEqual({ organisation: 'E07000190', sector: 'COUNCIL', services: ALL_SERVICES, safeguarding: 'off' });
    expect(settings['procurement-officer']).toEqual({ organisation: 'SWONE', sector: 'SHARED_SERVICE', services: ALL_SERVICES, safeguarding: 'off' });
    expect(settings['police-analyst with X-Purpose']).toEqual({ organisation: 'E23000036', sector: 'POLICE', services: ALL_SERVICES, safeguarding: 'on' });
    expect(settings['police-analyst without X-Purpose']).toEqual({ organisation: 'E23000036', sector: 'POLICE', services: ALL_SERVICES, safeguarding: 'off' });
    // Police HR has a purpose but not the sharing scope.
    expect(settings['police-hr with X-Purpose']).toEqual({ organisation: 'E23000036', sector: 'POLICE', services: ALL_SERVICES, safeguarding: 'off' });
    const on = Object.entries(settings)
      .filter(([, value]) => value.safeguarding === 'on')
      .map(([name]) => name);
    expect(on).toEqual(['police-analyst with X-Purpose', 'made-up police staff with every scope and X-Purpose']);
  });
});

describe('markings read from SDL', () => {
  it('list the fields without a marking', () => {
    expect(unmarkedFields(parse(`type Query { a: String @access(marking: PUBLIC) b: String }`))).toEqual(['Query.b']);
  });

  it('refuse a field marked twice, and scopes that are not strings, naming the field', () => {
    expect(() => accessByField(parse(`type Query { a: String @access(marking: PUBLIC) @access(marking: OFFICIAL) }`))).toThrowErrorMatchingInlineSnapshot(
      `[Error: Query.a: more than one @access marking]`,
    );
    expect(() => accessByField(parse(`type Query { a: String @access(marking: OFFICIAL, scopes: [staff]) }`))).toThrowErrorMatchingInlineSnapshot(
      `[Error: Query.a: @access scopes must be strings, got staff]`,
    );
    expect(() => accessByField(parse(`type Query { a: String @access(scopes: ["staff"]) }`))).toThrowErrorMatchingInlineSnapshot(
      `[Error: Query.a: @access has no marking]`,
    );
  });

  it('read a single scope written without a list', () => {
    expect(accessByField(parse(`type Query { a: String @access(marking: SENSITIVE, scopes: "hr:sensitive") }`)).get('Query.a')).toEqual({
      marking: 'SENSITIVE',
      scopes: ['hr:sensitive'],
    });
  });
});
