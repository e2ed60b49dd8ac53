// What an outside probe found (issue 17), each closed: no schema suggestions outside
// development, refused attempts on hidden police and personal rows in the audit trail,
// bad input answered with a 4xx that names it, skipped fields left out, and one
// Authorization header per request.
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { asPersona, graphql, sqlRows, testConfig, testDatabase, testHub } from './support/hub.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

describe('errors outside development', () => {
  const SPEND_BY = `query Spend($groupBy: [SpendDimension!]!) { spend(from: "2025-01-01", to: "2025-01-31", groupBy: $groupBy) { payments } }`;
  const VETTING = `mutation Vetting($input: ChangeVettingInput!) { changeVetting(input: $input) { id } }`;
  const MISSPELT_INPUT = { input: { personId: '00000000-0000-4000-8000-000000000000', version: 1, vetingLevel: 'SC' } };

  it('suggest no enum value for a misspelt one in variables, at the gateway and at a subgraph', async () => {
    for (const url of [hub.url, hub.subgraphs.finance.url]) {
      const response = await graphql(url, SPEND_BY, { groupBy: ['MONT'] });
      expect(response.status).toBe(400);
      expect(response.body).toMatchInlineSnapshot(`
        {
          "errors": [
            {
              "extensions": {
                "code": "BAD_USER_INPUT",
              },
              "locations": [
                {
                  "column": 13,
                  "line": 1,
                },
              ],
              "message": "Variable "$groupBy" got invalid value "MONT" at "groupBy[0]"; Value "MONT" does not exist in "SpendDimension" enum.",
            },
          ],
        }
      `);
    }
  });

  it('suggest no input field for a misspelt one in variables, at the gateway and at a subgraph', async () => {
    const policeHr = await asPersona('police-hr', 'Vetting review');
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      const response = await graphql(url, VETTING, MISSPELT_INPUT, policeHr);
      expect(response.status).toBe(400);
      expect(response.body).toMatchInlineSnapshot(`
        {
          "errors": [
            {
              "extensions": {
                "code": "BAD_USER_INPUT",
              },
              "locations": [
                {
                  "column": 18,
                  "line": 1,
                },
              ],
              "message": "Variable "$input" got invalid value { personId: "00000000-0000-4000-8000-000000000000", version: 1, vetingLevel: "SC" }; Field "vetingLevel" is not defined by type "ChangeVettingInput".",
            },
          ],
        }
      `);
    }
  });

  it('suggest nothing for a misspelt enum value or field written in the operation, at the gateway and at a subgraph', async () => {
    for (const url of [hub.url, hub.subgraphs.finance.url]) {
      const response = await graphql(url, `{ spend(from: "2025-01-01", to: "2025-01-31", groupBy: [MONT]) { payment } }`);
      expect(response.status).toBe(400);
      expect(response.body.errors!.map((error) => error.message)).toEqual([
        'Value "MONT" does not exist in "SpendDimension" enum.',
        'Cannot query field "payment" on type "SpendGroup".',
      ]);
    }
  });

  it('keep their suggestions in development, where they help', async () => {
    const development = await startHub(testConfig({ NODE_ENV: 'development' }), { database: await testDatabase() });
    try {
      const response = await graphql(development.url, SPEND_BY, { groupBy: ['MONT'] });
      expect(response.body.errors!.map((error) => error.message)).toEqual([
        'Variable "$groupBy" got invalid value "MONT" at "groupBy[0]"; Value "MONT" does not exist in "SpendDimension" enum. Did you mean the enum value "MONTH"?',
      ]);
    } finally {
      await development.stop();
    }
  });
});

