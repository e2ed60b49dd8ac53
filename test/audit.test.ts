// The audit trail (docs/audit-trail.md): what a police analyst's queries leave behind,
// found again by the auditor by person, user and purpose; refusals recorded as such;
// records written by the subgraph that served the rows, also when called directly;
// changes recorded with them; and the trail readable by the auditor alone.
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { sqlStatements } from '../platform/database.js';
import { PERSONA_NAMES, PERSONAS } from '../platform/personas.js';
import { asPersona, asStaffOf, graphql, sqlRows, testConfig, testDatabase, testHub, type GraphQLResponse } from './support/hub.js';

let hub: RunningHub;
let auditor: Record<string, string>;
const POLICE = 'E23000036';
const ANALYST = PERSONAS['police-analyst'].subject;

beforeAll(async () => {
  hub = await testHub();
  auditor = await asPersona('auditor');
});

/** A purpose nobody else uses, so a rerun on the same database finds only its own records. */
const uniquePurpose = (what: string) => `${what} ${randomUUID()}`;

const RECORD_FIELDS =
  'sequence user organisationCode sector purpose operationName subgraph action outcome entityType ownerOrganisationCode sharingRoute entityIds fields requestId';

interface Trail {
  sequence: string;
  user: string | null;
  organisationCode: string | null;
  sector: string | null;
  purpose: string | null;
  operationName: string | null;
  subgraph: string;
  action: string;
  outcome: string;
  entityType: string;
  ownerOrganisationCode: string | null;
  sharingRoute: string | null;
  entityIds: string[];
  fields: string[];
  requestId: string;
  operationHash?: string;
}

/** A period around this run. */
const PERIOD = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };

/** Every record the auditor finds with this filter, oldest first, following the pages. */
async function auditorFinds(filter: Record<string, unknown>, period = PERIOD, fields = RECORD_FIELDS): Promise<Trail[]> {
  const found: Trail[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse = await graphql(
      hub.url,
      `query Trail($from: String!, $to: String!, $filter: AuditRecordFilter, $after: String) {
        auditRecords(from: $from, to: $to, filter: $filter, first: 50, after: $after) { edges { node { ${fields} } } pageInfo { hasNextPage endCursor } }
      }`,
      { ...period, filter, after },
      auditor,
    );
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    const { edges, pageInfo } = response.body.data!.auditRecords;
    found.push(...edges.map((edge: { node: Trail }) => edge.node));
    if (!pageInfo.hasNextPage) return found.reverse();
    after = pageInfo.endCursor;
  }
}

const POLICE_CASES = /* GraphQL */ `
  query PoliceCases {
    contactCases(organisation: "${POLICE}", first: 3) { edges { node { id reference kind summary } } }
  }
`;

describe("a police analyst's query", () => {
  let purpose: string;
  let caseIds: string[];
  let requestId: string;

  beforeAll(async () => {
    purpose = uniquePurpose('Op BLUEBELL 4471/2024');
    const response = await graphql(hub.url, POLICE_CASES, {}, await asPersona('police-analyst', purpose));
    expect(response.body.errors).toBeUndefined();
    caseIds = response.body.data!.contactCases.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(caseIds).toHaveLength(3);
    requestId = response.headers.get('x-request-id')!;
  });

  it('returns the data and leaves one record of the rows and fields returned, without values', async () => {
    const records = await auditorFinds({ purpose });
    expect(records).toEqual([
      {
        sequence: expect.stringMatching(/^\d+$/),
        user: ANALYST,
        organisationCode: POLICE,
        sector: 'POLICE',
        purpose,
        operationName: expect.stringContaining('PoliceCases'),
        subgraph: 'contacts',
        action: 'CONSULTATION',
        outcome: 'RETURNED',
        entityType: 'ContactCase',
        ownerOrganisationCode: POLICE,
        sharingRoute: null,
        entityIds: caseIds,
        fields: ['id', 'kind', 'reference', 'summary'],
        requestId,
      },
    ]);
  });

  it('is found by the auditor by person (a case), by user and by purpose', async () => {
    const byCase = await auditorFinds({ entityId: caseIds[1] });
    expect(byCase.map((record) => record.purpose)).toContain(purpose);
    const byUser = await auditorFinds({ user: ANALYST, purpose });
    expect(byUser).toHaveLength(1);
    const byPurposeText = await auditorFinds({ purpose: purpose.slice(-12).toUpperCase() });
    expect(byPurposeText.map((record) => record.entityIds)).toEqual([caseIds]);
    const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
    expect(await auditorFinds({ purpose }, { from: minutes(-1), to: minutes(1) })).toHaveLength(1);
    expect(await auditorFinds({ purpose }, { from: minutes(1), to: minutes(2) })).toEqual([]);
    expect(await auditorFinds({ purpose, organisation: 'E10000027' })).toEqual([]);
  });

  it('of collar numbers and ranks (POLICE fields) is recorded by the people subgraph', async () => {
    const collarPurpose = uniquePurpose('Op ASH');
    const response = await graphql(
      hub.url,
      `query Officers { people(organisation: "${POLICE}", first: 4) { edges { node { id collarNumber rank displayName } } } }`,
      {},
      await asPersona('police-hr', collarPurpose),
    );
    expect(response.body.errors).toBeUndefined();
    const ids = response.body.data!.people.edges.map((edge: { node: { id: string } }) => edge.node.id);
    const records = await auditorFinds({ purpose: collarPurpose });
    expect(
      records.map(({ subgraph, entityType, action, outcome, entityIds, fields }) => ({ subgraph, entityType, action, outcome, entityIds, fields })),
    ).toEqual([{ subgraph: 'people', entityType: 'Person', action: 'CONSULTATION', outcome: 'RETURNED', entityIds: ids, fields: ['collarNumber', 'rank'] }]);
  });
});

