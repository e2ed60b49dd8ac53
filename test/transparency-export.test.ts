// The transparency export: the spend-over-£500 publication of an organisation for a
// month, as a CSV download for anyone, fetched through the graph as an anonymous
// caller (withheld payees redacted whoever asks), paged to the end; bad requests refused.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { penceToDecimal } from '../platform/money.js';
import { MAX_PAGE_SIZE } from '../platform/pagination.js';
import { asStaffOf, sqlRows, testHub } from './support/hub.js';

const POLICE = 'E23000036';
const MONTH = '2024-06';

let base: string;

beforeAll(async () => {
  const hub: RunningHub = await testHub();
  base = hub.url.replace(/\/graphql$/, '');
});

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF line ends) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  expect(field, 'the file ends with a line break').toBe('');
  return rows;
}

describe('transparency export', () => {
  it("downloads a month of an organisation's published spend as LGA CSV, every page, withheld payees redacted", async () => {
    const response = await fetch(`${base}/transparency/spend/${POLICE}/${MONTH}.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="spend-${POLICE}-${MONTH}.csv"`);
    const [header, ...lines] = parseCsv(await response.text());
    expect(header).toEqual([
      'Body name',
      'Body',
      'Date',
      'Transaction number',
      'Net amount',
      'Irrecoverable VAT',
      'Expense area',
      'Expense type',
      'Expense code',
      'Supplier name',
      'Supplier ID',
      'Extended description',
      'Capital or revenue',
      'Card transaction',
    ]);

    const expected = await sqlRows<{
      transaction_number: string;
      date: string;
      pence: string;
      payee: string;
      supplier_id: string | null;
      expense_code: string;
      sensitive: boolean;
    }>(sql`
      select p.transaction_number, to_char(p.payment_date, 'DD/MM/YYYY') as date, p.amount_pence::text as pence,
             p.beneficiary_name as payee, p.supplier_id::text, e.code as expense_code, p.sensitive_payee as sensitive
      from finance.payment p join finance.expense_type e on e.id = p.expense_type_id
      where p.organisation_code = ${POLICE} and to_char(p.payment_date, 'YYYY-MM') = ${MONTH}`);
    // More than one page, so the export pages through with cursors.
    expect(expected.length).toBeGreaterThan(MAX_PAGE_SIZE);
    expect(expected.some((row) => row.sensitive)).toBe(true);
    const published = (row: (typeof expected)[number]) => [
      'Avon and Somerset Police',
      POLICE,
      row.date,
      row.transaction_number,
      penceToDecimal(row.pence),
      row.sensitive ? 'Redacted' : row.payee,
      row.sensitive ? '' : (row.supplier_id ?? ''),
      row.expense_code,
    ];
    const sort = (rows: string[][]) => rows.map((row) => row.join('|')).sort();
    expect(sort(lines.map((line) => [line[0]!, line[1]!, line[2]!, line[3]!, line[4]!, line[9]!, line[10]!, line[8]!]))).toEqual(sort(expected.map(published)));
  });

  it("is the anonymous publication whoever asks: the force's own finance token does not unredact it", async () => {
    const url = `${base}/transparency/spend/${POLICE}/${MONTH}.csv`;
    const withToken = await fetch(url, { headers: await asStaffOf(POLICE, ['finance'], 'Publication check') });
    const text = await withToken.text();
    expect(withToken.status).toBe(200);
    expect(text).toContain(',Redacted,,');
  });

  it('refuses a malformed organisation or month with 400 and an unknown or candidate organisation with 404', async () => {
    const answers = [];
    for (const path of ['e10000027/2024-06.csv', 'E10000027/2024-13.csv', 'E10000027/2024-06.json', 'E99999999/2024-06.csv', 'E07000188/2024-06.csv']) {
      const response = await fetch(`${base}/transparency/spend/${path}`);
      answers.push({ path, status: response.status, body: await response.json() });
    }
    expect(answers).toMatchInlineSnapshot(`
      [
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "BAD_USER_INPUT",
                },
                "message": "The organisation must be a code such as E10000027",
              },
            ],
          },
          "path": "e10000027/2024-06.csv",
          "status": 400,
        },
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "BAD_USER_INPUT",
                },
                "message": "The file must be a month such as 2025-01.csv",
              },
            ],
          },
          "path": "E10000027/2024-13.csv",
          "status": 400,
        },
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "BAD_USER_INPUT",
                },
                "message": "The file must be a month such as 2025-01.csv",
              },
            ],
          },
          "path": "E10000027/2024-06.json",
          "status": 400,
        },
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "NOT_FOUND",
                },
                "message": "No member organisation has the code E99999999",
              },
            ],
          },
          "path": "E99999999/2024-06.csv",
          "status": 404,
        },
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "NOT_FOUND",
                },
                "message": "No member organisation has the code E07000188",
              },
            ],
          },
          "path": "E07000188/2024-06.csv",
          "status": 404,
        },
      ]
    `);
  });
});
