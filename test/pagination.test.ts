// Keyset pagination: every list can be walked to its end, in order, with no row
// seen twice, and bad page arguments are the caller's error.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { loadConfig } from '../platform/config.js';
import { MAX_PAGE_SIZE, useCursorSecret } from '../platform/pagination.js';
import { asStaffOf, graphql, sqlRows, testConfig, testHub, type GraphQLResponse } from './support/hub.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

const SUPPLIER_PAYMENTS = /* GraphQL */ `
  query($id: ID!, $after: String) {
    supplier(id: $id) { payments(first: 7, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
  }
`;

describe('keyset pagination', () => {
  it("walks a supplier's payments to the end in payment-date order, each exactly once", async () => {
    const [top] = await sqlRows<{ supplier_id: string }>(sql`
      select supplier_id from finance.payment where supplier_id is not null
      group by supplier_id having count(*) between 20 and 200 order by supplier_id limit 1`);
    if (!top) throw new Error('no supplier with 20 to 200 payments in the seed data');
    const supplierId = top.supplier_id;
    const expected = await sqlRows<{ id: string }>(
      sql`select id from finance.payment where supplier_id = ${supplierId} and not sensitive_payee order by payment_date desc, id desc`,
    );

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const response: GraphQLResponse = await graphql(hub.url, SUPPLIER_PAYMENTS, { id: supplierId, after });
      expect(response.body.errors).toBeUndefined();
      const payments: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = response.body.data!.supplier.payments;
      seen.push(...payments.edges.map((edge) => edge.node.id));
      if (!payments.pageInfo.hasNextPage) break;
      after = payments.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.map((row) => row.id));
  });

  it("gives the last edge's own cursor as endCursor, and the next page starts right after it", async () => {
    const [top] = await sqlRows<{ supplier_id: string }>(sql`
      select supplier_id from finance.payment where supplier_id is not null and not sensitive_payee
      group by supplier_id having count(*) > 14 order by supplier_id limit 1`);
    if (!top) throw new Error('no supplier with more than 14 payments in the seed data');
    const first = await graphql(hub.url, SUPPLIER_PAYMENTS, { id: top.supplier_id });
    const page = first.body.data!.supplier.payments as { edges: { cursor: string; node: { id: string } }[]; pageInfo: { endCursor: string } };
    expect(page.edges).toHaveLength(7);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    // Every edge's cursor resumes the list after that edge.
    const fromThird = await graphql(hub.url, SUPPLIER_PAYMENTS, { id: top.supplier_id, after: page.edges[2]!.cursor });
    const resumed = (fromThird.body.data!.supplier.payments.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    expect(resumed.slice(0, 4)).toEqual(page.edges.slice(3).map((edge) => edge.node.id));
  });

  it('walks the people of an organisation by name across pages', async () => {
    const staff = await asStaffOf('SWONE', ['staff']);
    const first = await graphql(
      hub.url,
      `{ people(organisation: "SWONE", first: 50) { edges { node { familyName givenName id } } pageInfo { hasNextPage endCursor } } }`,
      {},
      staff,
    );
    const second = await graphql(
      hub.url,
      `query($after: String) { people(organisation: "SWONE", first: 50, after: $after) { edges { node { familyName givenName id } } } }`,
      { after: first.body.data!.people.pageInfo.endCursor },
      staff,
    );
    const names = [...first.body.data!.people.edges, ...second.body.data!.people.edges].map(
      (edge: { node: { familyName: string; givenName: string; id: string } }) => edge.node,
    );
    expect(new Set(names.map((n) => n.id)).size).toBe(names.length);
    const expected = await sqlRows<{ id: string }>(
      sql`select id from people.person where organisation_code = 'SWONE' order by family_name, given_name, id limit ${names.length}`,
    );
    expect(names.map((n) => n.id)).toEqual(expected.map((row) => row.id));
  });

  it("walks an organisation's cases in some statuses only, newest first, each once, and refuses an empty list of statuses", async () => {
    const staff = await asStaffOf('E07000190', ['contacts']);
    const query = `query($after: String, $status: [CaseStatus!]) {
      contactCases(organisation: "E07000190", status: $status, first: 40, after: $after) { edges { node { id status } } pageInfo { hasNextPage endCursor } }
    }`;
    const seen: { id: string; status: string }[] = [];
    let after: string | null = null;
    do {
      const page: GraphQLResponse = await graphql(hub.url, query, { after, status: ['AWAITING_CUSTOMER', 'RESOLVED'] }, staff);
      expect(page.body.errors).toBeUndefined();
      seen.push(...page.body.data!.contactCases.edges.map((edge: { node: { id: string; status: string } }) => edge.node));
      after = page.body.data!.contactCases.pageInfo.hasNextPage ? page.body.data!.contactCases.pageInfo.endCursor : null;
    } while (after);
    const expected = await sqlRows<{ id: string; status: string }>(
      sql`select id, status from contacts.contact_case where organisation_code = 'E07000190' and status in ('AWAITING_CUSTOMER', 'RESOLVED')
        order by opened_at desc, id desc`,
    );
    expect(expected.length).toBeGreaterThan(40);
    expect(seen).toEqual(expected);
    const empty = await graphql(hub.url, query, { status: [] }, staff);
    expect(empty.body.errors).toEqual([
      {
        message: '"status" must list at least one status, or be left out for cases in any status',
        path: ['contactCases'],
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'status', serviceName: 'contacts' },
      },
    ]);
  });

  it('refuses a malformed cursor, a cursor from another list and out-of-range page sizes', async () => {
    const staff = await asStaffOf('SWONE', ['staff']);
    const peopleCursor = (await graphql(hub.url, `{ people(organisation: "SWONE", first: 1) { pageInfo { endCursor } } }`, {}, staff)).body.data!.people
      .pageInfo.endCursor;
    const cases = [
      { query: `{ payments(organisation: "E10000027", after: "not-a-cursor") { edges { cursor } } }`, argument: 'after' },
      { query: `query($c: String) { payments(organisation: "E10000027", after: $c) { edges { cursor } } }`, argument: 'after' },
      { query: `{ payments(organisation: "E10000027", first: 0) { edges { cursor } } }`, argument: 'first' },
      { query: `{ payments(organisation: "E10000027", first: ${MAX_PAGE_SIZE + 1}) { edges { cursor } } }`, argument: 'first' },
    ];
    for (const { query, argument } of cases) {
      const response = await graphql(hub.url, query, { c: peopleCursor });
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: argument, serviceName: 'finance' });
      expect(JSON.stringify(response.body)).not.toMatch(/stack|select |at \//i);
    }
  });
});

describe('cursor sealing', () => {
  it('refuses to run in production with the published demo cursor secret', () => {
    const production = { NODE_ENV: 'production', AUTH_SECRET: 'a-real-secret-from-the-vault-0123456789' };
    expect(() => loadConfig(production)).toThrowError(/CURSOR_SECRET: the demo cursor secret cannot be used in production/);
    expect(loadConfig({ ...production, CURSOR_SECRET: 'a-production-cursor-secret-0123456789abcdef' }).NODE_ENV).toBe('production');
  });

  it('does not accept a cursor sealed with another secret', async () => {
    const staff = await asStaffOf('SWONE', ['staff']);
    const query = `query($after: String) { people(organisation: "SWONE", first: 1, after: $after) { pageInfo { endCursor } } }`;
    const cursor = (await graphql(hub.url, query, {}, staff)).body.data!.people.pageInfo.endCursor as string;
    useCursorSecret('another-deployment-secret-0123456789abcdef');
    try {
      const response = await graphql(hub.url, query, { after: cursor }, staff);
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after', serviceName: 'people' });
    } finally {
      useCursorSecret(testConfig().CURSOR_SECRET);
    }
    expect((await graphql(hub.url, query, { after: cursor }, staff)).body.errors).toBeUndefined();
  });
});