describe('the records of a request', () => {
  it('are written in one statement per subgraph, whatever the number of rows', async () => {
    const unaudited = await startHub(testConfig(), { database: await testDatabase(), audit: false });
    const statements = async (url: string, first: number) => {
      const before = sqlStatements.count;
      const response = await graphql(
        url,
        `query Batch { contactCases(organisation: "${POLICE}", first: ${first}) { edges { node { id summary customer { familyName } notes { body } } } } }`,
        {},
        await asPersona('police-analyst', 'Batching check'),
      );
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.contactCases.edges).toHaveLength(first);
      return sqlStatements.count - before;
    };
    try {
      const [few, many, withoutAudit] = [await statements(hub.url, 5), await statements(hub.url, 50), await statements(unaudited.url, 50)];
      expect(many).toBe(few);
      expect(many).toBe(withoutAudit + 1);
    } finally {
      await unaudited.stop();
    }
  });
});

describe('a sensitive police payee', () => {
  it('shown to the force’s finance staff is recorded against the payment; the redacted public line is not', async () => {
    const [payment] = await sqlRows<{ id: string }>(sql`select id from finance.payment where sensitive_payee order by id limit 1`);
    const query = `query Payee($id: ID!) { payment(id: $id) { id beneficiaryName } }`;
    const purpose = uniquePurpose('Payee check');
    const shown = await graphql(hub.url, query, { id: payment!.id }, await asStaffOf(POLICE, ['staff', 'finance'], purpose));
    expect(shown.body.data!.payment.beneficiaryName).not.toBe('Redacted');
    await graphql(hub.url, query, { id: payment!.id }, {});
    const records = await auditorFinds({ entityId: payment!.id, entityType: 'Payment' });
    expect(
      records
        .filter((record) => record.purpose === purpose || record.user === null)
        .map(({ subgraph, action, outcome, fields }) => ({ subgraph, action, outcome, fields })),
    ).toEqual([{ subgraph: 'finance', action: 'CONSULTATION', outcome: 'RETURNED', fields: ['beneficiaryName'] }]);
  });
});

describe('a stated purpose', () => {
  it('over 200 characters is refused, saying the limit, and nothing is read or recorded', async () => {
    const before = await sqlRows<{ seq: string }>(sql`select seq from audit.chain_head`);
    const response = await graphql(hub.url, POLICE_CASES, {}, await asPersona('police-analyst', 'x'.repeat(201)));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'X-Purpose must be at most 200 characters', extensions: { code: 'BAD_USER_INPUT' } }] });
    const records = await sqlRows<{ n: number }>(sql`select count(*)::int as n from audit.record where seq > ${before[0]!.seq} and purpose like 'xxxx%'`);
    expect(records[0]!.n).toBe(0);
  });
});

