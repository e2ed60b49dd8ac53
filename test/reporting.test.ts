// Reporting aggregates through the gateway, each compared with a plain SQL query over
// the same seeded rows, for callers who may read them and callers who may not; the
// redaction of withheld police payees in spend groups; range and grouping validation;
// a bulk extract paged to its end at the largest page size.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { sqlStatements } from '../platform/database.js';
import { penceToDecimal } from '../platform/money.js';
import { MAX_PAGE_SIZE } from '../platform/pagination.js';
import { asPersona, asStaffOf, graphql, sqlRows, testHub, type GraphQLResponse } from './support/hub.js';

const SOMERSET = 'E10000027';
const TAUNTON_DEANE = 'E07000190';
const POLICE = 'E23000036';
const PURPOSE = 'Spend review 2024/25';
// The first seeded financial year.
const FY2024 = { from: '2024-04-01', to: '2025-03-31' };

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

/** Sorts rows by their JSON, so the database's collation and JavaScript's never need to agree. */
const sorted = <Row>(rows: Row[]): Row[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const SPEND = /* GraphQL */ `
  query Spend($organisation: ID, $from: String!, $to: String!, $groupBy: [SpendDimension!]!) {
    spend(organisation: $organisation, from: $from, to: $to, groupBy: $groupBy) {
      organisation { code } supplier { id } payeeName expenseType { id } month total { amount currency } payments
    }
  }
`;

interface SpendGroup {
  organisation: { code: string } | null;
  supplier: { id: string } | null;
  payeeName: string | null;
  expenseType: { id: string } | null;
  month: string | null;
  total: { amount: string; currency: string };
  payments: number;
}

describe('spend', () => {
  it("sums one organisation's spend by expense type and month as the database does, for anyone", async () => {
    const response = await graphql<{ spend: SpendGroup[] }>(hub.url, SPEND, { organisation: SOMERSET, ...FY2024, groupBy: ['EXPENSE_TYPE', 'MONTH'] });
    expect(response.body.errors).toBeUndefined();
    const expected = await sqlRows<{ expense_type_id: string; month: string; pence: string; payments: number }>(sql`
      select expense_type_id::text, to_char(payment_date, 'YYYY-MM') as month, sum(amount_pence)::text as pence, count(*)::int as payments
      from finance.payment where organisation_code = ${SOMERSET} and payment_date between ${FY2024.from} and ${FY2024.to}
      group by 1, 2`);
    expect(expected.length).toBeGreaterThan(12);
    expect(sorted(response.body.data!.spend)).toEqual(
      sorted(
        expected.map((row) => ({
          organisation: null,
          supplier: null,
          payeeName: null,
          expenseType: { id: row.expense_type_id },
          month: row.month,
          total: { amount: penceToDecimal(row.pence), currency: 'GBP' },
          payments: row.payments,
        })),
      ),
    );
  });

  it('sums every organisation by organisation and month when no organisation is named', async () => {
    const response = await graphql<{ spend: SpendGroup[] }>(hub.url, SPEND, { ...FY2024, groupBy: ['ORGANISATION', 'MONTH'] });
    expect(response.body.errors).toBeUndefined();
    const expected = await sqlRows<{ code: string; month: string; pence: string; payments: number }>(sql`
      select organisation_code as code, to_char(payment_date, 'YYYY-MM') as month, sum(amount_pence)::text as pence, count(*)::int as payments
      from finance.payment where payment_date between ${FY2024.from} and ${FY2024.to} group by 1, 2`);
    expect(new Set(expected.map((row) => row.code)).size).toBe(4);
    expect(sorted(response.body.data!.spend.map((group) => [group.organisation!.code, group.month, group.total.amount, group.payments]))).toEqual(
      sorted(expected.map((row) => [row.code, row.month, penceToDecimal(row.pence), row.payments])),
    );
  });

  it('groups withheld police payees under "Redacted", with no supplier, except for the force\'s finance staff with a purpose', async () => {
    const expectedBy = async (withheld: boolean) =>
      sqlRows<{ supplier_id: string | null; payee: string; pence: string; payments: number }>(sql`
        select case when ${withheld} and sensitive_payee then null else supplier_id::text end as supplier_id,
               case when ${withheld} and sensitive_payee then 'Redacted' else beneficiary_name end as payee,
               sum(amount_pence)::text as pence, count(*)::int as payments
        from finance.payment where organisation_code = ${POLICE} and payment_date between ${FY2024.from} and ${FY2024.to}
        group by 1, 2`);
    const asGroups = (rows: Awaited<ReturnType<typeof expectedBy>>) =>
      sorted(rows.map((row) => [row.supplier_id, row.payee, penceToDecimal(row.pence), row.payments]));
    const answerFor = async (headers: Record<string, string>) => {
      const response = await graphql<{ spend: SpendGroup[] }>(hub.url, SPEND, { organisation: POLICE, ...FY2024, groupBy: ['SUPPLIER'] }, headers);
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.spend;
    };

    const published = await answerFor({});
    const redacted = published.filter((group) => group.payeeName === 'Redacted');
    expect(redacted).toHaveLength(1);
    expect(redacted[0]!.supplier).toBeNull();
    expect(redacted[0]!.payments).toBeGreaterThan(0);
    expect(sorted(published.map((group) => [group.supplier?.id ?? null, group.payeeName, group.total.amount, group.payments]))).toEqual(
      asGroups(await expectedBy(true)),
    );
    // Another organisation's finance staff see the published view too.
    expect(await answerFor(await asStaffOf(SOMERSET, ['finance'], PURPOSE))).toEqual(published);

    const policeFinance = await answerFor(await asStaffOf(POLICE, ['finance'], PURPOSE));
    expect(policeFinance.some((group) => group.payeeName === 'Redacted')).toBe(false);
    expect(sorted(policeFinance.map((group) => [group.supplier?.id ?? null, group.payeeName, group.total.amount, group.payments]))).toEqual(
      asGroups(await expectedBy(false)),
    );
  });

  it("groups by cost centre only for callers who may read that organisation's cost centres", async () => {
    const query = /* GraphQL */ `
      query($organisation: ID) {
        spend(organisation: $organisation, from: "2024-04-01", to: "2024-06-30", groupBy: [COST_CENTRE]) { costCentre { id code } total { amount } }
      }
    `;
    const allowed = await graphql<{ spend: { costCentre: { id: string; code: string }; total: { amount: string } }[] }>(
      hub.url,
      query,
      { organisation: SOMERSET },
      await asPersona('council-finance'),
    );
    expect(allowed.body.errors).toBeUndefined();
    const expected = await sqlRows<{ id: string; code: string; pence: string }>(sql`
      select c.id::text, c.code, sum(p.amount_pence)::text as pence
      from finance.payment p join finance.cost_centre c on c.id = p.cost_centre_id
      where p.organisation_code = ${SOMERSET} and p.payment_date between '2024-04-01' and '2024-06-30' group by 1, 2`);
    expect(sorted(allowed.body.data!.spend.map((group) => [group.costCentre.id, group.costCentre.code, group.total.amount]))).toEqual(
      sorted(expected.map((row) => [row.id, row.code, penceToDecimal(row.pence)])),
    );

    const otherCouncil = await graphql(hub.url, query, { organisation: TAUNTON_DEANE }, await asPersona('council-finance'));
    expect(otherCouncil.body).toMatchInlineSnapshot(`
      {
        "data": {
          "spend": null,
        },
        "errors": [
          {
            "extensions": {
              "code": "FORBIDDEN",
              "serviceName": "finance",
            },
            "message": "This record belongs to another organisation",
            "path": [
              "spend",
            ],
          },
        ],
      }
    `);
    const everyOrganisation = await graphql(hub.url, query, {}, await asPersona('reporting-service'));
    expect(everyOrganisation.body).toMatchInlineSnapshot(`
      {
        "data": {
          "spend": null,
        },
        "errors": [
          {
            "extensions": {
              "argumentName": "organisation",
              "code": "BAD_USER_INPUT",
              "serviceName": "finance",
            },
            "message": "Grouping by COST_CENTRE needs "organisation"",
            "path": [
              "spend",
            ],
          },
        ],
      }
    `);
  });

  it('refuses bad ranges and groupings with BAD_USER_INPUT naming the argument', async () => {
    const cases = [
      { from: '2025-01-01', to: '2024-12-31', groupBy: ['MONTH'] },
      { from: '2020-01-01', to: '2024-12-31', groupBy: ['MONTH'] },
      { from: '2024-02-30', to: '2024-12-31', groupBy: ['MONTH'] },
      { from: '2024-01-01', to: 'soon', groupBy: ['MONTH'] },
      { from: '2024-01-01', to: '2024-12-31', groupBy: [] },
      { from: '2024-01-01', to: '2024-12-31', groupBy: ['MONTH', 'MONTH'] },
    ];
    const errors = [];
    for (const variables of cases) errors.push(...((await graphql(hub.url, SPEND, variables)).body.errors ?? []));
    expect(errors).toMatchInlineSnapshot(`
      [
        {
          "extensions": {
            "argumentName": "from",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""from" must not be after "to"",
          "path": [
            "spend",
          ],
        },
        {
          "extensions": {
            "argumentName": "to",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": "The range from "from" to "to" must be at most 1096 days",
          "path": [
            "spend",
          ],
        },
        {
          "extensions": {
            "argumentName": "from",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""from" must be a date (YYYY-MM-DD)",
          "path": [
            "spend",
          ],
        },
        {
          "extensions": {
            "argumentName": "to",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""to" must be a date (YYYY-MM-DD)",
          "path": [
            "spend",
          ],
        },
        {
          "extensions": {
            "argumentName": "groupBy",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""groupBy" must name at least one dimension",
          "path": [
            "spend",
          ],
        },
        {
          "extensions": {
            "argumentName": "groupBy",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""groupBy" must not name a dimension twice",
          "path": [
            "spend",
          ],
        },
      ]
    `);
  });
});

describe('budget against actual', () => {
  const QUERY = /* GraphQL */ `
    query($organisation: ID!, $financialYear: Int!) {
      budgetAgainstActual(organisation: $organisation, financialYear: $financialYear) {
        costCentre { id } period budget { amount } actual { amount } variance { amount }
      }
    }
  `;

  it("matches budgets and summed payments per cost centre and period, for the organisation's finance staff", async () => {
    const response = await graphql(hub.url, QUERY, { organisation: SOMERSET, financialYear: 2024 }, await asPersona('council-finance'));
    expect(response.body.errors).toBeUndefined();
    const budgets = await sqlRows<{ id: string; period: number; budget: string }>(sql`
      select b.cost_centre_id::text as id, b.period, b.amount_pence::text as budget
      from finance.budget b join finance.cost_centre c on c.id = b.cost_centre_id
      where c.organisation_code = ${SOMERSET} and b.financial_year = 2024`);
    const actuals = await sqlRows<{ id: string; period: number; actual: string }>(sql`
      select cost_centre_id::text as id, ((extract(month from payment_date)::int + 8) % 12) + 1 as period, sum(amount_pence)::text as actual
      from finance.payment where organisation_code = ${SOMERSET} and payment_date between '2024-04-01' and '2025-03-31'
      group by 1, 2`);
    // Every cost centre has a budget for every period in the seed, so budgets list every row.
    const actualOf = new Map(actuals.map((row) => [`${row.id}|${row.period}`, row.actual]));
    const expected = budgets.map((row) => ({ ...row, actual: actualOf.get(`${row.id}|${row.period}`) ?? '0' }));
    expect(actuals.every((row) => budgets.some((budget) => budget.id === row.id && budget.period === row.period))).toBe(true);
    expect(expected.length).toBeGreaterThan(100);
    const rows = response.body.data!.budgetAgainstActual as {
      costCentre: { id: string };
      period: number;
      budget: { amount: string };
      actual: { amount: string };
      variance: { amount: string };
    }[];
    expect(sorted(rows.map((row) => [row.costCentre.id, row.period, row.budget.amount, row.actual.amount, row.variance.amount]))).toEqual(
      sorted(
        expected.map((row) => [
          row.id,
          row.period,
          penceToDecimal(row.budget),
          penceToDecimal(row.actual),
          penceToDecimal(BigInt(row.budget) - BigInt(row.actual)),
        ]),
      ),
    );
  });

  it("is refused whole for another council's finance staff, the police's from the shared-service company, and anonymous callers", async () => {
    const refusals = [
      (await graphql(hub.url, QUERY, { organisation: TAUNTON_DEANE, financialYear: 2024 }, await asPersona('council-finance'))).body,
      (await graphql(hub.url, QUERY, { organisation: POLICE, financialYear: 2024 }, await asPersona('reporting-service'))).body,
      (await graphql(hub.url, QUERY, { organisation: SOMERSET, financialYear: 2024 })).body,
    ];
    expect(refusals).toMatchInlineSnapshot(`
      [
        {
          "data": {
            "budgetAgainstActual": null,
          },
          "errors": [
            {
              "extensions": {
                "code": "FORBIDDEN",
                "serviceName": "finance",
              },
              "message": "This record belongs to another organisation",
              "path": [
                "budgetAgainstActual",
              ],
            },
          ],
        },
        {
          "data": {
            "budgetAgainstActual": null,
          },
          "errors": [
            {
              "extensions": {
                "code": "FORBIDDEN",
                "serviceName": "finance",
              },
              "message": "This record belongs to the police",
              "path": [
                "budgetAgainstActual",
              ],
            },
          ],
        },
        {
          "data": {
            "budgetAgainstActual": null,
          },
          "errors": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "Sign in to read this field: it is not public",
              "path": [
                "budgetAgainstActual",
              ],
            },
          ],
        },
      ]
    `);
  });
});

describe('supplier spend across organisations', () => {
  it("totals each supplier over every organisation, withheld payees left out, with each organisation's share", async () => {
    const response = await graphql(
      hub.url,
      `{ supplierSpend(from: "2024-04-01", to: "2026-03-31") { supplier { id } total { amount } payments byOrganisation { organisation { code } total { amount } payments } } }`,
    );
    expect(response.body.errors).toBeUndefined();
    const expected = await sqlRows<{ supplier_id: string; code: string; pence: string; payments: number }>(sql`
      select supplier_id::text, organisation_code as code, sum(amount_pence)::text as pence, count(*)::int as payments
      from finance.payment where supplier_id is not null and not sensitive_payee and payment_date between '2024-04-01' and '2026-03-31'
      group by 1, 2`);
    type Row = {
      supplier: { id: string };
      total: { amount: string };
      payments: number;
      byOrganisation: { organisation: { code: string }; total: { amount: string }; payments: number }[];
    };
    const rows = response.body.data!.supplierSpend as Row[];
    expect(
      sorted(rows.flatMap((row) => row.byOrganisation.map((share) => [row.supplier.id, share.organisation.code, share.total.amount, share.payments]))),
    ).toEqual(sorted(expected.map((row) => [row.supplier_id, row.code, penceToDecimal(row.pence), row.payments])));
    const [largest] = await sqlRows<{ supplier_id: string; pence: string; payments: number }>(sql`
      select supplier_id::text, sum(amount_pence)::text as pence, count(*)::int as payments from finance.payment
      where supplier_id is not null and not sensitive_payee and payment_date between '2024-04-01' and '2026-03-31'
      group by 1 order by sum(amount_pence) desc, 1 limit 1`);
    expect([rows[0]!.supplier.id, rows[0]!.total.amount, rows[0]!.payments]).toEqual([largest!.supplier_id, penceToDecimal(largest!.pence), largest!.payments]);
  });
});

describe('contact case volumes', () => {
  const QUERY = /* GraphQL */ `
    query($organisation: ID, $groupBy: [CaseDimension!]!) {
      contactCaseVolumes(organisation: $organisation, from: "2024-04-01", to: "2025-03-31", groupBy: $groupBy) {
        organisation { code } channel service { code name } status month cases closed medianHoursToClose
      }
    }
  `;
  type Volume = {
    organisation: { code: string } | null;
    channel: string | null;
    status: string | null;
    cases: number;
    closed: number;
    medianHoursToClose: number | null;
  };
  const expectedVolumes = (where: ReturnType<typeof sql>) =>
    sqlRows<{ code: string; channel: string; cases: number; closed: number; median: number | null }>(sql`
      select organisation_code as code, channel::text, count(*)::int as cases, count(closed_at)::int as closed,
             round((percentile_cont(0.5) within group (order by extract(epoch from closed_at - opened_at)) / 3600)::numeric, 2)::float8 as median
      from contacts.contact_case
      where opened_at >= '2024-04-01T00:00:00Z' and opened_at < '2025-04-01T00:00:00Z' and ${where}
      group by 1, 2`);
  const comparable = (volumes: Volume[]) => sorted(volumes.map((v) => [v.organisation!.code, v.channel, v.cases, v.closed, v.medianHoursToClose]));

  it('counts the council cases of every council for the shared-service reporting account, with the median time to close', async () => {
    const response = await graphql<{ contactCaseVolumes: Volume[] }>(
      hub.url,
      QUERY,
      { groupBy: ['ORGANISATION', 'CHANNEL'] },
      await asPersona('reporting-service'),
    );
    expect(response.body.errors).toBeUndefined();
    const expected = await expectedVolumes(sql`kind = 'COUNCIL_SERVICE'`);
    expect(new Set(expected.map((row) => row.code))).toEqual(new Set([SOMERSET, TAUNTON_DEANE]));
    expect(expected.some((row) => row.median !== null)).toBe(true);
    expect(comparable(response.body.data!.contactCaseVolumes)).toEqual(
      sorted(expected.map((row) => [row.code, row.channel, row.cases, row.closed, row.median])),
    );
  });

  it("counts only a council's own cases for its contact centre, and police contacts only for police staff with a purpose", async () => {
    const council = await graphql<{ contactCaseVolumes: Volume[] }>(
      hub.url,
      QUERY,
      { groupBy: ['ORGANISATION', 'CHANNEL'] },
      await asPersona('contact-centre'),
    );
    const expected = await expectedVolumes(sql`organisation_code = ${SOMERSET}`);
    expect(comparable(council.body.data!.contactCaseVolumes)).toEqual(
      sorted(expected.map((row) => [row.code, row.channel, row.cases, row.closed, row.median])),
    );

    const withPurpose = await graphql<{ contactCaseVolumes: Volume[] }>(
      hub.url,
      QUERY,
      { organisation: POLICE, groupBy: ['ORGANISATION', 'CHANNEL'] },
      await asPersona('police-analyst', PURPOSE),
    );
    const police = await expectedVolumes(sql`organisation_code = ${POLICE}`);
    expect(police.length).toBeGreaterThan(0);
    expect(comparable(withPurpose.body.data!.contactCaseVolumes)).toEqual(
      sorted(police.map((row) => [row.code, row.channel, row.cases, row.closed, row.median])),
    );
    // Without a purpose no police contact is counted (the force has no council cases).
    const withoutPurpose = await graphql(hub.url, QUERY, { organisation: POLICE, groupBy: ['CHANNEL'] }, await asPersona('police-analyst'));
    expect(withoutPurpose.body).toEqual({ data: { contactCaseVolumes: [] } });
  });

  it("is refused for another organisation's cases and for callers without the contacts scope", async () => {
    const refusals = [
      (await graphql(hub.url, QUERY, { organisation: TAUNTON_DEANE, groupBy: ['STATUS'] }, await asPersona('contact-centre'))).body,
      (await graphql(hub.url, QUERY, { organisation: SOMERSET, groupBy: ['STATUS'] }, await asPersona('police-analyst', PURPOSE))).body,
      (await graphql(hub.url, QUERY, { groupBy: ['STATUS'] }, await asPersona('council-finance'))).body,
    ];
    expect(refusals).toMatchInlineSnapshot(`
      [
        {
          "data": {
            "contactCaseVolumes": null,
          },
          "errors": [
            {
              "extensions": {
                "code": "FORBIDDEN",
                "serviceName": "contacts",
              },
              "message": "This record belongs to another organisation",
              "path": [
                "contactCaseVolumes",
              ],
            },
          ],
        },
        {
          "data": {
            "contactCaseVolumes": null,
          },
          "errors": [
            {
              "extensions": {
                "code": "FORBIDDEN",
                "serviceName": "contacts",
              },
              "message": "This record belongs to another organisation",
              "path": [
                "contactCaseVolumes",
              ],
            },
          ],
        },
        {
          "data": {
            "contactCaseVolumes": null,
          },
          "errors": [
            {
              "extensions": {
                "code": "FORBIDDEN",
              },
              "message": "Your access does not include the scope contacts",
              "path": [
                "contactCaseVolumes",
              ],
            },
          ],
        },
      ]
    `);
  });
});

describe('contracts expiring', () => {
  const QUERY = /* GraphQL */ `
    query($organisation: ID) {
      contractsExpiring(organisation: $organisation, from: "2025-01-01", to: "2026-12-31") { month category contracts value { amount } }
    }
  `;
  const expectedGroups = (where: ReturnType<typeof sql>) =>
    sqlRows<{ month: string; category: string; contracts: number; pence: string }>(sql`
      select to_char(end_date, 'YYYY-MM') as month, category::text, count(*)::int as contracts, sum(value_pence)::text as pence
      from procurement.contract c
      where status = 'ACTIVE' and end_date between '2025-01-01' and '2026-12-31' and ${where}
      group by 1, 2`);
  type Group = { month: string; category: string; contracts: number; value: { amount: string } };
  const comparable = (groups: Group[]) => sorted(groups.map((group) => [group.month, group.category, group.contracts, group.value.amount]));

  it('counts and values the active contracts ending in each month, for anyone, and for one buyer counting joint contracts once', async () => {
    const all = await graphql<{ contractsExpiring: Group[] }>(hub.url, QUERY, {});
    expect(all.body.errors).toBeUndefined();
    const expected = await expectedGroups(sql`true`);
    expect(expected.length).toBeGreaterThan(6);
    expect(comparable(all.body.data!.contractsExpiring)).toEqual(
      sorted(expected.map((row) => [row.month, row.category, row.contracts, penceToDecimal(row.pence)])),
    );

    const somerset = await graphql<{ contractsExpiring: Group[] }>(hub.url, QUERY, { organisation: SOMERSET });
    const bought = await expectedGroups(
      sql`exists (select 1 from procurement.contract_buyer b where b.contract_id = c.id and b.organisation_code = ${SOMERSET})`,
    );
    expect(comparable(somerset.body.data!.contractsExpiring)).toEqual(
      sorted(bought.map((row) => [row.month, row.category, row.contracts, penceToDecimal(row.pence)])),
    );
  });
});

describe('bulk extract', () => {
  it("pages through a range of an organisation's payments at the largest page size, newest first, each once", async () => {
    const query = /* GraphQL */ `
      query($after: String) {
        payments(organisation: "${SOMERSET}", from: "2024-04-01", to: "2024-09-30", first: ${MAX_PAGE_SIZE}, after: $after) {
          edges { node { id paymentDate } }
          pageInfo { hasNextPage endCursor }
        }
      }
    `;
    const expected = await sqlRows<{ id: string }>(sql`
      select id::text from finance.payment where organisation_code = ${SOMERSET} and payment_date between '2024-04-01' and '2024-09-30'
      order by payment_date desc, id desc`);
    expect(expected.length).toBeGreaterThan(3 * MAX_PAGE_SIZE);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response: GraphQLResponse = await graphql(hub.url, query, { after });
      expect(response.body.errors).toBeUndefined();
      const page = response.body.data!.payments as { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      pages += 1;
      if (page.pageInfo.hasNextPage) expect(page.edges).toHaveLength(MAX_PAGE_SIZE);
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after && pages < 100);
    expect(pages).toBe(Math.ceil(expected.length / MAX_PAGE_SIZE));
    expect(seen).toEqual(expected.map((row) => row.id));
  });

  it('refuses a page larger than the documented maximum and a payment-date range that ends before it starts', async () => {
    const errors = [
      ...((await graphql(hub.url, `{ payments(organisation: "${SOMERSET}", first: ${MAX_PAGE_SIZE + 1}) { edges { cursor } } }`)).body.errors ?? []),
      ...((await graphql(hub.url, `{ payments(organisation: "${SOMERSET}", from: "2024-05-01", to: "2024-04-30") { edges { cursor } } }`)).body.errors ?? []),
      ...((await graphql(hub.url, `{ payments(organisation: "${SOMERSET}", from: "April") { edges { cursor } } }`)).body.errors ?? []),
    ];
    expect(errors).toMatchInlineSnapshot(`
      [
        {
          "extensions": {
            "argumentName": "first",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""first" must be between 1 and 500",
          "path": [
            "payments",
          ],
        },
        {
          "extensions": {
            "argumentName": "from",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""from" must not be after "to"",
          "path": [
            "payments",
          ],
        },
        {
          "extensions": {
            "argumentName": "from",
            "code": "BAD_USER_INPUT",
            "serviceName": "finance",
          },
          "message": ""from" must be a date (YYYY-MM-DD)",
          "path": [
            "payments",
          ],
        },
      ]
    `);
  });
});

describe('statements', () => {
  it('runs one statement per aggregate, and one per entity type its groups name, whatever the number of groups', async () => {
    const statementsFor = async (query: string, headers: Record<string, string> = {}) => {
      const before = sqlStatements.count;
      const response = await graphql(hub.url, query, {}, headers);
      expect(response.body.errors).toBeUndefined();
      const groups = (Object.values(response.body.data!)[0] as unknown[]).length;
      return { statements: sqlStatements.count - before, groups };
    };
    // The aggregate, then the expense types its groups name (one batch).
    const byExpenseType = await statementsFor(
      `{ spend(from: "2024-04-01", to: "2025-03-31", groupBy: [EXPENSE_TYPE, MONTH]) { expenseType { name } total { amount } } }`,
    );
    expect(byExpenseType.groups).toBeGreaterThan(100);
    expect(byExpenseType.statements).toBe(2);
    // The aggregate, then the cost centres.
    const byCostCentre = await statementsFor(
      `{ spend(organisation: "${SOMERSET}", from: "2024-04-01", to: "2025-03-31", groupBy: [COST_CENTRE, MONTH]) { costCentre { code } total { amount } } }`,
      await asPersona('council-finance'),
    );
    expect(byCostCentre.groups).toBeGreaterThan(1000);
    expect(byCostCentre.statements).toBe(2);
    const volumes = await statementsFor(
      `{ contactCaseVolumes(from: "2024-04-01", to: "2025-03-31", groupBy: [ORGANISATION, SERVICE, MONTH]) { cases medianHoursToClose } }`,
      await asPersona('reporting-service'),
    );
    expect(volumes.groups).toBeGreaterThan(100);
    expect(volumes.statements).toBe(1);
  });
});
