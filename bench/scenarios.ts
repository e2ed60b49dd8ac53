// The benchmark's scenarios, as data: what is asked, by whom, what the answer must
// show, and (where there is one) the plain SQL that computes the same result, the
// floor a gateway is compared with. A scenario that needs a field this build does not
// have yet keeps its query with `available: false` and is measured on its floor only.
import { and, count, desc, eq, exists, sql } from 'drizzle-orm';
import { costCentre, payment } from '../drizzle/finance.js';
import { person } from '../drizzle/people.js';
import { purchaseOrder } from '../drizzle/procurement.js';
import { contactCase } from '../drizzle/contacts.js';
import type { Database } from '../platform/database.js';
import { penceToDecimal } from '../platform/money.js';
import { SignJWT } from 'jose';
import type { Config } from '../platform/config.js';
import { tokenFor, type PersonaName } from '../platform/personas.js';
import type { SubgraphName } from '../platform/subgraph.js';

/** Who sends the requests: a demo persona, or a made-up member of staff holding the scopes. */
export type BenchViewer = { persona: PersonaName } | { staffOf: string; scopes: string[] };

/** The owner's plain SQL connection (node-postgres, or PGlite without a server). */
export interface SqlClient {
  query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** What the harness works out from the seeded data before measuring. */
export interface Prepared {
  variables: Record<string, unknown>;
  /** A problem with one answer's data, or undefined when it is right. */
  check(data: any): string | undefined;
  /** Paged scenarios: the rows the whole walk must return. */
  expectedRows?: number;
  /** Paged scenarios: every row of the list, which the memory walk reads to its end. */
  allRows?: number;
}

export interface Scenario {
  name: string;
  title: string;
  viewer: BenchViewer;
  /** X-Purpose header (POLICE fields need one; such reads are audited). */
  purpose?: string;
  query: string;
  /** False while this build has no field for the query: only the floor is measured. */
  available: boolean;
  /** The one subgraph the query touches, which can then also be called directly. */
  onlySubgraph?: SubgraphName;
  prepare(db: Database): Promise<Prepared>;
  /** The same result from one plain SQL statement, in the same JSON shape. */
  floor?(client: SqlClient, variables: Record<string, unknown>): Promise<unknown>;
  /** Paged scenarios: where the page's connection is, to follow `endCursor` to the end of the walk. */
  paging?: { connection(data: any): { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }; rowLimit: number };
}

/** A made-up member of staff's token, minted as `npm run -s token -- --org <code> --scopes "..."` does, valid for 8 hours. */
export async function staffToken(config: Config, staff: { organisation: string; scopes: string[]; subject: string }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ org: staff.organisation, scope: staff.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setSubject(staff.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + 8 * 3600)
    .sign(new TextEncoder().encode(config.AUTH_SECRET));
}

/** The Authorization (and X-Purpose) headers a scenario's requests carry, valid for 8 hours. */
export async function headersFor(scenario: Scenario, config: Config): Promise<Record<string, string>> {
  const { viewer, purpose } = scenario;
  const token =
    'persona' in viewer
      ? await tokenFor(viewer.persona, config)
      : await staffToken(config, { organisation: viewer.staffOf, scopes: viewer.scopes, subject: '00000000-0000-4000-8000-0000000bench0' });
  return { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) };
}

const SOMERSET = 'E10000027';
const POLICE = 'E23000036';
/** A Somerset member of staff holding every read scope, as a council frontend's user would. */
const SOMERSET_STAFF: BenchViewer = { staffOf: SOMERSET, scopes: ['staff', 'hr', 'hr:sensitive', 'finance', 'procurement', 'contacts', 'contacts:sensitive'] };
const EXTRACT_PAGE_SIZE = 500;
/** Financial year 2025: April 2025 to March 2026, the second of the seeded years. */

const problem = (condition: boolean, message: string) => (condition ? undefined : message);

