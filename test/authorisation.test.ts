// Attacks on the access policy, through the gateway and straight at the subgraphs:
// bad tokens, refused fields hidden behind aliases and fragments, nested hops,
// other organisations' rows asked for by id, cases disclosed under an agreement,
// police-only contacts, strict mode, and the side doors (introspection, suggestions,
// `_service`, forged identity headers). Expected answers are written out from the
// README's tables and checked against database rows, never computed with the policy
// module. Every request goes through `ask`, which also fails the test when a response
// carries a stack, an SQL fragment or a file path.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { sqlStatements } from '../platform/database.js';
import { ALL_READ_SCOPES, asPersona, asStaffOf, graphql, sqlRows, testConfig, testDatabase, testHub } from './support/hub.js';
import { ask, badCredentials, comparable, cursorText, headersWith, post, pounds, refusedAt, refusedBy } from './support/attacks.js';

const TAUNTON_DEANE = 'E07000190';
const SOMERSET = 'E10000027';
const POLICE = 'E23000036';

// The policy's messages, as a caller reads them.
const POLICE_ONLY = 'Police data is readable by police staff only';
const NEEDS_PURPOSE = 'Reading police data needs a stated purpose: send an X-Purpose header';
const BELONGS_TO_POLICE = 'This record belongs to the police';
const ANOTHER_ORGANISATION = 'This record belongs to another organisation';
const NOT_PUBLIC = 'Sign in to read this field: it is not public';
const missingScope = (scope: string) => `Your access does not include the scope ${scope}`;

const PURPOSE = 'Op BLUEBELL case 4471/2024';
// A purpose the seeded safeguarding agreements allow: its first word names it.
const SAFEGUARDING_PURPOSE = 'Safeguarding strategy meeting, Op BLUEBELL';

let hub: RunningHub;
let rows: Awaited<ReturnType<typeof findRows>>;

beforeAll(async () => {
  hub = await testHub();
  rows = await findRows();
});

/** One row of a query that must find something in the seed data. */
async function one<Row>(what: string, query: ReturnType<typeof sql>): Promise<Row> {
  const [row] = await sqlRows<Row>(query);
  if (!row) throw new Error(`the seed data has no ${what}`);
  return row;
}

/** A person's display name as the database has it. */
async function displayNameOf(personId: string): Promise<string> {
  const row = await one<{ name: string }>('such person', sql`select given_name || ' ' || family_name as name from people.person where id = ${personId}`);
  return row.name;
}

/** The rows the attacks aim at, found once in the seeded database. */
async function findRows() {
  type PersonRow = { id: string; salary_pence: string; date_of_birth: string; ni: string; collar_number: string | null; vetting_level: string | null };
  const person = (what: string, where: ReturnType<typeof sql>) =>
    one<PersonRow>(
      what,
      sql`select id, salary_pence::text, date_of_birth::text, national_insurance_number as ni, collar_number, vetting_level::text
          from people.person where ${where} and salary_pence is not null order by id limit 1`,
    );
  const assignee = (what: string, organisation: string) =>
    one<{ id: string }>(
      what,
      sql`select assigned_person_id as id from contacts.contact_case
          where organisation_code = ${organisation} and customer_id is not null and assigned_person_id is not null
          order by assigned_person_id limit 1`,
    );
  return {
    tauntonPerson: await person('Taunton Deane person with a salary', sql`organisation_code = ${TAUNTON_DEANE}`),
    somersetPerson: await person('Somerset person with a salary', sql`organisation_code = ${SOMERSET}`),
    officer: await person('police officer', sql`worker_type = 'POLICE_OFFICER' and collar_number is not null and vetting_level is not null`),
    somersetAssignee: (await assignee('Somerset person with cases', SOMERSET)).id,
    policeAssignee: (await assignee('police person with cases', POLICE)).id,
    supplier: await one<{ id: string }>(
      'supplier paid by a withheld police payment',
      sql`select supplier_id as id from finance.payment where supplier_id is not null group by supplier_id
          having bool_or(sensitive_payee) and count(*) <= 50 order by supplier_id limit 1`,
    ),
    policeOrder: await one<{ id: string; order_number: string }>(
      'police purchase order',
      sql`select id, order_number from procurement.purchase_order where organisation_code = ${POLICE} order by id limit 1`,
    ),
    police101: await one<{ id: string; reference: string }>(
      'police 101 case',
      sql`select id, reference from contacts.contact_case where kind = 'POLICE_101' order by id limit 1`,
    ),
    referred: await one<{ id: string; reference: string; status: string; summary: string; customer_id: string; customer_name: string }>(
      'council case disclosed to the force for safeguarding',
      sql`select c.id, c.reference, c.status::text, c.summary, c.customer_id, u.given_name || ' ' || u.family_name as customer_name
          from contacts.contact_case c join contacts.customer u on u.id = c.customer_id
          where c.kind = 'COUNCIL_SERVICE' and c.organisation_code = ${SOMERSET}
            and exists (select 1 from contacts.case_disclosure d where d.case_id = c.id)
          order by c.id limit 1`,
    ),
    notReferred: await one<{ id: string }>(
      'council case not disclosed',
      sql`select id from contacts.contact_case c where kind = 'COUNCIL_SERVICE' and organisation_code = ${SOMERSET}
            and not exists (select 1 from contacts.case_disclosure d where d.case_id = c.id)
          order by id limit 1`,
    ),
  };
}

