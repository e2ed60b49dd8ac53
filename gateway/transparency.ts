// The spend-over-£500 publication of one organisation for one month, as a CSV
// download for anyone: GET /transparency/spend/<organisation>/<YYYY-MM>.csv. It is
// fetched through the graph as an anonymous caller, so the markings and redactions
// that apply to every public reader apply here (never a side door to the tables),
// page by page with keyset cursors, and streamed: no month is ever held whole.
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { Router, type Response } from 'express';
import { logger } from '../platform/logger.js';
import { registeredOrganisation } from '../platform/organisations.js';
import { MAX_PAGE_SIZE } from '../platform/pagination.js';
import { ANONYMOUS } from '../platform/policy.js';
import type { GatewayContext } from './context.js';

const ORGANISATION_CODE = /^[A-Z0-9]{1,12}$/;
// Years 0001 to 9999: the calendar (and PostgreSQL) has no year zero.
const MONTH_FILE = /^((?!0000)\d{4})-(0[1-9]|1[0-2])\.csv$/;

const PUBLISHED_SPEND = /* GraphQL */ `
  query TransparencySpend($organisation: ID!, $from: String!, $to: String!, $first: Int!, $after: String) {
    payments(organisation: $organisation, from: $from, to: $to, first: $first, after: $after) {
      edges {
        node {
          transactionNumber paymentDate amount { amount } irrecoverableVat { amount } serviceDivision
          expenseType { code name } beneficiaryName supplier { id } purpose capitalOrRevenue procurementCard
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

interface PublishedPayment {
  transactionNumber: string;
  paymentDate: string;
  amount: { amount: string };
  irrecoverableVat: { amount: string };
  serviceDivision: string;
  expenseType: { code: string; name: string };
  beneficiaryName: string;
  supplier: { id: string } | null;
  purpose: string;
  capitalOrRevenue: 'CAPITAL' | 'REVENUE';
  procurementCard: boolean;
}

interface PaymentPage {
  edges: { node: PublishedPayment }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * The columns of the LGA spending data template (Local Government Association,
 * "Spend over £500" guidance, as republished by councils, for example
 * eden.gov.uk's "Council spending over £500": Body, Body name, Date, Transaction
 * Number, Amount, Supplier, Supplier ID, Expense Area, Expense Type, Expense code,
 * Extended Description), with the fields the Local Government Transparency Code 2015
 * added (irrecoverable VAT, capital or revenue, card transaction), as listed in
 * eastcambs.gov.uk's "Open Data: Expenditure exceeding £500" metadata.
 */
const COLUMNS: [header: string, value: (payment: PublishedPayment, bodyName: string, body: string) => string][] = [
  ['Body name', (_p, bodyName) => bodyName],
  ['Body', (_p, _n, body) => body],
  ['Date', (p) => p.paymentDate.split('-').reverse().join('/')],
  ['Transaction number', (p) => p.transactionNumber],
  ['Net amount', (p) => p.amount.amount],
  ['Irrecoverable VAT', (p) => p.irrecoverableVat.amount],
  ['Expense area', (p) => p.serviceDivision],
  ['Expense type', (p) => p.expenseType.name],
  ['Expense code', (p) => p.expenseType.code],
  ['Supplier name', (p) => p.beneficiaryName],
  ['Supplier ID', (p) => p.supplier?.id ?? ''],
  ['Extended description', (p) => p.purpose],
  ['Capital or revenue', (p) => (p.capitalOrRevenue === 'CAPITAL' ? 'Capital' : 'Revenue')],
  ['Card transaction', (p) => (p.procurementCard ? 'Yes' : 'No')],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes
 * doubled. Text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with
 * an apostrophe (OWASP, CSV injection); amounts are written as they are.
 */
function csvField(value: string, numeric = false): string {
  const safe = !numeric && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const NUMERIC_COLUMNS = new Set(['Net amount', 'Irrecoverable VAT']);

function csvLine(values: string[]): string {
  return `${values.map((value, i) => csvField(value, NUMERIC_COLUMNS.has(COLUMNS[i]![0]))).join(',')}\r\n`;
}

/** Waits until the client has taken what was written, or has gone away. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * The number of days of a month. Date.UTC reads the years 0 to 99 as 1900 to 1999; the
 * Gregorian calendar repeats every 400 years, so the same month 2000 years on has as many.
 */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year + 2000, month, 0)).getUTCDate();
}

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function transparencyExport(server: ApolloServer<GatewayContext>): Router {
  const router = Router();

  async function page(organisation: string, from: string, to: string, after: string | null): Promise<PaymentPage> {
    const context: GatewayContext = { requestId: randomUUID(), viewer: ANONYMOUS };
    const response = await server.executeOperation(
      { query: PUBLISHED_SPEND, variables: { organisation, from, to, first: MAX_PAGE_SIZE, after } },
      { contextValue: context },
    );
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    const payments = (data as { payments?: PaymentPage | null } | null | undefined)?.payments;
    if (errors?.length || !payments) throw new Error(`spend page failed: ${errors?.map((error) => error.extensions?.code).join(', ')}`);
    return payments;
  }

  router.get('/transparency/spend/:organisation/:file', async (req, res) => {
    const { organisation: code, file } = req.params;
    const month = MONTH_FILE.exec(file);
    if (!ORGANISATION_CODE.test(code)) return refuse(res, 400, 'BAD_USER_INPUT', 'The organisation must be a code such as E10000027');
    if (!month) return refuse(res, 400, 'BAD_USER_INPUT', 'The file must be a month such as 2025-01.csv');
    const organisation = registeredOrganisation(code);
    // What a member published stays published after it leaves; a candidate has published nothing here.
    if (!organisation?.joinedOn) return refuse(res, 404, 'NOT_FOUND', `No member organisation has the code ${code}`);

    const [, year, monthNumber] = month;
    const from = `${year}-${monthNumber}-01`;
    const to = `${year}-${monthNumber}-${daysInMonth(Number(year), Number(monthNumber))}`;
    let closed = false;
    res.once('close', () => {
      closed = true;
    });
    let current: PaymentPage;
    try {
      // The first page before any byte is sent: a failure can still be a proper error.
      current = await page(code, from, to, null);
    } catch (error) {
      logger.warn({ err: error, organisation: code, from }, 'transparency export failed');
      return refuse(res, 502, 'SUBGRAPH_UNAVAILABLE', 'The spend data is unavailable; try again later');
    }
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="spend-${code}-${year}-${monthNumber}.csv"`);
    res.write(csvLine(COLUMNS.map(([header]) => header)));
    try {
      for (;;) {
        const chunk = current.edges.map(({ node }) => csvLine(COLUMNS.map(([, value]) => value(node, organisation.name, code)))).join('');
        if (!res.write(chunk)) await drainedOrClosed(res);
        if (closed || !current.pageInfo.hasNextPage) break;
        current = await page(code, from, to, current.pageInfo.endCursor);
      }
      res.end();
    } catch (error) {
      // Headers are gone: cut the download short rather than send a file that looks complete.
      logger.warn({ err: error, organisation: code, from }, 'transparency export stopped part-way');
      res.destroy();
    }
  });
  return router;
}
