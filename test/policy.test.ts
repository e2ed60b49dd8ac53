// The access policy (platform/policy.ts) against the README's policy tables, called
// directly: every viewer of test/support/policy-viewers.ts, built in memory, against
// every marked field of the composed supergraph, and for rows against a row of every
// registered organisation and the README's special rows (police contact cases, council
// cases disclosed under agreements in force or not, agreements held by both parties). What each cell should be comes from the same oracle
// as the authorisation matrix (test/support/policy-table.ts, which parses the README), so
// this file is that matrix without HTTP or a database: it runs in milliseconds and names
// the cell that disagrees. The matrix still proves the wiring; this proves the decisions.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { accessByField, unmarkedFields } from '../platform/markings.js';
import { registeredOrganisations } from '../platform/organisations.js';
import {
  mayReadField,
  mayReadRow,
  purposeNamed,
  rowSecurityFor,
  UNESTABLISHED_OWNER,
  type AgreementStanding,
  type Decision,
  type RowOwner,
} from '../platform/policy.js';
import { SAFEGUARDING_FIELDS } from '../drizzle/seed/agreements.js';
import {
  expectedFieldOutcome,
  expectedRowOutcome,
  FIELD_TABLE,
  membershipRefusal,
  type FieldAccess,
  type MatrixRow,
  type Outcome,
  type PolicyViewer,
} from './support/policy-table.js';
import { hubViewer, POLICY_VIEWERS, SUPERGRAPH_MARKINGS } from './support/policy-viewers.js';
import { SUSPENDED_MEMBER } from './support/registry.js';
import { testConfig } from './support/hub.js';
import { createIdentity } from '../platform/identity.js';
import { tokenOf } from '../platform/personas.js';

// The registry as the worker read it from its database (test/support/policy-table.ts).
const ORGANISATIONS = registeredOrganisations();

const FIELDS = [...SUPERGRAPH_MARKINGS];

const outcomeOf = (decision: Decision): Outcome => (decision.allow ? 'read' : 'refused');
const entitlementRefusal = (viewer: PolicyViewer, access: FieldAccess) => (membershipRefusal(viewer, access) === 'NOT_ENTITLED' ? 'NOT_ENTITLED' : null);

/**
 * The cells where the policy and the README disagree, each as "cell: the policy says X,
 * the README says Y", and the refusals without a reason. Listing disagreements (rather than
 * comparing two objects of a few thousand cells) keeps a failure short and the pass fast.
 */
