// One SQL statement per entity type per federation fetch, whatever the number of rows.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { sqlStatements } from '../platform/database.js';
import { ALL_READ_SCOPES, asStaffOf, graphql, testHub } from './support/hub.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

const FAN_OUT = /* GraphQL */ `
  query PeopleFanOut($first: Int!) {
    people(organisation: "E10000027", first: $first) {
      edges {
        node {
          id
          costCentresManaged { code }
          ordersRaised(first: 5) { edges { node { orderNumber } } }
          casesAssigned(first: 5) { edges { node { reference } } }
        }
      }
    }
  }
`;

async function statementsFor(query: string, variables: Record<string, unknown>): Promise<{ statements: number; rows: number }> {
  const before = sqlStatements.count;
  const response = await graphql(hub.url, query, variables, await asStaffOf('E10000027', ALL_READ_SCOPES));
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return { statements: sqlStatements.count - before, rows: response.body.data!.people.edges.length };
}

describe('batching', () => {
  it('runs the same statements for 10 and for 200 people with cost centres, orders and cases', async () => {
    const ten = await statementsFor(FAN_OUT, { first: 10 });
    const twoHundred = await statementsFor(FAN_OUT, { first: 200 });
    expect(ten.rows).toBe(10);
    expect(twoHundred.rows).toBe(200);
    // people; their organisations (each extension field @requires the owner, for its row
    // check); cost centres (finance); orders (procurement); cases (contacts).
    expect(ten.statements).toBe(5);
    expect(twoHundred.statements).toBe(ten.statements);
  });

  it('batches entity references across hops: orders to suppliers and cost centres', async () => {
    const query = /* GraphQL */ `
      query($first: Int!) {
        people(organisation: "E10000027", first: $first) {
          edges { node { ordersRaised(first: 3) { edges { node { supplier { name } costCentre { code manager { familyName } } } } } } }
        }
      }
    `;
    const few = await statementsFor(query, { first: 5 });
    const many = await statementsFor(query, { first: 150 });
    expect(many.statements).toBe(few.statements);
    // people; organisations (the owner for the row check); orders; suppliers; cost centres; managers (people).
    expect(few.statements).toBe(6);
  });
});