describe('bad credentials', () => {
  /** At each endpoint, a query that reads rows when the caller is let in. */
  const readers = () => [
    { endpoint: 'gateway', url: hub.url, query: `{ people(organisation: "E07000190", first: 1) { edges { node { id } } } }` },
    { endpoint: 'people', url: hub.subgraphs.people.url, query: `{ people(organisation: "E07000190", first: 1) { edges { node { id } } } }` },
    { endpoint: 'finance', url: hub.subgraphs.finance.url, query: `{ payments(organisation: "E07000190", first: 1) { edges { node { id } } } }` },
    { endpoint: 'procurement', url: hub.subgraphs.procurement.url, query: `{ suppliers(first: 1) { edges { node { id } } } }` },
    { endpoint: 'contacts', url: hub.subgraphs.contacts.url, query: `{ contactCases(organisation: "E07000190", first: 1) { edges { node { id } } } }` },
  ];

  it('are refused with 401, WWW-Authenticate: Bearer and one UNAUTHENTICATED error, at the gateway and at every subgraph, before any SQL runs', async () => {
    const credentials = await badCredentials();
    const before = sqlStatements.count;
    for (const credential of credentials) {
      for (const { endpoint, url, query } of readers()) {
        const answer = await ask(url, query, {}, headersWith(credential));
        const wwwAuthenticate = answer.headers.get('www-authenticate');
        expect({ endpoint, credential: credential.name, status: answer.status, wwwAuthenticate, body: answer.body }).toEqual({
          endpoint,
          credential: credential.name,
          status: 401,
          wwwAuthenticate: 'Bearer',
          body: { errors: [{ message: credential.message, extensions: { code: 'UNAUTHENTICATED' } }] },
        });
      }
    }
    expect(sqlStatements.count - before).toBe(0);

    // The counter does count: each of the same queries with a good token reads the database.
    const good = await asStaffOf(TAUNTON_DEANE, ALL_READ_SCOPES);
    for (const { endpoint, url, query } of readers()) {
      const counted = sqlStatements.count;
      const answer = await ask(url, query, {}, good);
      const rowsRead = Object.values(answer.body.data!)[0].edges.length;
      expect({ endpoint, errors: answer.body.errors, rowsRead }).toEqual({ endpoint, errors: undefined, rowsRead: 1 });
      expect(sqlStatements.count - counted, endpoint).toBeGreaterThan(0);
    }
  });

  it('refuse an X-Purpose of 201 characters with 400 BAD_USER_INPUT naming the limit, signed in or not', async () => {
    const tooLong = 'x'.repeat(201);
    for (const { url, query } of readers()) {
      for (const headers of [{ 'x-purpose': tooLong }, { ...(await asPersona('police-analyst')), 'x-purpose': tooLong }]) {
        const answer = await ask(url, query, {}, headers);
        expect({ url, status: answer.status, body: answer.body }).toEqual({
          url,
          status: 400,
          body: { errors: [{ message: 'X-Purpose must be at most 200 characters', extensions: { code: 'BAD_USER_INPUT' } }] },
        });
      }
    }
  });
});