class Disagreements {
  readonly found: string[] = [];
  judge(cell: string, decision: Decision, expected: Outcome, expectedCode: 'NOT_ENTITLED' | null): void {
    const decided = outcomeOf(decision);
    if (decided !== expected) this.found.push(`${cell}: the policy says ${decided}, the README says ${expected}`);
    else if (!decision.allow && !/\w/.test(decision.reason)) this.found.push(`${cell}: refused without a reason`);
    else if (!decision.allow && (decision.code === 'NOT_ENTITLED') !== (expectedCode === 'NOT_ENTITLED')) {
      this.found.push(`${cell}: refused ${decision.code}, the README says ${expectedCode ?? 'FORBIDDEN'}`);
    }
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

const FORCE = ORGANISATIONS.find(({ sector }) => sector === 'POLICE')!.code;
// What the seeded safeguarding agreements share (drizzle/seed/agreements.ts).
const SHARED: ReadonlySet<string> = new Set(SAFEGUARDING_FIELDS);
const DISCLOSURE_VARIANTS: { label: string; standing: AgreementStanding; purposes: string[] }[] = [
  { label: 'in force', standing: 'IN_FORCE', purposes: ['SAFEGUARDING'] },
  { label: 'in force for crime prevention only', standing: 'IN_FORCE', purposes: ['CRIME_PREVENTION'] },
  { label: 'suspended', standing: 'SUSPENDED', purposes: ['SAFEGUARDING'] },
  { label: 'ended', standing: 'ENDED', purposes: ['SAFEGUARDING'] },
  { label: 'not yet started', standing: 'NOT_STARTED', purposes: ['SAFEGUARDING'] },
];

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
  // A disclosed case, and its customer as seen through it (subgraphs/contacts/owners.ts), under
  // an agreement in force, not in force, and for another purpose than the one the viewers state.
  ...ORGANISATIONS.filter(({ sector }) => sector === 'COUNCIL').flatMap(({ code, sector }): RowCase[] =>
    DISCLOSURE_VARIANTS.map(({ label, standing, purposes }) => ({
      label: `a ${code} case disclosed to ${FORCE} under an agreement ${label}`,
      owner: {
        organisationCode: code,
        sector,
        sharedUnder: { agreementId: 'isa', reference: 'ISA-2026-0001', recipientCode: FORCE, standing, purposes, fields: SHARED },
      },
      oracle: { owner: code, disclosedTo: { recipient: FORCE, inForce: standing === 'IN_FORCE', purposes, fields: SHARED } },
      types: ['ContactCase', 'Customer'],
    })),
  ),
  // An agreement and a disclosure, held by both parties.
  ...ORGANISATIONS.filter(({ sector }) => sector === 'COUNCIL').map(
    ({ code, sector }): RowCase => ({
      label: `an agreement between ${code} and ${FORCE}`,
      owner: { organisationCode: code, sector, heldBy: [code, FORCE] },
      oracle: { owner: code, heldBy: [code, FORCE] },
      types: ['InformationSharingAgreement', 'CaseDisclosure', 'AgreementApproval'],
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
    for (const [coordinate, access] of FIELDS)
      disagreements.judge(coordinate, mayReadField(hub, access), expectedFieldOutcome(viewer, access), entitlementRefusal(viewer, access));
    expect(disagreements.found).toEqual([]);
  });

  it("mayReadRow decides every marked field on every kind of row as the README's tables do", () => {
    const disagreements = new Disagreements();
    let cells = 0;
    for (const row of ROWS) {
      for (const [coordinate, access] of FIELDS) {
        const [typeName, fieldName] = coordinate.split('.') as [string, string];
        if (row.types && !row.types.includes(typeName)) continue;
        disagreements.judge(
          `${coordinate} on ${row.label}`,
          mayReadRow(hub, access, row.owner, coordinate),
          expectedRowOutcome(viewer, access, coordinate, row.oracle),
          entitlementRefusal(viewer, access),
        );
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
  it("gives the database the viewer's organisation and sector, and the agreement purpose only to a viewer with the sharing scope who states one", () => {
    const settings = Object.fromEntries(POLICY_VIEWERS.map(({ name, viewer }) => [name, rowSecurityFor(hubViewer(viewer))]));
    expect(settings.anonymous).toEqual({ organisation: '', sector: '', services: '', purpose: '' });
    expect(settings['council-hr']).toEqual({ organisation: 'E07000190', sector: 'COUNCIL', services: ALL_SERVICES, purpose: '' });
    expect(settings['procurement-officer']).toEqual({ organisation: 'SWONE', sector: 'SHARED_SERVICE', services: ALL_SERVICES, purpose: '' });
    expect(settings['police-analyst with X-Purpose']).toEqual({ organisation: 'E23000036', sector: 'POLICE', services: ALL_SERVICES, purpose: 'SAFEGUARDING' });
    expect(settings['police-analyst without X-Purpose']).toEqual({ organisation: 'E23000036', sector: 'POLICE', services: ALL_SERVICES, purpose: '' });
    // Police HR has a purpose but not the sharing scope.
    expect(settings['police-hr with X-Purpose']).toEqual({ organisation: 'E23000036', sector: 'POLICE', services: ALL_SERVICES, purpose: '' });
    const stated = Object.entries(settings)
      .filter(([, value]) => value.purpose !== '')
      .map(([name]) => name);
    const withScopeAndPurpose = POLICY_VIEWERS.filter(({ viewer }) => {
      const hub = hubViewer(viewer);
      return hub.kind === 'user' && hub.scopes.has('sharing') && hub.purpose !== null;
    }).map(({ name }) => name);
    expect(stated).toEqual(withScopeAndPurpose);
    expect(stated).toContain('contact-centre with X-Purpose');
  });

  it('reads the agreement purpose X-Purpose starts with, in words or as its code, in any case, and nothing else', () => {
    expect(purposeNamed('Safeguarding strategy meeting for SCC-2026-000123')).toBe('SAFEGUARDING');
    expect(purposeNamed('  staff_safety: home visit')).toBe('STAFF_SAFETY');
    expect(purposeNamed('Staff safety: home visit')).toBe('STAFF_SAFETY');
    expect(purposeNamed('Crime prevention patrol briefing')).toBe('CRIME_PREVENTION');
    expect(purposeNamed('Crime report review')).toBeNull();
    expect(purposeNamed('Checking a referral')).toBeNull();
    expect(purposeNamed('SAFEGUARDINGX review')).toBeNull();
    expect(purposeNamed(null)).toBeNull();
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

describe('membership and services', () => {
  it('judge some fields NOT_ENTITLED for the member that draws down only some services, and none for the demo members', () => {
    const notEntitled = (name: string) =>
      FIELDS.filter(([, access]) => membershipRefusal(POLICY_VIEWERS.find((candidate) => candidate.name === name)!.viewer, access) === 'NOT_ENTITLED').map(
        ([coordinate]) => coordinate,
      );
    const partial = notEntitled('made-up South Somerset staff (HR and contacts only) with every scope');
    expect(partial).toContain('Query.costCentres');
    expect(partial).toContain('Query.purchaseOrders');
    expect(partial).not.toContain('Query.people');
    expect(partial).not.toContain('Query.payments');
    expect(notEntitled('made-up Somerset staff with every scope and X-Purpose')).toEqual([]);
  });

  it("refuses a suspended member's token before any field, as the policy page says for every field", async () => {
    const config = testConfig();
    const token = await tokenOf({ subject: 'west-somerset-1', organisation: SUSPENDED_MEMBER.code, scopes: ['staff'] }, config);
    await expect(createIdentity(config).viewerFor({ authorization: `Bearer ${token}` })).rejects.toMatchObject({
      message: "Your organisation's access to the hub is suspended",
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const suspended: PolicyViewer = { kind: 'staff', organisation: SUSPENDED_MEMBER.code, scopes: ['staff'], purpose: false };
    expect(FIELDS.filter(([, access]) => expectedFieldOutcome(suspended, access) === 'read')).toEqual([]);
  });
});
