// The federated graph end to end: one query through the gateway reaches all four
// subgraphs, and every answer matches the rows in the database.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { ALL_READ_SCOPES, asStaffOf, graphql, sqlRows, subgraphsPlannedFor, testHub, type GraphQLResponse } from './support/hub.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

/** A person who manages a cost centre, raised orders and has cases assigned. */
async function busyPerson(): Promise<{ id: string; given_name: string; org_unit: string; organisation_code: string }> {
  const [row] = await sqlRows<{ id: string; given_name: string; org_unit: string; organisation_code: string }>(sql`
    select p.id, p.given_name, u.name as org_unit, p.organisation_code
    from people.person p join people.org_unit u on u.id = p.org_unit_id
    where exists (select 1 from finance.cost_centre c where c.manager_person_id = p.id)
      and exists (select 1 from procurement.purchase_order o where o.requester_person_id = p.id)
      and exists (select 1 from contacts.contact_case k where k.assigned_person_id = p.id)
    order by p.id limit 1`);
  if (!row) throw new Error('the seed data has no person who manages a cost centre, raised orders and has cases');
  return row;
}

const PROFILE = /* GraphQL */ `
  query PersonProfile($id: ID!) {
    person(id: $id) {
      id
      givenName
      orgUnit { name }
      organisation { code name sector }
      costCentresManaged {
        code
        payments(first: 3) { edges { node { paymentDate amount { amount currency } supplier { id name } } } }
      }
      ordersRaised(first: 3) { edges { node { orderNumber total { amount } supplier { name } costCentre { code } } } }
      casesAssigned(first: 3) { edges { node { reference status organisation { code } } } }
    }
  }
`;

describe('the federated graph', () => {
  it('returns a person with data from all four subgraphs, and the plan calls all four', async () => {
    const person = await busyPerson();
    let response!: GraphQLResponse;
    const planned = await subgraphsPlannedFor(async () => {
      response = await graphql(hub.url, PROFILE, { id: person.id }, await asStaffOf(person.organisation_code, ALL_READ_SCOPES, 'Profile check'));
    });
    expect(response.body.errors).toBeUndefined();
    expect([...planned].sort()).toEqual(['contacts', 'finance', 'people', 'procurement']);

    const profile = response.body.data!.person;
    expect(profile.id).toBe(person.id);
    expect(profile.givenName).toBe(person.given_name);
    expect(profile.orgUnit.name).toBe(person.org_unit);
    expect(profile.organisation.code).toBe(person.organisation_code);
    expect(profile.costCentresManaged.length).toBeGreaterThan(0);
    expect(profile.ordersRaised.edges.length).toBeGreaterThan(0);
    expect(profile.casesAssigned.edges.length).toBeGreaterThan(0);
    for (const { node } of profile.casesAssigned.edges) expect(node.organisation.code).toBe(person.organisation_code);
    for (const { node } of profile.ordersRaised.edges) {
      expect(node.total.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(typeof node.supplier.name).toBe('string');
      expect(typeof node.costCentre.code).toBe('string');
    }
  });

  it('joins suppliers to their payments and total spend across subgraphs', async () => {
    const [expected] = await sqlRows<{ supplier_id: string; total: string; payments: number }>(sql`
      select supplier_id, sum(amount_pence)::text as total, count(*)::int as payments
      from finance.payment where supplier_id is not null and not sensitive_payee group by supplier_id order by supplier_id limit 1`);
    if (!expected) throw new Error('no payments to suppliers in the seed data');
    const response = await graphql(
      hub.url,
      `query($id: ID!) { supplier(id: $id) { id name totalSpend { amount currency } payments(first: 2) { edges { node { transactionNumber expenseType { name } } } } } }`,
      { id: expected.supplier_id },
    );
    expect(response.body.errors).toBeUndefined();
    const supplier = response.body.data!.supplier;
    const pence = BigInt(expected.total);
    expect(supplier.totalSpend).toEqual({ amount: `${pence / 100n}.${(pence % 100n).toString().padStart(2, '0')}`, currency: 'GBP' });
    expect(supplier.payments.edges.length).toBe(Math.min(2, expected.payments));
  });

  it('reaches organisations from every subgraph', async () => {
    const published = await graphql(
      hub.url,
      `{ organisations { code name sector member }
         payments(organisation: "E10000027", first: 1) { edges { node { organisation { name } } } } }`,
    );
    const police = await graphql(
      hub.url,
      `{ purchaseOrders(organisation: "E23000036", first: 1) { edges { node { organisation { name sector } } } } }`,
      {},
      await asStaffOf('E23000036', ['procurement']),
    );
    const council = await graphql(
      hub.url,
      `{ contactCases(organisation: "E07000190", first: 1) { edges { node { organisation { name } } } } }`,
      {},
      await asStaffOf('E07000190', ['contacts']),
    );
    for (const response of [published, police, council]) expect(response.body.errors).toBeUndefined();
    const data = { ...published.body.data!, ...police.body.data!, ...council.body.data! };
    // The demo members (tests onboard others into the registry too).
    expect(
      data.organisations
        .filter((o: { member: boolean }) => o.member)
        .map((o: { code: string }) => o.code)
        .sort(),
    ).toEqual(expect.arrayContaining(['E07000190', 'E10000027', 'E23000036', 'SWONE']));
    expect(data.organisations.find((o: { code: string }) => o.code === 'E07000188')).toEqual({
      code: 'E07000188',
      name: 'Sedgemoor District Council',
      sector: 'COUNCIL',
      member: false,
    });
    expect(data.payments.edges[0].node.organisation.name).toBe('Somerset County Council');
    expect(data.purchaseOrders.edges[0].node.organisation).toEqual({ name: 'Avon and Somerset Police', sector: 'POLICE' });
    expect(data.contactCases.edges[0].node.organisation.name).toBe('Taunton Deane Borough Council');
  });

  it('keeps connections from the gateway to a subgraph alive across requests', async () => {
    const people = hub.subgraphs.people;
    const before = people.connectionsAccepted();
    for (let i = 0; i < 10; i += 1) {
      const response = await graphql(hub.url, `{ organisations { code } }`);
      expect(response.body.errors).toBeUndefined();
    }
    // Ten sequential requests through the gateway reuse the connection it already holds (at most one new one).
    expect(people.connectionsAccepted() - before).toBeLessThanOrEqual(1);
  });

  it('answers GET /health on the gateway and on each subgraph', async () => {
    for (const url of [hub.url, ...Object.values(hub.subgraphs).map((s) => s.url)]) {
      const response = await fetch(url.replace(/\/graphql$/, '/health'));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    }
  });
});