describe('field-level refusals in partial mode', () => {
  const ALIASED = /* GraphQL */ `
    query Aliased($id: ID!) {
      person(id: $id) {
        a: salary { amount }
        b: salary { amount }
        v1: vettingLevel
        v2: vettingLevel
        c1: collarNumber
        ...PoliceAndPay
        ... on Person { i: salary { amount } iv: vettingLevel ic: collarNumber }
      }
    }
    fragment PoliceAndPay on Person { f: salary { amount } fv: vettingLevel fc: collarNumber }
  `;
  const REFUSED_KEYS = ['v1', 'v2', 'c1', 'fv', 'fc', 'iv', 'ic'];

  it('council-hr reads a Taunton Deane salary but not vetting or collar number: null and FORBIDDEN at the exact path', async () => {
    const { id, salary_pence } = rows.tauntonPerson;
    const query = `query($id: ID!) { person(id: $id) { salary { amount currency } vettingLevel collarNumber } }`;
    const answer = await ask(hub.url, query, { id }, await asPersona('council-hr'));
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ person: { salary: { amount: pounds(salary_pence), currency: 'GBP' }, vettingLevel: null, collarNumber: null } });
    expect(comparable(answer.body.errors)).toEqual([refusedAt(['person', 'collarNumber'], POLICE_ONLY), refusedAt(['person', 'vettingLevel'], POLICE_ONLY)]);
  });

  it('treats every alias, named fragment and inline fragment alike, at the gateway and at the people subgraph', async () => {
    const { id, salary_pence } = rows.tauntonPerson;
    const salary = { amount: pounds(salary_pence) };
    const headers = await asPersona('council-hr');
    const gateway = await ask(hub.url, ALIASED, { id }, headers);
    expect(gateway.body.data).toEqual({
      person: { a: salary, b: salary, f: salary, i: salary, ...Object.fromEntries(REFUSED_KEYS.map((key) => [key, null])) },
    });
    expect(comparable(gateway.body.errors)).toEqual(comparable(REFUSED_KEYS.map((key) => refusedAt(['person', key], POLICE_ONLY))));

    const subgraph = await ask(hub.subgraphs.people.url, ALIASED, { id }, headers);
    expect(subgraph.body.data).toEqual(gateway.body.data);
    expect(comparable(subgraph.body.errors)).toEqual(comparable(gateway.body.errors));
  });

  it('leaks no police value under any alias to police-hr without a purpose, and serves every alias with one', async () => {
    const { id, salary_pence, collar_number, vetting_level } = rows.officer;
    const salary = { amount: pounds(salary_pence) };
    const withoutPurpose = await ask(hub.url, ALIASED, { id }, await asPersona('police-hr'));
    expect(withoutPurpose.body.data).toEqual({
      person: { a: salary, b: salary, f: salary, i: salary, ...Object.fromEntries(REFUSED_KEYS.map((key) => [key, null])) },
    });
    expect(comparable(withoutPurpose.body.errors)).toEqual(comparable(REFUSED_KEYS.map((key) => refusedAt(['person', key], NEEDS_PURPOSE))));
    expect(withoutPurpose.text).not.toContain(`"${collar_number}"`);
    expect(withoutPurpose.text).not.toContain(`"${vetting_level}"`);

    const withPurpose = await ask(hub.url, ALIASED, { id }, await asPersona('police-hr', PURPOSE));
    expect(withPurpose.body).toEqual({
      data: {
        person: {
          a: salary,
          b: salary,
          f: salary,
          i: salary,
          v1: vetting_level,
          v2: vetting_level,
          fv: vetting_level,
          iv: vetting_level,
          c1: collar_number,
          fc: collar_number,
          ic: collar_number,
        },
      },
    });
  });
});

