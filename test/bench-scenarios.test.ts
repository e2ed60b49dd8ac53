// The benchmark's scenarios stay true to the graph: each available one is answered by
// the hub without errors and passes its own check, and each plain-SQL floor computes
// the same result as the hub, so the harness compares like with like.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { withoutCursors } from '../bench/answers.js';
import { SCENARIOS, headersFor, type Scenario, type SqlClient } from '../bench/scenarios.js';
import { graphql, testConfig, testDatabase, testHub } from './support/hub.js';

let hub: RunningHub;
let sqlClient: SqlClient;

beforeAll(async () => {
  hub = await testHub();
  sqlClient = ((await testDatabase()).db as unknown as { $client: SqlClient }).$client;
});

const scenario = (name: string) => SCENARIOS.find((candidate) => candidate.name === name)!;

async function throughHub(of: Scenario, variables: Record<string, unknown>) {
  const response = await graphql(hub.url, of.query, variables, await headersFor(of, testConfig()));
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data!;
}

describe('benchmark scenarios', () => {
  it.each(SCENARIOS.filter((candidate) => candidate.available).map((candidate) => [candidate.name, candidate] as const))(
    '%s: the hub answers and the answer passes the scenario check',
    async (_name, of) => {
      const prepared = await of.prepare((await testDatabase()).db);
      expect(prepared.check(await throughHub(of, prepared.variables))).toBeUndefined();
    },
  );

  it('payments extract: plain SQL gives the same first two pages as the hub', async () => {
    const extract = scenario('payments-extract');
    const { variables } = await extract.prepare((await testDatabase()).db);
    const hubFirst = await throughHub(extract, variables);
    const sqlFirst = (await extract.floor!(sqlClient, variables)) as typeof hubFirst;
    const hubSecond = await throughHub(extract, { ...variables, after: hubFirst.payments.pageInfo.endCursor });
    const sqlSecond = await extract.floor!(sqlClient, { ...variables, after: sqlFirst.payments.pageInfo.endCursor });
    expect(hubFirst.payments.edges).toHaveLength(500);
    expect(withoutCursors(JSON.stringify(sqlFirst))).toBe(withoutCursors(JSON.stringify(hubFirst)));
    expect(withoutCursors(JSON.stringify(sqlSecond))).toBe(withoutCursors(JSON.stringify(hubSecond)));
    expect(JSON.stringify(hubSecond)).not.toBe(JSON.stringify(hubFirst));
  });

  it('spend by supplier and month: plain SQL gives the same groups, in the same order, as the hub', async () => {
    const spend = scenario('spend-by-supplier-month');
    const { variables } = await spend.prepare((await testDatabase()).db);
    const hubAnswer = await throughHub(spend, variables);
    const sqlAnswer = await spend.floor!(sqlClient, variables);
    expect(hubAnswer.spend.length).toBeGreaterThan(100);
    expect(JSON.stringify(sqlAnswer)).toBe(JSON.stringify(hubAnswer));
  });
});