describe('cross-sector reads of a disclosed case', () => {
  it('are recorded as disclosures of the council rows, naming the agreement, by each subgraph part', async () => {
    const [shared] = await sqlRows<{ id: string; organisationCode: string; agreementId: string }>(
      sql`select c.id, c.organisation_code as "organisationCode", d.agreement_id as "agreementId"
          from contacts.contact_case c join contacts.case_disclosure d on d.case_id = c.id
          where c.customer_id is not null order by c.id limit 1`,
    );
    const purpose = uniquePurpose('Safeguarding referral');
    const response = await graphql(
      hub.url,
      `query Referral($id: ID!) { contactCase(id: $id) { id summary customer { id familyName } } }`,
      { id: shared!.id },
      await asPersona('police-analyst', purpose),
    );
    expect(response.body.errors).toBeUndefined();
    const customerId = response.body.data!.contactCase.customer.id;
    const records = await auditorFinds({ purpose });
    expect(
      records
        .map(({ entityType, action, outcome, ownerOrganisationCode, sharingRoute, entityIds, fields }) => ({
          entityType,
          action,
          outcome,
          ownerOrganisationCode,
          sharingRoute,
          entityIds,
          fields,
        }))
        .sort((a, b) => a.entityType.localeCompare(b.entityType)),
    ).toEqual([
      {
        entityType: 'ContactCase',
        action: 'DISCLOSURE',
        outcome: 'RETURNED',
        ownerOrganisationCode: shared!.organisationCode,
        sharingRoute: shared!.agreementId,
        entityIds: [shared!.id],
        fields: ['customer', 'id', 'summary'],
      },
      {
        entityType: 'Customer',
        action: 'DISCLOSURE',
        outcome: 'RETURNED',
        ownerOrganisationCode: shared!.organisationCode,
        sharingRoute: shared!.agreementId,
        entityIds: [customerId],
        fields: ['familyName'],
      },
    ]);
  });
});

describe('refused reads', () => {
  it('are recorded as refused, naming the rows and fields that were withheld', async () => {
    // Police cases need a stated purpose: without one, every field but the id is refused.
    const before = await sqlRows<{ seq: string }>(sql`select seq from audit.chain_head`);
    const response = await graphql(hub.url, POLICE_CASES, {}, await asPersona('police-analyst'));
    const caseIds = response.body.data!.contactCases.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const records = (await auditorFinds({ user: ANALYST, entityType: 'ContactCase' })).filter(
      (record) => record.purpose === null && BigInt(record.sequence) > BigInt(before[0]!.seq),
    );
    expect(
      records.map(({ action, outcome, entityIds, fields }) => ({ action, outcome, entityIds, fields })).sort((a, b) => a.outcome.localeCompare(b.outcome)),
    ).toEqual([
      { action: 'CONSULTATION', outcome: 'REFUSED', entityIds: caseIds, fields: ['kind', 'reference', 'summary'] },
      { action: 'CONSULTATION', outcome: 'RETURNED', entityIds: caseIds, fields: ['id'] },
    ]);
  });
});