describe('nested hops', () => {
  const CASES_OF = /* GraphQL */ `
    query CasesOf($id: ID!) {
      person(id: $id) {
        displayName
        casesAssigned(first: 5) { edges { node { reference kind customer { displayName organisation { code } } } } }
      }
    }
  `;

  /** A person's five newest cases as the database has them, with the customer's name and organisation. */
  async function casesOf(personId: string) {
    const cases = await sqlRows<{ reference: string; kind: string; customer_name: string | null; customer_org: string | null }>(sql`
      select c.reference, c.kind::text, u.given_name || ' ' || u.family_name as customer_name, u.organisation_code as customer_org
      from contacts.contact_case c left join contacts.customer u on u.id = c.customer_id
      where c.assigned_person_id = ${personId} order by c.opened_at desc, c.id desc limit 5`);
    return cases.map((row) => ({
      node: {
        reference: row.reference,
        kind: row.kind,
        customer: row.customer_name === null ? null : { displayName: row.customer_name, organisation: { code: row.customer_org } },
      },
    }));
  }

  it('person → casesAssigned → customer: contact-centre sees its own customers by name', async () => {
    const expected = await casesOf(rows.somersetAssignee);
    expect(expected.some((edge) => edge.node.customer !== null)).toBe(true);
    const answer = await ask(hub.url, CASES_OF, { id: rows.somersetAssignee }, await asPersona('contact-centre'));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.person.casesAssigned.edges).toEqual(expected);
  });

  it('council-hr is refused casesAssigned (no contacts scope) and still gets the person', async () => {
    const answer = await ask(hub.url, CASES_OF, { id: rows.tauntonPerson.id }, await asPersona('council-hr'));
    expect(answer.body).toEqual({
      data: { person: { displayName: await displayNameOf(rows.tauntonPerson.id), casesAssigned: null } },
      errors: [refusedAt(['person', 'casesAssigned'], missingScope('contacts'))],
    });
  });

  it('police-analyst with a purpose walks a police person to police cases and police customers, never council customers', async () => {
    const expected = await casesOf(rows.policeAssignee);
    expect(expected.length).toBeGreaterThan(0);
    const query = /* GraphQL */ `
      query PoliceWalk($id: ID!, $council: ID!) {
        person(id: $id) { casesAssigned(first: 5) { edges { node { reference kind customer { displayName organisation { code } } } } } }
        councilCustomer: customer(id: $council) { id displayName }
        councilCustomers: customers(organisation: "E10000027", first: 5) { edges { node { displayName } } }
      }
    `;
    const [councilCustomer] = await sqlRows<{ id: string }>(sql`
      select id from contacts.customer u where organisation_code = ${SOMERSET}
        and not exists (select 1 from contacts.contact_case c join contacts.case_disclosure d on d.case_id = c.id where c.customer_id = u.id)
        order by id limit 1`);
    const answer = await ask(hub.url, query, { id: rows.policeAssignee, council: councilCustomer!.id }, await asPersona('police-analyst', PURPOSE));
    const data = answer.body.data!;
    expect(data.person.casesAssigned.edges).toEqual(expected);
    for (const { node } of data.person.casesAssigned.edges) {
      expect(['POLICE_101', 'CRIME_REPORT']).toContain(node.kind);
      if (node.customer) expect(node.customer.organisation.code).toBe(POLICE);
    }
    expect(data.councilCustomer).toBeNull();
    // A council's customer list is refused whole: not even the rows' ids or cursors are served.
    expect(data.councilCustomers).toBeNull();
    expect(answer.body.errors).toEqual([refusedBy('contacts', ['councilCustomers'], ANOTHER_ORGANISATION)]);
  });

  describe('supplier → payments with a withheld police payee', () => {
    const PAYMENTS = /* GraphQL */ `
      query SupplierPayments($id: ID!) {
        supplier(id: $id) { payments(first: 50) { edges { node { id sensitivePayee beneficiaryName supplier { id } } } } }
      }
    `;
    type PaymentRow = { id: string; sensitive_payee: boolean; beneficiary_name: string };

    async function paymentsSeenBy(headers: Record<string, string>) {
      const answer = await ask(hub.url, PAYMENTS, { id: rows.supplier.id }, headers);
      expect(answer.body.errors).toBeUndefined();
      const nodes = answer.body.data!.supplier.payments.edges.map((edge: { node: unknown }) => edge.node) as {
        id: string;
        sensitivePayee: boolean;
        beneficiaryName: string;
        supplier: { id: string } | null;
      }[];
      return new Map(nodes.map((node) => [node.id, node]));
    }

    let payments: PaymentRow[];
    beforeAll(async () => {
      payments = await sqlRows<PaymentRow>(sql`
        select id, sensitive_payee, beneficiary_name from finance.payment where supplier_id = ${rows.supplier.id}`);
    });

    it("leaves payments with a withheld payee out of the supplier's list for anonymous callers", async () => {
      const seen = await paymentsSeenBy({});
      const attributable = payments.filter((row) => !row.sensitive_payee);
      expect(attributable.length).toBeLessThan(payments.length);
      expect([...seen.keys()].sort()).toEqual(attributable.map((row) => row.id).sort());
      for (const row of attributable) {
        expect(seen.get(row.id)).toEqual({
          id: row.id,
          sensitivePayee: row.sensitive_payee,
          beneficiaryName: row.sensitive_payee ? 'Redacted' : row.beneficiary_name,
          supplier: row.sensitive_payee ? null : { id: rows.supplier.id },
        });
      }
    });

    it('shows the real payee to the force’s own finance staff with a purpose, and to nobody else', async () => {
      const withheld = payments.filter((row) => row.sensitive_payee);
      expect(withheld.length).toBeGreaterThan(0);
      const policeFinance = await paymentsSeenBy(await asStaffOf(POLICE, ['staff', 'finance'], PURPOSE));
      for (const row of withheld) {
        expect(policeFinance.get(row.id)).toMatchObject({ beneficiaryName: row.beneficiary_name, supplier: { id: rows.supplier.id } });
      }
      const others = {
        'police finance without a purpose': await asStaffOf(POLICE, ['staff', 'finance']),
        'council finance with a purpose': await asPersona('council-finance', PURPOSE),
        'police analyst with a purpose': await asPersona('police-analyst', PURPOSE),
      };
      for (const [who, headers] of Object.entries(others)) {
        const seen = await paymentsSeenBy(headers);
        for (const row of withheld) expect({ who, seen: seen.has(row.id) }).toEqual({ who, seen: false });
      }
      // Listed by the paying organisation (the spend publication), the line is there, redacted.
      const [line] = withheld;
      const published = await ask(hub.url, `query($id: ID!) { payment(id: $id) { beneficiaryName supplier { id } } }`, { id: line!.id }, {});
      expect(published.body).toEqual({ data: { payment: { beneficiaryName: 'Redacted', supplier: null } } });
    });

    it('names the withheld payee in its own POLICE field, whose marking decides who sees it in the published ones too', async () => {
      const [line] = payments.filter((row) => row.sensitive_payee);
      const query = `query($id: ID!) { payment(id: $id) { beneficiaryName withheldPayeeName } }`;
      const policeFinance = await ask(hub.url, query, { id: line!.id }, await asStaffOf(POLICE, ['staff', 'finance'], PURPOSE));
      expect(policeFinance.body).toEqual({ data: { payment: { beneficiaryName: line!.beneficiary_name, withheldPayeeName: line!.beneficiary_name } } });
      const councilFinance = await ask(hub.url, query, { id: line!.id }, await asPersona('council-finance', PURPOSE));
      expect(councilFinance.body.data).toEqual({ payment: { beneficiaryName: 'Redacted', withheldPayeeName: null } });
      expect(councilFinance.body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['payment', 'withheldPayeeName'], 'FORBIDDEN']]);
    });
  });
});