const profile: Scenario = {
  name: 'profile',
  title: "A person's profile across all four subgraphs (frontend page)",
  viewer: SOMERSET_STAFF,
  available: true,
  query: /* GraphQL */ `
    query PersonProfile($id: ID!) {
      person(id: $id) {
        displayName jobTitle workEmail salary { amount }
        orgUnit { name }
        organisation { name sector }
        manager { displayName jobTitle }
        costCentresManaged { code name payments(first: 3) { edges { node { paymentDate amount { amount } supplier { name } } } } }
        ordersRaised(first: 5) { edges { node { orderNumber status total { amount } supplier { name } } } }
        casesAssigned(first: 5) { edges { node { reference status service { name } openedAt } } }
      }
    }
  `,
  async prepare(db) {
    // Someone who manages a cost centre, has raised orders and is assigned cases: every part of the page has data.
    const [chosen] = await db
      .select({ id: person.id })
      .from(person)
      .where(
        and(
          eq(person.organisationCode, SOMERSET),
          exists(db.select({ one: sql`1` }).from(costCentre).where(eq(costCentre.managerPersonId, person.id))),
          exists(db.select({ one: sql`1` }).from(purchaseOrder).where(eq(purchaseOrder.requesterPersonId, person.id))),
          exists(db.select({ one: sql`1` }).from(contactCase).where(eq(contactCase.assignedPersonId, person.id))),
        ),
      )
      .orderBy(person.id)
      .limit(1);
    if (!chosen) throw new Error('profile: no Somerset person with cost centres, orders and cases in the seed');
    const [centres] = await db.select({ n: count() }).from(costCentre).where(eq(costCentre.managerPersonId, chosen.id));
    return {
      variables: { id: chosen.id },
      check: (data) =>
        problem(data?.person?.costCentresManaged?.length === centres!.n, `expected ${centres!.n} cost centres`) ??
        problem(data.person.ordersRaised?.edges?.length > 0, 'expected orders') ??
        problem(data.person.casesAssigned?.edges?.length > 0, 'expected cases') ??
        problem(typeof data.person.salary?.amount === 'string', 'expected the salary'),
    };
  },
};

const fanOut: Scenario = {
  name: 'fan-out',
  title: 'A fan-out of 100 people with their cost centres, orders and cases',
  viewer: SOMERSET_STAFF,
  available: true,
  query: /* GraphQL */ `
    query StaffFanOut($organisation: ID!, $first: Int!) {
      people(organisation: $organisation, first: $first) {
        edges { node {
          id displayName jobTitle salary { amount }
          costCentresManaged { code name }
          ordersRaised(first: 5) { edges { node { orderNumber status total { amount } } } }
          casesAssigned(first: 5) { edges { node { reference status service { name } } } }
        } }
      }
    }
  `,
  async prepare() {
    return {
      variables: { organisation: SOMERSET, first: 100 },
      check: (data) => {
        const edges = data?.people?.edges ?? [];
        return (
          problem(edges.length === 100, `expected 100 people, got ${edges.length}`) ??
          problem(
            edges.every(
              (edge: any) =>
                Array.isArray(edge.node.costCentresManaged) && Array.isArray(edge.node.ordersRaised?.edges) && Array.isArray(edge.node.casesAssigned?.edges),
            ),
            'every person needs cost centres, orders and cases (lists, even empty)',
          ) ??
          problem(
            edges.some((edge: any) => edge.node.ordersRaised.edges.length > 0),
            'expected some orders',
          )
        );
      },
    };
  },
};

const policeAnalyst: Scenario = {
  name: 'police-analyst',
  title: "A police analyst's restricted view with a purpose (audited)",
  viewer: { persona: 'police-analyst' },
  purpose: 'Op BLUEBELL case 4471/2024',
  available: true,
  query: /* GraphQL */ `
    query AnalystCases($organisation: ID!) {
      contactCases(organisation: $organisation, first: 50) {
        edges { node {
          reference kind channel status openedAt summary
          service { name }
          customer { displayName }
          notes { body }
          assignedTo { displayName collarNumber rank }
        } }
      }
    }
  `,
  async prepare(db) {
    const [cases] = await db.select({ n: count() }).from(contactCase).where(eq(contactCase.organisationCode, POLICE));
    const expected = Math.min(50, cases!.n);
    return {
      variables: { organisation: POLICE },
      check: (data) => {
        const edges = data?.contactCases?.edges ?? [];
        return (
          problem(edges.length === expected, `expected ${expected} police cases, got ${edges.length}`) ??
          problem(
            edges.every((edge: any) => typeof edge.node.summary === 'string'),
            'expected every summary',
          ) ??
          problem(
            edges.some((edge: any) => typeof edge.node.assignedTo?.collarNumber === 'string'),
            'expected collar numbers',
          )
        );
      },
    };
  },
};