describe('attempts on police and personal rows hidden before any field was checked', () => {
  const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
  const CASE = `query Case($id: ID!) { contactCase(id: $id) { reference summary } }`;
  let policeCase: string;
  let officer: string;

  beforeAll(async () => {
    [{ id: policeCase }] = (await sqlRows<{ id: string }>(
      sql`select id from contacts.contact_case where organisation_code = ${POLICE} and kind <> 'COUNCIL_SERVICE' order by id limit 1`,
    )) as [{ id: string }];
    [{ id: officer }] = (await sqlRows<{ id: string }>(
      sql`select id from people.person where organisation_code = ${POLICE} and worker_type = 'POLICE_OFFICER' order by id limit 1`,
    )) as [{ id: string }];
  });

  const recordOf = ({ user, organisationCode, purpose, subgraph, action, outcome, entityType, ownerOrganisationCode, entityIds, fields }: Trail) => ({
    user,
    organisationCode,
    purpose,
    subgraph,
    action,
    outcome,
    entityType,
    ownerOrganisationCode,
    entityIds,
    fields,
  });

  it('a police contact case asked for by id by a council: answered as an unknown id, recorded as refused for that id', async () => {
    const purpose = uniquePurpose('Customer callback');
    const agent = await asPersona('contact-centre', purpose);
    const hidden = await graphql(hub.url, CASE, { id: policeCase }, agent);
    const unknown = await graphql(hub.url, CASE, { id: UNKNOWN }, agent);
    expect(hidden.body).toEqual({ data: { contactCase: null } });
    expect(unknown.body).toEqual(hidden.body);
    const asked = {
      user: PERSONAS['contact-centre'].subject,
      organisationCode: 'E10000027',
      purpose,
      subgraph: 'contacts',
      action: 'CONSULTATION',
      outcome: 'REFUSED',
      entityType: 'ContactCase',
      ownerOrganisationCode: null,
      fields: ['reference', 'summary'],
    };
    expect((await auditorFinds({ purpose })).map(recordOf)).toEqual([
      { ...asked, entityIds: [policeCase] },
      { ...asked, entityIds: [UNKNOWN] },
    ]);
    expect((await auditorFinds({ entityId: policeCase, outcome: 'REFUSED' })).filter((record) => record.purpose === purpose)).toHaveLength(1);
  });

  it('a police officer asked for by id by council HR: recorded by the people subgraph, without a purpose when none was given', async () => {
    const before = await sqlRows<{ seq: string }>(sql`select seq from audit.chain_head`);
    const response = await graphql(
      hub.url,
      `query Officer($id: ID!) { person(id: $id) { displayName ... on Person { salary { amount } } } }`,
      { id: officer },
      await asPersona('council-hr'),
    );
    expect(response.body).toEqual({ data: { person: null } });
    const records = (await auditorFinds({ user: PERSONAS['council-hr'].subject, entityId: officer })).filter(
      (record) => BigInt(record.sequence) > BigInt(before[0]!.seq),
    );
    expect(records.map(recordOf)).toEqual([
      {
        user: PERSONAS['council-hr'].subject,
        organisationCode: 'E07000190',
        purpose: null,
        subgraph: 'people',
        action: 'CONSULTATION',
        outcome: 'REFUSED',
        entityType: 'Person',
        ownerOrganisationCode: null,
        entityIds: [officer],
        fields: ['displayName', 'salary'],
      },
    ]);
  });

  it("the police's contact cases listed by a council: refused, and recorded against the organisation asked for", async () => {
    const purpose = uniquePurpose('Curiosity');
    const response = await graphql(
      hub.url,
      `query Listing { contactCases(organisation: "${POLICE}", first: 5) { edges { node { id } } } }`,
      {},
      await asPersona('contact-centre', purpose),
    );
    expect(response.body).toMatchInlineSnapshot(`
      {
        "data": {
          "contactCases": null,
        },
        "errors": [
          {
            "extensions": {
              "code": "FORBIDDEN",
              "serviceName": "contacts",
            },
            "message": "This record belongs to the police",
            "path": [
              "contactCases",
            ],
          },
        ],
      }
    `);
    expect((await auditorFinds({ purpose })).map(recordOf)).toEqual([
      {
        user: PERSONAS['contact-centre'].subject,
        organisationCode: 'E10000027',
        purpose,
        subgraph: 'contacts',
        action: 'DISCLOSURE',
        outcome: 'REFUSED',
        entityType: 'Query',
        ownerOrganisationCode: POLICE,
        entityIds: [POLICE],
        fields: ['contactCases'],
      },
    ]);
  });

  it('are recorded together: two hidden rows cost the statements of one', async () => {
    const purpose = uniquePurpose('Batch');
    const agent = await asPersona('contact-centre', purpose);
    const statements = async (query: string) => {
      const before = sqlStatements.count;
      const response = await graphql(hub.url, query, {}, agent);
      expect(Object.values(response.body.data!)).toEqual(query.includes('two:') ? [null, null] : [null]);
      return sqlStatements.count - before;
    };
    const one = await statements(`{ one: contactCase(id: "${policeCase}") { reference } }`);
    const two = await statements(`{ one: contactCase(id: "${policeCase}") { reference } two: contactCase(id: "${UNKNOWN}") { reference } }`);
    expect(two).toBe(one);
    expect((await auditorFinds({ purpose })).map((record) => record.entityIds)).toEqual([[policeCase], [policeCase, UNKNOWN]]);
  });
});

describe('a call straight to a subgraph, past the gateway', () => {
  it('is audited by that subgraph, with the hash of the operation it was sent', async () => {
    const purpose = uniquePurpose('Vetting review');
    const operation = `query Direct { people(organisation: "${POLICE}", first: 2) { edges { node { id vettingLevel } } } }`;
    const response = await graphql(hub.subgraphs.people.url, operation, {}, await asPersona('police-hr', purpose));
    expect(response.body.errors).toBeUndefined();
    const ids = response.body.data!.people.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(await auditorFinds({ purpose })).toEqual([
      expect.objectContaining({
        subgraph: 'people',
        operationName: 'Direct',
        entityType: 'Person',
        outcome: 'RETURNED',
        entityIds: ids,
        fields: ['vettingLevel'],
        requestId: response.headers.get('x-request-id'),
      }),
    ]);
    const [record] = await auditorFinds({ purpose }, PERIOD, 'operationHash');
    expect(record!.operationHash).toBe(createHash('sha256').update(operation, 'utf8').digest('hex'));
  });
});