describe("another organisation's rows asked for by id", () => {
  it('council-hr gets null for a Somerset person and for a police officer, and no Somerset staff in a list', async () => {
    const answer = await ask(
      hub.url,
      `query($somerset: ID!, $officer: ID!) {
        somerset: person(id: $somerset) { id displayName salary { amount } dateOfBirth }
        officer: person(id: $officer) { id displayName salary { amount } }
        somersetStaff: people(organisation: "E10000027", first: 5) { edges { node { id displayName } } }
      }`,
      { somerset: rows.somersetPerson.id, officer: rows.officer.id },
      await asPersona('council-hr'),
    );
    expect(answer.body).toEqual({
      data: { somerset: null, officer: null, somersetStaff: null },
      errors: [refusedBy('people', ['somersetStaff'], ANOTHER_ORGANISATION)],
    });
  });

  it('reports no errors at all, not an empty list, when a refused field sits under a row that turns out null', async () => {
    // council-hr may not read vettingLevel; the person is another council's, so null.
    // GraphQL: "If the error entry in the response is present, it must contain at least one error."
    const answer = await ask(hub.url, `query($id: ID!) { person(id: $id) { id vettingLevel } }`, { id: rows.somersetPerson.id }, await asPersona('council-hr'));
    expect(answer.body).toEqual({ data: { person: null } });
  });

  it('procurement-officer (Southwest One) never gets a police purchase order’s data', async () => {
    const { id, order_number } = rows.policeOrder;
    const query = `query($id: ID!) { purchaseOrder(id: $id) { id orderNumber total { amount } raisedAt } }`;
    const answer = await ask(hub.url, query, { id }, await asPersona('procurement-officer'));
    const order = answer.body.data!.purchaseOrder;
    if (order === null) {
      expect(answer.body.errors).toBeUndefined();
    } else {
      // The code answers with the id the caller gave and every other field refused.
      expect(order).toEqual({ id, orderNumber: null, total: null, raisedAt: null });
      expect(comparable(answer.body.errors)).toEqual(
        ['orderNumber', 'raisedAt', 'total'].map((field) => refusedBy('procurement', ['purchaseOrder', field], BELONGS_TO_POLICE)),
      );
    }
    expect(answer.text).not.toContain(order_number);
  });

  it('contact-centre gets null for a police 101 case, by id and by reference', async () => {
    const answer = await ask(
      hub.url,
      `query($id: ID!, $reference: String!) { byId: contactCase(id: $id) { id reference } byReference: contactCaseByReference(reference: $reference) { id } }`,
      { id: rows.police101.id, reference: rows.police101.reference },
      await asPersona('contact-centre'),
    );
    expect(answer.body).toEqual({ data: { byId: null, byReference: null } });
  });

  it('`_entities` straight at the subgraphs resolves none of them to data', async () => {
    const people = await ask(
      hub.subgraphs.people.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { id displayName salary { amount } } } }`,
      {
        representations: [
          { __typename: 'Person', id: rows.somersetPerson.id },
          { __typename: 'Person', id: rows.officer.id },
        ],
      },
      await asPersona('council-hr'),
    );
    expect(people.body).toEqual({ data: { _entities: [null, null] } });

    const contacts = await ask(
      hub.subgraphs.contacts.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ContactCase { id reference summary } } }`,
      { representations: [{ __typename: 'ContactCase', id: rows.police101.id }] },
      await asPersona('contact-centre'),
    );
    expect(contacts.body).toEqual({ data: { _entities: [null] } });

    const procurement = await ask(
      hub.subgraphs.procurement.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on PurchaseOrder { id orderNumber } } }`,
      { representations: [{ __typename: 'PurchaseOrder', id: rows.policeOrder.id }] },
      await asPersona('procurement-officer'),
    );
    const [order] = procurement.body.data!._entities as ({ id: string; orderNumber: string | null } | null)[];
    if (order === null) {
      expect(procurement.body.errors).toBeUndefined();
    } else {
      expect(order).toEqual({ id: rows.policeOrder.id, orderNumber: null });
      expect(comparable(procurement.body.errors)).toEqual([refusedAt(['_entities', 0, 'orderNumber'], BELONGS_TO_POLICE)]);
    }
    expect(procurement.text).not.toContain(rows.policeOrder.order_number);
  });
});

describe('a council case disclosed to the force under the safeguarding agreement', () => {
  const SHARED = /* GraphQL */ `
    query Shared($id: ID!) {
      contactCase(id: $id) { reference status summary customer { displayName } }
    }
  `;
  const purposeNotAllowed = {
    message: 'Information-sharing agreement ISA-2024-0001 allows reading only for SAFEGUARDING: start X-Purpose with one of them',
    path: ['contactCase'],
    extensions: { code: 'PURPOSE_NOT_ALLOWED' },
  };

  it('lets police-analyst with a safeguarding purpose read the case and its customer through the case', async () => {
    const { id, reference, status, summary, customer_name } = rows.referred;
    const answer = await ask(hub.url, SHARED, { id }, await asPersona('police-analyst', SAFEGUARDING_PURPOSE));
    expect(answer.body).toEqual({ data: { contactCase: { reference, status, summary, customer: { displayName: customer_name } } } });
  });

  it('refuses the fields the agreement does not share, each naming the agreement', async () => {
    const answer = await ask(
      hub.url,
      `query($id: ID!) { contactCase(id: $id) { reference assignedTo { id } } }`,
      { id: rows.referred.id },
      await asPersona('police-analyst', SAFEGUARDING_PURPOSE),
    );
    expect(answer.body.data).toEqual({ contactCase: { reference: rows.referred.reference, assignedTo: null } });
    expect(comparable(answer.body.errors)).toEqual([
      refusedBy('contacts', ['contactCase', 'assignedTo'], 'Information-sharing agreement ISA-2024-0001 does not share this field'),
    ]);
  });

  it('without a purpose, or with one the agreement does not allow, is refused once, saying which purpose it needs', async () => {
    for (const purpose of [undefined, PURPOSE]) {
      const answer = await ask(hub.url, SHARED, { id: rows.referred.id }, await asPersona('police-analyst', purpose));
      expect(answer.body.data).toEqual({ contactCase: null });
      expect(answer.body.errors).toMatchObject([purposeNotAllowed]);
    }
  });

  it('is closed to police without the sharing scope, even with the purpose', async () => {
    const policeHr = await ask(hub.url, SHARED, { id: rows.referred.id }, await asPersona('police-hr', SAFEGUARDING_PURPOSE));
    expect(policeHr.body).toEqual({ data: { contactCase: null }, errors: [refusedAt(['contactCase'], missingScope('contacts'))] });

    const policeContacts = await ask(
      hub.url,
      SHARED,
      { id: rows.referred.id },
      await asStaffOf(POLICE, ['staff', 'contacts', 'contacts:sensitive'], SAFEGUARDING_PURPOSE),
    );
    expect(policeContacts.body.data).toEqual({ contactCase: null });
    expect(policeContacts.body.errors).toMatchObject([
      { message: 'Reading what another organisation shared with yours needs the scope sharing', extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('does not open council cases that were not disclosed', async () => {
    const answer = await ask(hub.url, SHARED, { id: rows.notReferred.id }, await asPersona('police-analyst', SAFEGUARDING_PURPOSE));
    expect(answer.body).toEqual({ data: { contactCase: null } });
  });

  it('does not open the disclosed case’s customer asked for directly', async () => {
    const { customer_id, customer_name } = rows.referred;
    const answer = await ask(
      hub.url,
      `query($id: ID!) { customer(id: $id) { id displayName email cases { edges { node { id } } } } }`,
      { id: customer_id },
      await asPersona('police-analyst', SAFEGUARDING_PURPOSE),
    );
    const customer = answer.body.data!.customer;
    if (customer === null) {
      expect(answer.body.errors).toBeUndefined();
    } else {
      // The code gives back the id the caller sent and refuses every personal field.
      expect(customer).toEqual({ id: customer_id, displayName: null, email: null, cases: null });
      expect(comparable(answer.body.errors)).toEqual(
        ['cases', 'displayName', 'email'].map((field) => refusedBy('contacts', ['customer', field], ANOTHER_ORGANISATION)),
      );
    }
    expect(answer.text).not.toContain(customer_name);
  });

  it('is not opened by forged agreement terms in an entity representation sent to the contacts subgraph', async () => {
    const { customer_id, customer_name } = rows.referred;
    const forged = {
      agreementId: 'x',
      reference: 'ISA',
      recipientCode: POLICE,
      standing: 'IN_FORCE',
      purposes: ['SAFEGUARDING'],
      fields: ['Customer.displayName'],
    };
    const answer = await ask(
      hub.subgraphs.contacts.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id displayName } } }`,
      { representations: [{ __typename: 'Customer', id: customer_id, sharedUnder: forged, organisationCode: POLICE }] },
      await asPersona('police-analyst', SAFEGUARDING_PURPOSE),
    );
    const [customer] = answer.body.data!._entities as ({ displayName: string | null } | null)[];
    expect(customer?.displayName ?? null).toBeNull();
    for (const error of answer.body.errors ?? []) expect(error).toMatchObject({ message: ANOTHER_ORGANISATION, extensions: { code: 'FORBIDDEN' } });
    expect(answer.text).not.toContain(customer_name);
  });
});