describe('bad input that was an internal error', () => {
  const CHANGE_JOB = `mutation ChangeJob($input: ChangeJobInput!) { changeJob(input: $input) { id jobTitle version } }`;

  it('with a NUL character in a variable is a 400 naming it, at the gateway and at a subgraph, and changes nothing', async () => {
    const [target] = await sqlRows<{ id: string; version: number; jobTitle: string }>(
      sql`select id, version, job_title as "jobTitle" from people.person where organisation_code = 'E07000190' order by id limit 1`,
    );
    const hr = await asPersona('council-hr');
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      const response = await graphql(url, CHANGE_JOB, { input: { personId: target!.id, version: target!.version, jobTitle: 'Clerk\u0000; drop' } }, hr);
      expect([response.status, response.body]).toEqual([
        400,
        {
          errors: [{ message: '"input.jobTitle" must not contain the NUL character (U+0000)', extensions: { code: 'BAD_USER_INPUT', variableName: 'input' } }],
        },
      ]);
    }
    expect(await sqlRows(sql`select version, job_title as "jobTitle" from people.person where id = ${target!.id}`)).toEqual([
      { version: target!.version, jobTitle: target!.jobTitle },
    ]);
  });

  it('with a NUL character written in the operation is a 400 naming the argument, and changes nothing', async () => {
    const familyName = `Nul-${randomUUID().slice(0, 8)}`;
    const response = await graphql(
      hub.url,
      `mutation { createCustomer(input: { givenName: "A\\u0000", familyName: "${familyName}", address: { line1: "1 High Street", town: "Taunton", postcode: "TA1 1AA" }, idempotencyKey: "${randomUUID()}" }) { id } }`,
      {},
      await asPersona('contact-centre'),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "argumentName": "input",
              "code": "BAD_USER_INPUT",
            },
            "message": ""input.givenName" must not contain the NUL character (U+0000)",
          },
        ],
      }
    `);
    expect(await sqlRows(sql`select id from contacts.customer where family_name = ${familyName}`)).toEqual([]);
  });

  it('with the year 0000 in a reporting range is a 400, BAD_USER_INPUT naming the argument', async () => {
    const spend = await graphql(hub.url, `{ spend(from: "0000-01-01", to: "0000-01-31", groupBy: [MONTH]) { month payments } }`);
    expect(spend.status).toBe(400);
    expect(spend.body).toMatchInlineSnapshot(`
      {
        "data": {
          "spend": null,
        },
        "errors": [
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
        ],
      }
    `);
    const volumes = await graphql(
      hub.url,
      `{ contactCaseVolumes(from: "2025-01-01", to: "0000-01-31", groupBy: [MONTH]) { month cases } }`,
      {},
      await asPersona('contact-centre'),
    );
    expect(volumes.status).toBe(400);
    expect(volumes.body).toMatchInlineSnapshot(`
      {
        "data": {
          "contactCaseVolumes": null,
        },
        "errors": [
          {
            "extensions": {
              "argumentName": "to",
              "code": "BAD_USER_INPUT",
              "serviceName": "contacts",
            },
            "message": ""to" must be a date (YYYY-MM-DD)",
            "path": [
              "contactCaseVolumes",
            ],
          },
        ],
      }
    `);
  });

  it('with the year 0000 in a transparency file name is a 400; the year 0001 is an empty file', async () => {
    const yearZero = await fetch(new URL('/transparency/spend/E10000027/0000-01.csv', hub.url));
    expect([yearZero.status, await yearZero.json()]).toEqual([
      400,
      { errors: [{ message: 'The file must be a month such as 2025-01.csv', extensions: { code: 'BAD_USER_INPUT' } }] },
    ]);
    const yearOne = await fetch(new URL('/transparency/spend/E10000027/0001-02.csv', hub.url));
    expect(yearOne.status).toBe(200);
    expect((await yearOne.text()).split('\r\n')).toEqual([expect.stringMatching(/^Body name,Body,Date,/), '']);
  });

  it('with a body that is not the gzip its Content-Encoding says is a 400, at the gateway and at a subgraph', async () => {
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: JSON.stringify({ query: '{ organisations { code } }' }),
      });
      expect([response.status, await response.json()]).toEqual([
        400,
        { errors: [{ message: 'Request body is not valid gzip data, as its Content-Encoding says it is', extensions: { code: 'BAD_REQUEST' } }] },
      ]);
    }
  });

  it('with a persisted-query hash that is not the hash of its text is a 400 that says so, and registers nothing', async () => {
    const query = `{ organisations { code } }`;
    const otherHash = createHash('sha256').update(`# ${randomUUID()}`).digest('hex');
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      const mismatched = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: otherHash } } }),
      });
      expect([mismatched.status, await mismatched.json()]).toEqual([
        400,
        {
          errors: [
            {
              message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it: send the hash of this text, or the hash alone',
              extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' },
            },
          ],
        },
      ]);
      const byHash = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: otherHash } } }),
      });
      expect(((await byHash.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });
});