interface SpendRow {
  supplier: { id: string } | null;
  payeeName: string;
  month: string;
  total: { amount: string };
  payments: number;
}

/** The financial year 2025/26, as `spend` takes it: first and last payment dates. */
const SPEND_FINANCIAL_YEAR = { from: '2025-04-01', to: '2026-03-31' };
/** At most this many supplier-months: about the year's at scale 1 (4,565), well under the 10,000 one answer may hold. */
const SPEND_GROUPS = 5_000;

// One organisation: every organisation's supplier-months of a year can pass the 10,000 groups one answer may hold.
// The keys are those of the listing: a withheld payee is "Redacted", with no supplier.
const SPEND_KEYS = {
  supplier_id: 'case when not sensitive_payee then supplier_id::text end',
  payee_name: "case when not sensitive_payee then beneficiary_name else 'Redacted' end",
  month: "to_char(payment_date, 'YYYY-MM')",
};
const SPEND_KEYS_SQL = Object.entries(SPEND_KEYS)
  .map(([name, key]) => `${key} as ${name}`)
  .join(',\n       ');
const SPEND_WHERE_SQL = 'organisation_code = $1 and payment_date between $2 and $3';

const spendBySupplierAndMonth: Scenario = {
  name: 'spend-by-supplier-month',
  title: 'Spend by supplier and month over a year',
  // The reporting account may run persisted operations only, which the peers do not know;
  // a finance officer asks the same aggregate of published spend with a free-form operation.
  viewer: { persona: 'council-finance' },
  available: true,
  onlySubgraph: 'finance',
  query: /* GraphQL */ `
    query SpendBySupplierAndMonth($organisation: ID!, $from: String!, $to: String!) {
      spend(organisation: $organisation, from: $from, to: $to, groupBy: [SUPPLIER, MONTH]) {
        supplier { id } payeeName month total { amount } payments
      }
    }
  `,
  async prepare(db) {
    // Suppliers grow with the seed's scale, and so do supplier-months (about 90,000 in the year
    // at scale 20, past what one answer may hold): the range is the year, or its first days up
    // to the year's size at scale 1. A group's first payment date says from which day it is counted.
    const { from, to } = SPEND_FINANCIAL_YEAR;
    const result = (await db.execute(
      sql`select to_char(first_day, 'YYYY-MM-DD') as day, (sum(count(*)) over (order by first_day))::int as groups
            from (select min(payment_date) as first_day from finance.payment
                   where organisation_code = ${SOMERSET} and payment_date between ${from} and ${to}
                   group by ${sql.raw(Object.values(SPEND_KEYS).join(', '))}) as keyed
           group by first_day order by first_day`,
    )) as unknown as { rows: { day: string; groups: number }[] };
    const fitting = result.rows.filter((row) => row.groups <= SPEND_GROUPS);
    const last = fitting.at(-1);
    if (!last) throw new Error('spend: no day of the financial year has payments of the organisation');
    const variables = { organisation: SOMERSET, from, to: fitting.length === result.rows.length ? to : last.day };
    const groups = last.groups;
    return {
      variables,
      check: (data) => {
        const rows: SpendRow[] = data?.spend ?? [];
        return problem(rows.length === groups, `expected ${groups} supplier-months, got ${rows.length}`);
      },
    };
  },
  async floor(client, variables) {
    // The hub's order: supplier, then payee, then month, nulls last.
    const { rows } = await client.query(
      `select ${SPEND_KEYS_SQL}, sum(amount_pence)::text as pence, count(*)::int as payments
         from finance.payment
        where ${SPEND_WHERE_SQL}
        group by 1, 2, 3
        order by 1 asc nulls last, 2 asc nulls last, 3 asc nulls last`,
      [variables.organisation, variables.from, variables.to],
    );
    const spend: SpendRow[] = rows.map((row) => ({
      supplier: row.supplier_id === null ? null : { id: row.supplier_id as string },
      payeeName: row.payee_name as string,
      month: row.month as string,
      total: { amount: penceToDecimal(row.pence as string) },
      payments: row.payments as number,
    }));
    return { spend };
  },
};