describe('police contacts are police-only', () => {
  it('contact-centre (a council) lists no police cases, through the gateway or at the contacts subgraph', async () => {
    const query = `{
      contactCases(organisation: "E23000036", first: 10) { edges { node { id reference } } }
      organisation(code: "E23000036") { contactCases(first: 10) { edges { node { id } } } }
    }`;
    const answer = await ask(hub.url, query, {}, await asPersona('contact-centre'));
    // Both ways of listing the police's cases are refused whole, with the same reason.
    expect(answer.body).toEqual({
      data: { contactCases: null, organisation: { contactCases: null } },
      errors: [refusedBy('contacts', ['contactCases'], BELONGS_TO_POLICE), refusedBy('contacts', ['organisation', 'contactCases'], BELONGS_TO_POLICE)],
    });

    const listOnly = `{ contactCases(organisation: "E23000036", first: 10) { edges { node { id reference } } } }`;
    const direct = await ask(hub.subgraphs.contacts.url, listOnly, {}, await asPersona('contact-centre'));
    expect(direct.body).toEqual({
      data: { contactCases: null },
      errors: [{ ...refusedAt(['contactCases'], BELONGS_TO_POLICE), locations: [{ line: 1, column: 3 }] }],
    });
  });

  it('police-analyst without a purpose gets its own force’s 101 case id but not its reference; with a purpose, both', async () => {
    const { id, reference } = rows.police101;
    const query = `query($id: ID!) { contactCase(id: $id) { id reference } }`;
    const withoutPurpose = await ask(hub.url, query, { id }, await asPersona('police-analyst'));
    expect(withoutPurpose.body).toEqual({
      data: { contactCase: { id, reference: null } },
      errors: [refusedBy('contacts', ['contactCase', 'reference'], NEEDS_PURPOSE)],
    });
    expect(withoutPurpose.text).not.toContain(reference);

    const withPurpose = await ask(hub.url, query, { id }, await asPersona('police-analyst', PURPOSE));
    expect(withPurpose.body).toEqual({ data: { contactCase: { id, reference } } });
  });
});