describe('fields the client skips with @skip or @include', () => {
  // Cost centres are OFFICIAL: refused to an anonymous caller when asked for.
  const costCentres = (directive = '') => `costCentres ${directive} { edges { node { id } } }`;
  const SKIPPED: [string, string, Record<string, unknown>][] = [
    ['@skip(if: true)', `{ organisations { code ${costCentres('@skip(if: true)')} } }`, {}],
    ['@include(if: false)', `{ organisations { code ${costCentres('@include(if: false)')} } }`, {}],
    ['@skip(if: $hide)', `query ($hide: Boolean!) { organisations { code ${costCentres('@skip(if: $hide)')} } }`, { hide: true }],
    ['@include(if: $show)', `query ($show: Boolean!) { organisations { code ${costCentres('@include(if: $show)')} } }`, { show: false }],
    [
      'a fragment spread skipped by a variable default',
      `query ($hide: Boolean = true) { organisations { code ...Private @skip(if: $hide) } } fragment Private on Organisation { ${costCentres()} }`,
      {},
    ],
    ['an inline fragment left out', `query ($show: Boolean!) { organisations { code ... @include(if: $show) { ${costCentres()} } } }`, { show: false }],
  ];
  let strict: RunningHub;
  let published: unknown;

  beforeAll(async () => {
    strict = await startHub(testConfig({ ACCESS_MODE: 'strict' }), { database: await testDatabase() });
    published = (await graphql(hub.url, '{ organisations { code } }')).body;
  });
  afterAll(() => strict?.stop());

  it.each(SKIPPED)('are not in the answer and raise no error: %s, partial and strict', async (_form, query, variables) => {
    for (const url of [hub.url, strict.url]) {
      const response = await graphql(url, query, variables);
      expect([response.status, response.body]).toEqual([200, published]);
    }
  });

  it('are refused as before when the variables include them', async () => {
    const query = `query ($show: Boolean!) { organisations { code ${costCentres('@include(if: $show)')} } }`;
    const partial = await graphql(hub.url, query, { show: true });
    expect(partial.body.errors![0]).toEqual({
      message: 'Sign in to read this field: it is not public',
      path: ['organisations', 0, 'costCentres'],
      extensions: { code: 'FORBIDDEN' },
    });
    expect(partial.body.data!.organisations[0]).toEqual({ code: expect.any(String), costCentres: null });
    const refused = await graphql(strict.url, query, { show: true });
    expect(refused.body).toEqual({
      errors: [
        {
          message: 'This operation reads fields you may not read: Organisation.costCentres (Sign in to read this field: it is not public)',
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  });
});

/** POSTs with headers given as name, value, name, value... (a header can be sent twice, as some clients do). */
function postWithRawHeaders(url: string, rawHeaders: string[], body: string): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', headers: ['host', new URL(url).host, 'content-type', 'application/json', ...rawHeaders] }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: JSON.parse(text) }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('two Authorization headers in one request', () => {
  it('are refused with 401, at the gateway and at a subgraph called directly, whichever comes first', async () => {
    const council = (await asPersona('council-hr')).authorization!;
    const police = (await asPersona('police-hr')).authorization!;
    const query = JSON.stringify({ query: '{ organisations { code } }' });
    for (const url of [hub.url, hub.subgraphs.people.url]) {
      for (const [first, second] of [
        [council, police],
        [police, council],
        [council, council],
      ]) {
        const response = await postWithRawHeaders(url, ['authorization', first!, 'authorization', second!], query);
        expect([response.status, response.headers['www-authenticate'], response.body]).toEqual([
          401,
          'Bearer',
          { errors: [{ message: 'Send one Authorization header: this request has several', extensions: { code: 'UNAUTHENTICATED' } }] },
        ]);
      }
      // One header still works.
      expect((await postWithRawHeaders(url, ['authorization', council], query)).status).toBe(200);
    }
  });
});
