// GraphQL over HTTP: graphql-http's audit suite against the gateway, the explorer
// that works offline, and bad requests answered with a 4xx and a stable code.
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { graphql, testConfig, testDatabase, testHub } from './support/hub.js';

let hub: RunningHub;
/** A hub in development mode: introspection on (the audit asks for `__type`), and the explorer. */
let development: RunningHub;

beforeAll(async () => {
  hub = await testHub();
  development = await startHub(testConfig({ NODE_ENV: 'development' }), { database: await testDatabase() });
});
afterAll(() => development?.stop());

/** A GET as the bytes on the wire: fetch would decompress the body and hide its size. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('graphql-http audit', () => {
  it('passes every MUST; the SHOULDs and MAYs it does not are the ones the README explains', async () => {
    const notOk: string[] = [];
    for (const audit of serverAudits({ url: development.url, fetchFn: fetch })) {
      const result = await audit.fn();
      if (result.status !== 'ok') notOk.push(`${result.status}: ${audit.name}`);
    }
    expect(notOk.filter((line) => line.includes('MUST'))).toEqual([]);
    expect(notOk).toMatchInlineSnapshot(`
      [
        "notice: MAY accept application/x-www-form-urlencoded formatted GET requests",
        "notice: MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json",
        "notice: MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json",
        "warn: SHOULD use 200 status code on document parsing failure when accepting application/json",
        "warn: SHOULD use 200 status code on document validation failure when accepting application/json",
        "warn: SHOULD use a status code of 200 on variable coercion failure when accepting application/json",
      ]
    `);
  });
});

describe('GET', () => {
  it('serves queries to a client that sends a preflight header (CSRF prevention) and refuses mutations', async () => {
    const url = new URL(hub.url);
    url.searchParams.set('query', '{ organisations { code } }');
    const query = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(query.status).toBe(200);
    expect(((await query.json()) as { data: { organisations: unknown[] } }).data.organisations.length).toBeGreaterThan(0);

    const bare = await fetch(url);
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "BAD_REQUEST",
            },
            "message": "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight
      ",
          },
        ],
      }
    `);

    url.searchParams.set('query', 'mutation { __typename }');
    const mutation = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(mutation.status).toBe(405);
    expect(await mutation.json()).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "BAD_REQUEST",
            },
            "message": "GET requests only support query operations, not mutation operations",
          },
        ],
      }
    `);
  });
});

describe('explorer', () => {
  it('is served in development from the installed package, every asset it references from localhost or inline', async () => {
    const page = await fetch(development.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>Cross-sector data hub</title>');
    expect(html).toContain('renderYogaGraphiQL');
    // Nothing from a CDN: no reference to another host, in any attribute or in the scripts.
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|esm\.sh|cdnjs|embeddable-sandbox|apollo-server-landing-page|fonts\.googleapis/);
    // The page's own tags (inline scripts and styles hold markup of their own, in strings).
    const tags = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, (_whole, name: string) => `<${name}>`);
    expect([...tags.matchAll(/<script\b[^>]*\bsrc=/g)]).toEqual([]);
    const references = [...tags.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      if (reference.startsWith('data:')) continue;
      const asset = new URL(reference, development.url);
      expect(asset.hostname).toBe('127.0.0.1');
      expect((await fetch(asset)).status).toBe(200);
    }
  });

  it('is sent compressed and revalidated by its ETag, so a reload costs a 304', async () => {
    const first = await rawGet(development.url, { accept: 'text/html', 'accept-encoding': 'gzip, br' });
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': 'no-cache', etag: expect.stringMatching(/^"[\w-]+-br"$/) });
    expect(first.headers.vary).toMatch(/Accept\b.*Accept-Encoding/);
    const html = brotliDecompressSync(first.body).toString('utf8');
    expect(html).toContain('renderYogaGraphiQL');
    // About 9 MB of inline scripts and styles: the compressed page is a fraction of it.
    expect(first.body.length).toBeLessThan(html.length / 3);

    const gzipped = await rawGet(development.url, { accept: 'text/html', 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString('utf8')).toBe(html);

    const again = await rawGet(development.url, { accept: 'text/html', 'accept-encoding': 'gzip, br', 'if-none-match': first.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('opens from a link that carries a query (GraphiQL shows it) instead of refusing it as a CSRF risk', async () => {
    const link = new URL(development.url);
    link.searchParams.set('query', '{ organisations { code name } }');
    const page = await fetch(link, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('renderYogaGraphiQL');
  });

  it('can read the schema: its introspection query is within the limits', async () => {
    const response = await graphql(
      development.url,
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }),
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.__schema.queryType).toMatchObject({ name: 'Query' });
  });

  it('is not served outside development, and neither is Apollo’s landing page', async () => {
    const page = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).not.toMatch(/html/);
  });
});

describe('bad requests', () => {
  it('refuses a body over the limit with 413 and names the limit', async () => {
    const response = await graphql(hub.url, `{ __typename }`, { padding: 'x'.repeat(testConfig().LIMIT_BODY_BYTES) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "PAYLOAD_TOO_LARGE",
            },
            "message": "Request body is larger than the limit of 1048576 bytes",
          },
        ],
      }
    `);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "BAD_REQUEST",
            },
            "message": "Request body is not valid JSON",
          },
        ],
      }
    `);
  });

  it('refuses a batch of operations with 400', async () => {
    const batch = Array.from({ length: 1000 }, () => ({ query: '{ organisations { code } }' }));
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "BAD_REQUEST",
            },
            "message": "Operation batching disabled.",
          },
        ],
      }
    `);
  });

  it('refuses variables that do not fit their types with 400, naming the variable', async () => {
    const response = await graphql(hub.url, 'query Organisation($code: ID!) { organisation(code: $code) { name } }', { code: { not: 'an id' } });
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
                "column": 20,
                "line": 1,
              },
            ],
            "message": "Variable "$code" got invalid value { not: "an id" }; ID cannot represent value: { not: "an id" }",
          },
        ],
      }
    `);
  });

  it('keeps serving everyone else during a flood of bad requests', async () => {
    const flood = Array.from({ length: 40 }, (_, i) =>
      fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: i % 2 === 0 ? JSON.stringify({ query: `{ ${Array.from({ length: 500 }, (_, n) => `o${n}: organisations { code }`).join(' ')} }` }) : '{"query": ',
      }),
    );
    const good = graphql(hub.url, '{ organisations { code } }');
    const statuses = (await Promise.all(flood)).map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect((await good).status).toBe(200);
  });
});

describe('caching', () => {
  it('marks every answer of the gateway and of each subgraph, data or refusal, as never to be stored', async () => {
    const answers = [
      await graphql(hub.url, '{ organisations { code } }'),
      await graphql(hub.subgraphs.people.url, '{ organisations { code } }'),
      await graphql(hub.subgraphs.finance.url, '{ expenseTypes { code } }'),
      await graphql(hub.subgraphs.finance.url, '{ costCentres(organisation: "E10000027") { edges { node { code } } } }'),
      await graphql(hub.subgraphs.contacts.url, '{ __typename }'),
      await graphql(hub.subgraphs.procurement.url, '{ __typename }'),
      await graphql(hub.subgraphs.audit.url, '{ __typename }'),
    ];
    expect(answers[3]!.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(answers.map((answer) => answer.headers.get('cache-control'))).toEqual(answers.map(() => 'no-store'));
  });
});
