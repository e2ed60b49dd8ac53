// Information-sharing agreements (docs/sharing.md) through the gateway: an agreement's life
// from proposal to end, disclosures and reads under it, the refusals when it is not in force
// or the purpose is not one it allows, warning markers from the force to a council, bad input
// that changes nothing, who may make each change, and the audit trail under each agreement.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { POLICE_STAFF_SAFETY_AGREEMENT, TDBC_SAFEGUARDING_AGREEMENT } from '../drizzle/seed/agreements.js';
import { asPersona, graphql, sqlRows, testHub } from './support/hub.js';
import { expectedWriteCode, matrixHeaders, UNKNOWN_ID, writeMatrixCases } from './support/write-matrix.js';

const SOMERSET = 'E10000027';
const TAUNTON_DEANE = 'E07000190';
const POLICE = 'E23000036';

let hub: RunningHub;
beforeAll(async () => {
  hub = await testHub();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const AGREEMENT_FIELDS = 'id reference status inForce version statusReason approvals { organisation { code } }';
const PROPOSE = `mutation($input: ProposeSharingAgreementInput!) { proposeSharingAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const APPROVE = `mutation($input: ApproveSharingAgreementInput!) { approveSharingAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const SUSPEND = `mutation($input: ChangeSharingAgreementInput!) { suspendSharingAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const END = `mutation($input: ChangeSharingAgreementInput!) { endSharingAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const DISCLOSE = `mutation($input: DiscloseContactCaseInput!) {
  discloseContactCase(input: $input) { id caseReference reason provider { code } recipient { code } agreement { id } }
}`;
const READ_CASE = 'query($id: ID!) { contactCase(id: $id) { reference summary status channel } }';

/** A proposal from Somerset to the force, for crime prevention, sharing a case's reference and summary. */
function proposal(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Crime prevention referrals',
    provider: SOMERSET,
    recipient: POLICE,
    lawfulBasis: 'Crime and Disorder Act 1998 s115',
    purposes: ['CRIME_PREVENTION'],
    sharedFields: ['ContactCase.reference', 'ContactCase.summary'],
    startsOn: day(-1),
    endsOn: day(365),
    idempotencyKey: `isa-${randomUUID()}`,
    ...overrides,
  };
}

async function as(persona: Parameters<typeof asPersona>[0], query: string, variables: Record<string, unknown> = {}, purpose?: string) {
  return graphql(hub.url, query, variables, await asPersona(persona, purpose));
}

/** An agreement proposed by Somerset's lead and approved by both leads: ACTIVE at version 3. */
async function activeAgreement(overrides: Record<string, unknown> = {}): Promise<string> {
  const proposed = await as('council-ig-lead', PROPOSE, { input: proposal(overrides) });
  const id = proposed.body.data!.proposeSharingAgreement.id as string;
  await as('council-ig-lead', APPROVE, { input: { agreementId: id, version: 1 } });
  const approved = await as('police-ig-lead', APPROVE, { input: { agreementId: id, version: 2 } });
  expect(approved.body.data!.approveSharingAgreement).toMatchObject({ status: 'ACTIVE', inForce: true, version: 3 });
  return id;
}

/** A Somerset council case never disclosed to anyone. */
async function undisclosedSomersetCase(): Promise<{ id: string; reference: string; summary: string }> {
  const [row] = await sqlRows<{ id: string; reference: string; summary: string }>(sql`
    select id, reference, summary from contacts.contact_case c
    where organisation_code = ${SOMERSET} and kind = 'COUNCIL_SERVICE'
      and not exists (select 1 from contacts.case_disclosure d where d.case_id = c.id)
    order by random() limit 1`);
  return row!;
}

const agreementCount = async () => (await sqlRows<{ n: number }>(sql`select count(*)::int as n from people.sharing_agreement`))[0]!.n;
const disclosureCount = async () => (await sqlRows<{ n: number }>(sql`select count(*)::int as n from contacts.case_disclosure`))[0]!.n;

describe("an agreement's life", () => {
  it('is proposed as a draft, active only once both parties approve, and suspended, approved again and ended by either', async () => {
    const proposed = await as('council-ig-lead', PROPOSE, { input: proposal() });
    expect(proposed.body.errors).toBeUndefined();
    const agreement = proposed.body.data!.proposeSharingAgreement;
    expect(agreement).toMatchObject({ reference: expect.stringMatching(/^ISA-\d{4}-\d{4}$/), status: 'DRAFT', inForce: false, version: 1, approvals: [] });
    const id = agreement.id as string;

    const councilSide = await as('council-ig-lead', APPROVE, { input: { agreementId: id, version: 1 } });
    expect(councilSide.body.data!.approveSharingAgreement).toMatchObject({ status: 'DRAFT', version: 2, approvals: [{ organisation: { code: SOMERSET } }] });
    // The same side twice, and a version read before the approval, change nothing.
    const twice = await as('council-ig-lead', APPROVE, { input: { agreementId: id, version: 2 } });
    expect(twice.body.errors).toMatchObject([
      {
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.agreementId', message: "is already approved for your organisation's side (the provider)" }],
        },
      },
    ]);
    const stale = await as('police-ig-lead', APPROVE, { input: { agreementId: id, version: 1 } });
    expect(stale.body.errors).toMatchObject([{ extensions: { code: 'CONFLICT', currentVersion: 2 } }]);

    const policeSide = await as('police-ig-lead', APPROVE, { input: { agreementId: id, version: 2 } });
    expect(policeSide.body.data!.approveSharingAgreement).toMatchObject({ status: 'ACTIVE', inForce: true, version: 3 });

    const suspended = await as('police-ig-lead', SUSPEND, { input: { agreementId: id, version: 3, reason: 'Data quality review' } });
    expect(suspended.body.data!.suspendSharingAgreement).toMatchObject({
      status: 'SUSPENDED',
      inForce: false,
      approvals: [],
      statusReason: 'Data quality review',
    });
    await as('council-ig-lead', APPROVE, { input: { agreementId: id, version: 4 } });
    const again = await as('police-ig-lead', APPROVE, { input: { agreementId: id, version: 5 } });
    expect(again.body.data!.approveSharingAgreement).toMatchObject({ status: 'ACTIVE', inForce: true, version: 6 });

    const ended = await as('council-ig-lead', END, { input: { agreementId: id, version: 6, reason: 'Superseded' } });
    expect(ended.body.data!.endSharingAgreement).toMatchObject({ status: 'ENDED', inForce: false, version: 7 });
    const afterEnd = await as('police-ig-lead', APPROVE, { input: { agreementId: id, version: 7 } });
    expect(afterEnd.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.agreementId' }] } }]);
  });

  it('is read by its two parties only: another council learns nothing of it', async () => {
    const id = await activeAgreement();
    const query = 'query($id: ID!) { sharingAgreement(id: $id) { reference provider { code } recipient { code } purposes sharedFields } }';
    const police = await as('police-ig-lead', query, { id });
    expect(police.body.data!.sharingAgreement).toMatchObject({ provider: { code: SOMERSET }, recipient: { code: POLICE }, purposes: ['CRIME_PREVENTION'] });
    const taunton = await as('council-hr', query, { id });
    expect(taunton.body).toEqual({ data: { sharingAgreement: null } });
    const listed = await as('council-ig-lead', `{ sharingAgreements(organisation: "${SOMERSET}", first: 100) { edges { node { id } } } }`);
    expect(listed.body.data!.sharingAgreements.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(id);
  });
});

describe('proposing an agreement with bad input', () => {
  it.each([
    ['the same organisation on both sides', { recipient: SOMERSET }, 'input.recipient', 'must not be the provider: an agreement is between two organisations'],
    ['no purpose', { purposes: [] }, 'input.purposes', 'must name at least one purpose'],
    ['an end before its start', { startsOn: day(10), endsOn: day(5) }, 'input.endsOn', 'must not be before startsOn'],
    [
      'a field no record has',
      { sharedFields: ['ContactCase.secret'] },
      'input.sharedFields.0',
      expect.stringMatching(/^must be a field of a disclosable record/),
    ],
    [
      'a police-marked field from a council',
      { sharedFields: ['WarningMarker.policeReference'] },
      'input.sharedFields.0',
      'is placed by a police force: only a police provider shares it',
    ],
    [
      'a police-marked field to a council',
      { provider: POLICE, recipient: SOMERSET, sharedFields: ['WarningMarker.policeReference'] },
      'input.sharedFields.0',
      'is marked POLICE: only an agreement between police forces shares it',
    ],
    ['a date that is not one', { endsOn: '2027-02-30' }, 'input.endsOn', expect.any(String)],
  ])('is refused for %s, naming the field, and proposes nothing', async (_case, overrides, field, message) => {
    const before = await agreementCount();
    const response = await as('council-ig-lead', PROPOSE, { input: proposal(overrides) });
    expect(response.body.data).toEqual({ proposeSharingAgreement: null });
    expect(response.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', fields: expect.arrayContaining([{ field, message }]) } }]);
    expect(await agreementCount()).toBe(before);
  });

  it('is forbidden between two other organisations', async () => {
    const before = await agreementCount();
    const response = await as('council-ig-lead', PROPOSE, { input: proposal({ provider: TAUNTON_DEANE }) });
    expect(response.body.errors).toMatchObject([
      { extensions: { code: 'FORBIDDEN' }, message: "Only an information-governance lead of one of the agreement's parties changes it" },
    ]);
    expect(await agreementCount()).toBe(before);
  });
});

describe('a case disclosed under an agreement', () => {
  let agreementId: string;
  let theCase: { id: string; reference: string; summary: string };

  beforeAll(async () => {
    agreementId = await activeAgreement();
    theCase = await undisclosedSomersetCase();
  });

  it('is disclosed once, with who, to whom and why; disclosing it again returns the same disclosure', async () => {
    const input = { caseId: theCase.id, agreementId, reason: 'Repeated reports of dealing at the address' };
    const first = await as('contact-centre', DISCLOSE, { input });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.discloseContactCase).toMatchObject({
      caseReference: theCase.reference,
      reason: input.reason,
      provider: { code: SOMERSET },
      recipient: { code: POLICE },
      agreement: { id: agreementId },
    });
    const before = await disclosureCount();
    const again = await as('contact-centre', DISCLOSE, { input });
    expect(again.body.data!.discloseContactCase.id).toBe(first.body.data!.discloseContactCase.id);
    expect(await disclosureCount()).toBe(before);
  });

  it('is read by the force with a purpose the agreement allows, only the fields it shares', async () => {
    const response = await as('police-analyst', READ_CASE, { id: theCase.id }, 'Crime prevention patrol briefing');
    expect(response.body.data).toEqual({ contactCase: { reference: theCase.reference, summary: theCase.summary, status: null, channel: null } });
    expect(response.body.errors!.map((error) => [error.path!.at(-1), error.extensions!.code])).toEqual([
      ['status', 'FORBIDDEN'],
      ['channel', 'FORBIDDEN'],
    ]);
    const listed = await as(
      'police-analyst',
      'query($isa: ID) { disclosedContactCases(organisation: "E23000036", agreement: $isa) { edges { node { reason contactCase { reference } } } } }',
      { isa: agreementId },
      'CRIME_PREVENTION',
    );
    expect(listed.body.data!.disclosedContactCases.edges).toEqual([
      { node: { reason: 'Repeated reports of dealing at the address', contactCase: { reference: theCase.reference } } },
    ]);
  });

  it('is refused once, with PURPOSE_NOT_ALLOWED, for a purpose the agreement does not allow, by id, by reference and as a list', async () => {
    const byId = await as('police-analyst', READ_CASE, { id: theCase.id }, 'Safeguarding strategy meeting');
    expect(byId.body.data).toEqual({ contactCase: null });
    expect(byId.body.errors).toMatchObject([
      { extensions: { code: 'PURPOSE_NOT_ALLOWED' }, message: expect.stringContaining('allows reading only for CRIME_PREVENTION') },
    ]);
    const byReference = await as('police-analyst', 'query($r: String!) { contactCaseByReference(reference: $r) { summary } }', { r: theCase.reference });
    expect(byReference.body.errors).toMatchObject([{ extensions: { code: 'PURPOSE_NOT_ALLOWED' } }]);
    const list = await as(
      'police-analyst',
      'query($isa: ID) { disclosedContactCases(organisation: "E23000036", agreement: $isa) { edges { node { contactCase { summary } } } } }',
      { isa: agreementId },
      'ANTISOCIAL_BEHAVIOUR',
    );
    expect(list.body.errors).toHaveLength(1);
    expect(list.body.errors).toMatchObject([{ path: ['disclosedContactCases'], extensions: { code: 'PURPOSE_NOT_ALLOWED' } }]);
  });

  it('stops being read the moment the agreement is suspended, in every layer, and the disclosure is kept', async () => {
    const id = await activeAgreement();
    const other = await undisclosedSomersetCase();
    await as('contact-centre', DISCLOSE, { input: { caseId: other.id, agreementId: id, reason: 'Suspension test' } });
    expect((await as('police-analyst', READ_CASE, { id: other.id }, 'CRIME_PREVENTION')).body.data!.contactCase.summary).toBe(other.summary);
    await as('council-ig-lead', SUSPEND, { input: { agreementId: id, version: 3, reason: 'Paused' } });
    const refused = await as('police-analyst', READ_CASE, { id: other.id }, 'CRIME_PREVENTION');
    expect(refused.body).toMatchObject({
      data: { contactCase: null },
      errors: [{ extensions: { code: 'AGREEMENT_NOT_ACTIVE' }, message: expect.stringMatching(/^Information-sharing agreement ISA-\d{4}-\d{4} is suspended/) }],
    });
    const kept = await as('contact-centre', 'query($id: ID!) { contactCase(id: $id) { disclosures { agreement { id } reason } } }', { id: other.id });
    expect(kept.body.data!.contactCase.disclosures).toEqual([{ agreement: { id }, reason: 'Suspension test' }]);
  });

  it('is refused for another organisation’s case, an agreement it does not provide under, one not in force, or one that shares no cases', async () => {
    const [taunton] = await sqlRows<{ id: string }>(sql`select id from contacts.contact_case where organisation_code = ${TAUNTON_DEANE} limit 1`);
    const draft = (await as('council-ig-lead', PROPOSE, { input: proposal() })).body.data!.proposeSharingAgreement.id as string;
    const customersOnly = await activeAgreement({ sharedFields: ['Customer.displayName'] });
    const before = await disclosureCount();
    for (const [input, field, message] of [
      [{ caseId: taunton!.id, agreementId }, 'input.caseId', 'no case of your organisation has this id'],
      [{ caseId: theCase.id, agreementId: TDBC_SAFEGUARDING_AGREEMENT }, 'input.agreementId', 'no agreement your organisation provides under has this id'],
      [{ caseId: theCase.id, agreementId: POLICE_STAFF_SAFETY_AGREEMENT }, 'input.agreementId', 'no agreement your organisation provides under has this id'],
      [{ caseId: theCase.id, agreementId: draft }, 'input.agreementId', 'is not in force (draft): nothing is shared under it'],
      [{ caseId: theCase.id, agreementId: customersOnly }, 'input.agreementId', 'does not share ContactCase records'],
    ] as const) {
      const response = await as('contact-centre', DISCLOSE, { input: { ...input, reason: 'Bad input' } });
      expect(response.body.errors, field).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', fields: [{ field, message }] } }]);
    }
    expect(await disclosureCount()).toBe(before);
  });
});

describe('a staff-safety warning from the force', () => {
  const VISIT = 'query($id: ID!) { customer(id: $id) { warningMarkers { warning placedBy { code } agreement { id } policeReference } } }';
  let customerId: string;

  const warning = `Dog at the address: visit in pairs (${randomUUID()})`;

  beforeAll(async () => {
    // A Somerset customer without a warning yet (no new customer: other tests count them), where the force places one.
    const [customer] = await sqlRows<{ id: string; uprn: string }>(sql`
      select id, uprn from contacts.customer c where organisation_code = ${SOMERSET} and uprn is not null
        and not exists (select 1 from contacts.warning_marker m where m.uprn = c.uprn) order by random() limit 1`);
    customerId = customer!.id;
    const placed = await as(
      'police-analyst',
      'mutation($input: PlaceWarningMarkerInput!) { placeWarningMarker(input: $input) { uprn warning policeReference } }',
      {
        input: {
          agreementId: POLICE_STAFF_SAFETY_AGREEMENT,
          uprn: customer!.uprn,
          warning,
          policeReference: 'ASP-CR-2026-000001',
          idempotencyKey: `marker-${randomUUID()}`,
        },
      },
      'Officer safety review',
    );
    expect(placed.body).toEqual({ data: { placeWarningMarker: { uprn: customer!.uprn, warning, policeReference: 'ASP-CR-2026-000001' } } });
  });

  it('shows on the council’s customer with the purpose the agreement allows, and nothing of the police record', async () => {
    const response = await as('contact-centre', VISIT, { id: customerId }, 'STAFF_SAFETY home visit');
    expect(response.body.data!.customer.warningMarkers).toEqual([
      { warning, placedBy: { code: POLICE }, agreement: { id: POLICE_STAFF_SAFETY_AGREEMENT }, policeReference: null },
    ]);
    expect(response.body.errors!.map((error) => error.path!.slice(-1)[0])).toEqual(['policeReference']);
    expect(JSON.stringify(response.body)).not.toContain('ASP-CR-2026-000001');
  });

  it('is said to be withheld, once, without the purpose, rather than read as no warning', async () => {
    for (const purpose of [undefined, 'SAFEGUARDING visit']) {
      const response = await as('contact-centre', VISIT, { id: customerId }, purpose);
      expect(response.body.data!.customer.warningMarkers).toBeNull();
      expect(response.body.errors).toMatchObject([{ extensions: { code: 'PURPOSE_NOT_ALLOWED' }, message: expect.stringContaining('STAFF_SAFETY') }]);
      expect(JSON.stringify(response.body)).not.toContain(warning);
    }
  });

  it('is placed by the force only under an agreement it provides under', async () => {
    const response = await as(
      'police-analyst',
      'mutation($input: PlaceWarningMarkerInput!) { placeWarningMarker(input: $input) { id } }',
      { input: { agreementId: TDBC_SAFEGUARDING_AGREEMENT, uprn: '123', warning: 'x', policeReference: 'ASP-1', idempotencyKey: `marker-${randomUUID()}` } },
      'Officer safety review',
    );
    expect(response.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.agreementId' }] } }]);
  });
});

describe('the audit trail under an agreement', () => {
  it('lists the disclosure and every read, returned or refused, to the auditor and each party’s lead, and nothing to others', async () => {
    const id = await activeAgreement();
    const theCase = await undisclosedSomersetCase();
    await as('contact-centre', DISCLOSE, { input: { caseId: theCase.id, agreementId: id, reason: 'Audit test' } });
    await as('police-analyst', READ_CASE, { id: theCase.id }, 'CRIME_PREVENTION audit test');
    await as('police-analyst', READ_CASE, { id: theCase.id }, 'Safeguarding audit test');
    const from = day(-1);
    const to = day(2);
    const auditor = await as(
      'auditor',
      `query($isa: ID) { auditRecords(from: "${from}T00:00:00Z", to: "${to}T00:00:00Z", filter: { agreement: $isa }, first: 50) { edges { node { action outcome entityType sharingRoute } } } }`,
      { isa: id },
    );
    const records = auditor.body.data!.auditRecords.edges.map((edge: { node: Record<string, string> }) => edge.node);
    expect(records.every((record: Record<string, string>) => record.sharingRoute === id)).toBe(true);
    const disclosures = records.filter((record: Record<string, string>) => record.action === 'DISCLOSURE');
    expect(disclosures.map((record: Record<string, string>) => record.outcome).sort()).toEqual(['CHANGED', 'REFUSED', 'REFUSED', 'RETURNED']);

    const lead = await as('council-ig-lead', 'query($id: ID!) { sharingAgreement(id: $id) { records(first: 50) { edges { node { action outcome } } } } }', {
      id,
    });
    expect(lead.body.errors).toBeUndefined();
    expect(lead.body.data!.sharingAgreement.records.edges).toHaveLength(records.length);
    const stranger = await as('council-hr', 'query($id: ID!) { sharingAgreement(id: $id) { records(first: 5) { edges { node { id } } } } }', { id });
    expect(stranger.body.data).toEqual({ sharingAgreement: null });
  });
});

describe('who may change agreements, disclose and place warnings', () => {
  const probes = {
    proposeSharingAgreement: { query: PROPOSE, input: proposal({ recipient: SOMERSET }) },
    approveSharingAgreement: { query: APPROVE, input: { agreementId: UNKNOWN_ID, version: 1 } },
    suspendSharingAgreement: { query: SUSPEND, input: { agreementId: UNKNOWN_ID, version: 1, reason: 'probe' } },
    endSharingAgreement: { query: END, input: { agreementId: UNKNOWN_ID, version: 1, reason: 'probe' } },
    discloseContactCase: { query: DISCLOSE, input: { caseId: UNKNOWN_ID, agreementId: UNKNOWN_ID, reason: 'probe' } },
    placeWarningMarker: {
      query: 'mutation($input: PlaceWarningMarkerInput!) { placeWarningMarker(input: $input) { id } }',
      input: { agreementId: UNKNOWN_ID, uprn: '1', warning: 'probe', policeReference: 'probe', idempotencyKey: 'probe-key-0001' },
    },
  };
  const rowCounts = async () => [await agreementCount(), await disclosureCount()];

  it.each(writeMatrixCases(Object.keys(probes) as (keyof typeof probes)[]))('$name', async ({ viewer, mutation }) => {
    const before = await rowCounts();
    const response = await graphql(hub.url, probes[mutation].query, { input: probes[mutation].input }, await matrixHeaders(viewer));
    expect(response.body.errors?.[0]?.extensions?.code).toBe(expectedWriteCode(viewer, mutation));
    expect(await rowCounts()).toEqual(before);
  });
});