describe('changes to personal data', () => {
  it('are recorded with the change, by the mutation, naming the fields changed', async () => {
    const agent = await asPersona('contact-centre');
    const created = await graphql(
      hub.url,
      `mutation NewCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`,
      {
        input: {
          givenName: 'Audit',
          familyName: `Trail-${randomUUID().slice(0, 8)}`,
          address: { line1: '1 High Street', town: 'Taunton', postcode: 'TA1 1AA' },
          idempotencyKey: `audit-${randomUUID()}`,
        },
      },
      agent,
    );
    expect(created.body.errors).toBeUndefined();
    const { id, version } = created.body.data!.createCustomer;
    const corrected = await graphql(
      hub.url,
      `mutation Fix($input: CorrectCustomerInput!) { correctCustomer(input: $input) { id } }`,
      { input: { customerId: id, version, phone: '01823 000000' } },
      agent,
    );
    expect(corrected.body.errors).toBeUndefined();
    const records = await auditorFinds({ entityId: id, outcome: 'CHANGED' });
    expect(records.map(({ user, subgraph, action, entityType, entityIds, fields }) => ({ user, subgraph, action, entityType, entityIds, fields }))).toEqual([
      {
        user: PERSONAS['contact-centre'].subject,
        subgraph: 'contacts',
        action: 'COLLECTION',
        entityType: 'Customer',
        entityIds: [id],
        fields: ['address', 'familyName', 'givenName'],
      },
      { user: PERSONAS['contact-centre'].subject, subgraph: 'contacts', action: 'ALTERATION', entityType: 'Customer', entityIds: [id], fields: ['phone'] },
    ]);
  });
});

describe('the trail', () => {
  it.each(PERSONA_NAMES.filter((persona) => persona !== 'auditor'))('is refused to %s, through the gateway and at the audit subgraph', async (persona) => {
    const headers = await asPersona(persona, 'curiosity');
    const query = `{ auditRecords(from: "${PERIOD.from}", to: "${PERIOD.to}", first: 5) { edges { node { id user purpose } } } }`;
    const viaGateway = await graphql(hub.url, query, {}, headers);
    expect(viaGateway.body).toEqual({ data: { auditRecords: null }, errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] });
    const direct = await graphql(hub.subgraphs.audit.url, query, {}, headers);
    expect(direct.body).toEqual({ data: { auditRecords: null }, errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] });
  });

  it('is refused to anyone but the auditor holding the audit scope', async () => {
    for (const organisation of ['E10000027', POLICE]) {
      const query = `{ auditRecords(from: "${PERIOD.from}", to: "${PERIOD.to}") { edges { node { id user } } } }`;
      const response = await graphql(hub.subgraphs.audit.url, query, {}, await asStaffOf(organisation, ['staff', 'audit']));
      expect(response.body).toEqual({
        data: { auditRecords: null },
        errors: [
          {
            message: 'This record belongs to another organisation',
            locations: [{ line: 1, column: 3 }],
            path: ['auditRecords'],
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
    }
  });

  it('refuses a bad filter, naming the field', async () => {
    const query = `{ auditRecords(from: "yesterday", to: "${PERIOD.to}", filter: { organisation: "nope" }) { edges { node { id } } } }`;
    const response = await graphql(hub.url, query, {}, auditor);
    expect(response.body.errors).toMatchInlineSnapshot(`
      [
        {
          "extensions": {
            "code": "BAD_USER_INPUT",
            "fields": [
              {
                "field": "from",
                "message": "must be an ISO 8601 time such as 2026-04-01T00:00:00Z",
              },
              {
                "field": "filter.organisation",
                "message": "must be an organisation code such as E10000027",
              },
            ],
            "serviceName": "audit",
          },
          "message": "Invalid input: from: must be an ISO 8601 time such as 2026-04-01T00:00:00Z; filter.organisation: must be an organisation code such as E10000027",
          "path": [
            "auditRecords",
          ],
        },
      ]
    `);
  });
});