describe('strict mode', () => {
  let strict: RunningHub;

  beforeAll(async () => {
    strict = await startHub(testConfig({ ACCESS_MODE: 'strict' }), { database: await testDatabase() });
  });

  afterAll(async () => {
    await strict?.stop();
  });

  it('refuses an operation reading one forbidden field whole: one FORBIDDEN error naming it, no data', async () => {
    const before = sqlStatements.count;
    const query = `query($id: ID!) { person(id: $id) { id displayName salary { amount } } }`;
    const answer = await ask(strict.url, query, { id: rows.somersetPerson.id }, await asPersona('council-finance'));
    // With no data at all, Apollo Server answers with HTTP 400.
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errors: [
        {
          message: `This operation reads fields you may not read: Person.salary (${missingScope('hr:sensitive')})`,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
    expect(sqlStatements.count - before).toBe(0);
  });

  it('serves a fully allowed operation normally', async () => {
    const { id } = rows.somersetPerson;
    const answer = await ask(strict.url, `query($id: ID!) { person(id: $id) { id displayName } }`, { id }, await asPersona('council-finance'));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { person: { id, displayName: await displayNameOf(id) } } });
  });
});

describe('side doors (NODE_ENV=test)', () => {
  it('refuses introspection at the gateway and at a subgraph', async () => {
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      const answer = await ask(url, '{ __schema { types { name } } }');
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ extensions: { validationErrorCode: 'INTROSPECTION_DISABLED', code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
      expect(answer.text).not.toContain('"Person"');
    }
  });

  it('gives no "Did you mean" for a misspelt field', async () => {
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      const answer = await ask(url, '{ organisations { nmae } }');
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        errors: [
          {
            message: 'Cannot query field "nmae" on type "Organisation".',
            locations: [{ line: 1, column: 19 }],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      });
    }
  });

  it('refuses `_service { sdl }` at every subgraph with FORBIDDEN and no SDL', async () => {
    for (const subgraph of Object.values(hub.subgraphs)) {
      const answer = await ask(subgraph.url, '{ _service { sdl } }');
      expect(answer.body).toEqual({
        data: null,
        errors: [{ message: 'This field is not readable', locations: [{ line: 1, column: 3 }], path: ['_service'], extensions: { code: 'FORBIDDEN' } }],
      });
      expect(answer.text).not.toMatch(/@access|type Query/);
    }
  });

  it('refuses batched operations', async () => {
    const answer = await post(hub.url, [{ query: '{ organisations { code } }' }, { query: '{ organisations { name } }' }]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('reports a subgraph shield refusal through the gateway as FORBIDDEN, never INTERNAL_SERVER_ERROR', async () => {
    // Row refusals are made by the contacts subgraph's shield rules, not by the gateway.
    const query = `query($id: ID!) { contactCase(id: $id) { kind channel status } }`;
    const answer = await ask(hub.url, query, { id: rows.police101.id }, await asPersona('police-analyst'));
    expect(answer.body.errors).toHaveLength(3);
    for (const error of answer.body.errors!) expect(error.extensions).toEqual({ code: 'FORBIDDEN', serviceName: 'contacts' });
    expect(answer.text).not.toContain('INTERNAL_SERVER_ERROR');
    expect(answer.text).not.toContain('Not Authorised');
  });

  it('puts no value of a refused field anywhere in the response: council-finance and a Somerset salary', async () => {
    const { id, salary_pence, date_of_birth, ni } = rows.somersetPerson;
    const query = `query($id: ID!) { person(id: $id) { id salary { amount } dateOfBirth nationalInsuranceNumber } }`;
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      const answer = await ask(url, query, { id }, await asPersona('council-finance'));
      expect(answer.body.data).toEqual({ person: { id, salary: null, dateOfBirth: null, nationalInsuranceNumber: null } });
      expect(comparable(answer.body.errors)).toEqual(
        ['dateOfBirth', 'nationalInsuranceNumber', 'salary'].map((field) => refusedAt(['person', field], missingScope('hr:sensitive'))),
      );
      for (const value of [pounds(salary_pence), date_of_birth, ni]) expect(answer.text).not.toContain(value);
    }
  });

  it('never lists the police’s cost centres to a council, not even as ids and cursors', async () => {
    const query = `{ costCentres(organisation: "E23000036", first: 5) { edges { cursor node { id code } } } }`;
    const answer = await ask(hub.url, query, {}, await asPersona('council-finance'));
    expect(answer.body).toEqual({ data: { costCentres: null }, errors: [refusedBy('finance', ['costCentres'], BELONGS_TO_POLICE)] });
  });

  it('seals cursors: the sort values of a row are not readable in its cursor', async () => {
    const [costCentre] = await sqlRows<{ id: string }>(sql`
      select cost_centre_id as id from procurement.purchase_order where organisation_code = ${POLICE} group by 1 order by 1 limit 1`);
    const ORDERS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on CostCentre { orders(first: 5) { edges { cursor node { raisedAt } } } } } }`;
    const answer = await ask(
      hub.subgraphs.procurement.url,
      ORDERS,
      { representations: [{ __typename: 'CostCentre', id: costCentre!.id, organisation: { code: POLICE } }] },
      await asStaffOf(POLICE, ['procurement']),
    );
    const edges = (answer.body.data!._entities as { orders: { edges: { cursor: string; node: { raisedAt: string } }[] } }[])[0]!.orders.edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const { cursor, node } of edges) {
      expect(cursorText(cursor)).not.toContain(node.raisedAt.slice(0, 10));
      expect(cursorText(cursor)).not.toContain('purchase-orders');
    }
  });

  it('keeps a list under an extended entity to the organisation its reference claims, so a forged claim finds nothing', async () => {
    const [costCentre] = await sqlRows<{ id: string }>(sql`
      select cost_centre_id as id from procurement.purchase_order where organisation_code = ${POLICE} group by 1 order by 1 limit 1`);
    const answer = await ask(
      hub.subgraphs.procurement.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on CostCentre { orders(first: 5) { edges { node { id } } } } } }`,
      // The police's cost centre, claimed to be Southwest One's by a caller from Southwest One.
      { representations: [{ __typename: 'CostCentre', id: costCentre!.id, organisation: { code: 'SWONE' } }] },
      await asPersona('procurement-officer'),
    );
    expect(answer.body).toEqual({ data: { _entities: [{ orders: { edges: [] } }] } });
  });
});

