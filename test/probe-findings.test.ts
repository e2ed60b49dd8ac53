// What an outside probe found (issue 17), each closed: no schema suggestions outside
// development, refused attempts on hidden police and personal rows in the audit trail,
// bad input answered with a 4xx that names it, skipped fields left out, and one
// Authorization header per request.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { asPersona, graphql, testConfig, testDatabase, testHub } from './support/hub.js';

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

describe('fields the client skips with @skip or @include', () => {
  // Cost centres are OFFICIAL: refused to an anonymous caller when asked for.
  const costCentres = (directive = '') => `costCentres ${directive} { edges { node { id } } }`;
  const SKIPPED: [string, string, Record<string, unknown>][] = [
    ['@skip(if: true)', `{ organisations { code ${costCentres('@skip(if: true)')} } }`, {}],
    ['@include(if: false)', `{ organisations { code ${costCentres('@include(if: false)')} } }`, {}],
    ['@skip(if: $hide)', `query ($hide: Boolean!) { organisations { code ${costCentres('@skip(if: $hide)')} } }`, { hide: true }],
    ['@include(if: $show)', `query ($show: Boolean!) { organisations { code ${costCentres('@include(if: $show)')} } }`, { show: false }],
    ['a fragment spread skipped by a variable default', `query ($hide: Boolean = true) { organisations { code ...Private @skip(if: $hide) } } fragment Private on Organisation { ${costCentres()} }`, {}],
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
    expect(partial.body.errors![0]).toEqual({ message: 'Sign in to read this field: it is not public', path: ['organisations', 0, 'costCentres'], extensions: { code: 'FORBIDDEN' } });
    expect(partial.body.data!.organisations[0]).toEqual({ code: expect.any(String), costCentres: null });
    const refused = await graphql(strict.url, query, { show: true });
    expect(refused.body).toEqual({
      errors: [{ message: 'This operation reads fields you may not read: Organisation.costCentres (Sign in to read this field: it is not public)', extensions: { code: 'FORBIDDEN' } }],
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
      for (const [first, second] of [[council, police], [police, council], [council, council]]) {
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