/** The organisation with the most payments: the longest extract. */
async function largestPayer(db: Database): Promise<{ organisation: string; payments: number }> {
  const [row] = await db
    .select({ organisation: payment.organisationCode, payments: count() })
    .from(payment)
    .where(sql`${payment.organisationCode} <> ${POLICE}`)
    .groupBy(payment.organisationCode)
    .orderBy(desc(count()))
    .limit(1);
  if (!row) throw new Error('extract: no payments in the seed');
  return row;
}

const paymentsExtract: Scenario = {
  name: 'payments-extract',
  title: 'Paging through 100,000 payments (bulk extract, 500 a page)',
  // The reporting account may run persisted operations only, which the peers do not know;
  // a finance officer reads the same published payments with free-form operations.
  viewer: { persona: 'council-finance' },
  available: true,
  onlySubgraph: 'finance',
  query: /* GraphQL */ `
    query PaymentsExtract($organisation: ID!, $first: Int!, $after: String) {
      payments(organisation: $organisation, first: $first, after: $after) {
        edges { node {
          id transactionNumber paymentDate effectiveDate beneficiaryName purpose serviceDivision
          amount { amount currency } irrecoverableVat { amount } capitalOrRevenue procurementCard
          expenseType { code name } supplier { id }
        } }
        pageInfo { hasNextPage endCursor }
      }
    }
  `,
  paging: { connection: (data) => data.payments, rowLimit: 100_000 },
  async prepare(db) {
    const largest = await largestPayer(db);
    return {
      variables: { organisation: largest.organisation, first: EXTRACT_PAGE_SIZE },
      expectedRows: Math.min(largest.payments, 100_000),
      allRows: largest.payments,
      check: (data) => {
        const edges = data?.payments?.edges ?? [];
        return problem(edges.length > 0 && edges.length <= EXTRACT_PAGE_SIZE, `expected 1 to ${EXTRACT_PAGE_SIZE} payments, got ${edges.length}`);
      },
    };
  },
  async floor(client, variables) {
    // The hub's keyset: newest payment date first, then id; the cursor here is plain.
    const first = variables.first as number;
    const after = typeof variables.after === 'string' ? (JSON.parse(Buffer.from(variables.after, 'base64url').toString()) as [string, string]) : null;
    const { rows } = await client.query(
      `select p.id::text as id, p.transaction_number, to_char(p.payment_date, 'YYYY-MM-DD') as payment_date,
              to_char(p.effective_date, 'YYYY-MM-DD') as effective_date, p.beneficiary_name, p.purpose, p.service_division,
              p.amount_pence::text as amount_pence, p.irrecoverable_vat_pence::text as vat_pence, p.capital_or_revenue::text as capital_or_revenue,
              p.procurement_card, e.code as expense_code, e.name as expense_name, p.supplier_id::text as supplier_id
         from finance.payment p join finance.expense_type e on e.id = p.expense_type_id
        where p.organisation_code = $1 and ($2::date is null or (p.payment_date, p.id) < ($2::date, $3::uuid))
        order by p.payment_date desc, p.id desc
        limit $4`,
      [variables.organisation, after?.[0] ?? null, after?.[1] ?? null, first + 1],
    );
    const page = rows.slice(0, first);
    const last = page.at(-1);
    return {
      payments: {
        edges: page.map((row) => ({
          node: {
            id: row.id,
            transactionNumber: row.transaction_number,
            paymentDate: row.payment_date,
            effectiveDate: row.effective_date,
            beneficiaryName: row.beneficiary_name,
            purpose: row.purpose,
            serviceDivision: row.service_division,
            amount: { amount: penceToDecimal(row.amount_pence as string), currency: 'GBP' },
            irrecoverableVat: { amount: penceToDecimal(row.vat_pence as string) },
            capitalOrRevenue: row.capital_or_revenue,
            procurementCard: row.procurement_card,
            expenseType: { code: row.expense_code, name: row.expense_name },
            supplier: row.supplier_id === null ? null : { id: row.supplier_id },
          },
        })),
        pageInfo: {
          hasNextPage: rows.length > first,
          endCursor: last ? Buffer.from(JSON.stringify([last.payment_date, last.id])).toString('base64url') : null,
        },
      },
    };
  },
};

export const SCENARIOS: readonly Scenario[] = [profile, fanOut, policeAnalyst, spendBySupplierAndMonth, paymentsExtract];