describe('direct subgraph calls', () => {
  const PROBE = /* GraphQL */ `
    query Probe($id: ID!) {
      organisations { code name sector }
      person(id: $id) { id displayName salary { amount } vettingLevel }
      people(organisation: "E07000190", first: 3) { edges { node { id displayName } } }
    }
  `;

  it('without a token get exactly the anonymous answer, forged identity headers or not', async () => {
    const variables = { id: rows.tauntonPerson.id };
    const throughGateway = await ask(hub.url, PROBE, variables);
    const direct = await ask(hub.subgraphs.people.url, PROBE, variables);
    const forged = await ask(hub.subgraphs.people.url, PROBE, variables, {
      'x-user-org': TAUNTON_DEANE,
      'x-viewer': JSON.stringify({ kind: 'user', organisation: { code: TAUNTON_DEANE, sector: 'COUNCIL' }, scopes: ['staff', 'hr:sensitive'] }),
      'x-organisation': TAUNTON_DEANE,
      'x-sector': 'POLICE',
    });

    expect(throughGateway.body.data!.organisations.length).toBeGreaterThan(0);
    expect(throughGateway.body.data).toMatchObject({ person: null, people: null });
    expect(comparable(throughGateway.body.errors)).toEqual([refusedAt(['people'], NOT_PUBLIC), refusedAt(['person'], NOT_PUBLIC)]);
    for (const answer of [direct, forged]) {
      expect(answer.body.data).toEqual(throughGateway.body.data);
      expect(comparable(answer.body.errors)).toEqual(comparable(throughGateway.body.errors));
    }
    expect(forged.body).toEqual(direct.body);
  });

  it('with council-hr’s token get exactly what council-hr gets through the gateway', async () => {
    const variables = { id: rows.tauntonPerson.id };
    const headers = await asPersona('council-hr');
    const throughGateway = await ask(hub.url, PROBE, variables, headers);
    const direct = await ask(hub.subgraphs.people.url, PROBE, variables, headers);
    const { id, salary_pence } = rows.tauntonPerson;
    expect(throughGateway.body.data!.person).toMatchObject({ id, salary: { amount: pounds(salary_pence) }, vettingLevel: null });
    expect(throughGateway.body.data!.people.edges).toHaveLength(3);
    expect(comparable(throughGateway.body.errors)).toEqual([refusedAt(['person', 'vettingLevel'], POLICE_ONLY)]);
    expect(direct.body.data).toEqual(throughGateway.body.data);
    expect(comparable(direct.body.errors)).toEqual(comparable(throughGateway.body.errors));
  });
});

describe('development mode', () => {
  it('serves introspection through the gateway, unhindered by the access check', async () => {
    const development = await startHub(testConfig({ NODE_ENV: 'development' }), { database: await testDatabase() });
    try {
      const answer = await graphql(development.url, `{ __schema { queryType { name } } __type(name: "Person") { name } }`);
      expect(answer.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } }, __type: { name: 'Person' } } });
    } finally {
      await development.stop();
    }
  });
});
