// Limits on one operation: each has an allowed case at the limit and a refused case
// past it, through the gateway, with a code naming the limit and a message saying by
// how much; a subgraph called directly refuses what the gateway refuses, with the same
// code, while the gateway's own fetches (entity fetches included) still pass.
import { readdirSync, readFileSync } from 'node:fs';
import { Kind, parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { LIMIT_CODES } from '../platform/limits.js';
import { ALL_READ_SCOPES, asStaffOf, graphql, testConfig, testDatabase, testHub } from './support/hub.js';

let hub: RunningHub;
let staff: Record<string, string>;
const limits = testConfig();
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  hub = await testHub();
  staff = await asStaffOf('E10000027', ALL_READ_SCOPES);
});

/** Fields nested `depth` deep without lists: orgUnit (1), parent (2 .. depth-1), name (depth). */
function nested(depth: number): string {
  return `query Deep { orgUnit(id: "${UNKNOWN_ID}") { ${'parent { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;
}

function aliases(count: number): string {
  return `query Aliased { ${Array.from({ length: count }, (_, i) => `o${i}: organisations { code }`).join(' ')} }`;
}

function directives(count: number): string {
  return `query Directed { organisations { ${'code @include(if: true) '.repeat(count)}} }`;
}

/** `{`, `}` and `__typename`s: `count` tokens. */
function tokens(count: number): string {
  return `{ ${'__typename '.repeat(count - 2)}}`;
}

const COSTLY = `query Costly($first: Int) {
  people(organisation: "E10000027", first: $first) { edges { node { id costCentresManaged { payments(first: 100) { edges { node { id } } } } } } }
}`;

describe('at the gateway', () => {
  it.each([
    ['depth', () => nested(limits.LIMIT_DEPTH)],
    ['aliases', () => aliases(limits.LIMIT_ALIASES)],
    ['directives', () => directives(limits.LIMIT_DIRECTIVES)],
  ])('allows an operation at the %s limit', async (_limit, operation) => {
    const response = await graphql(hub.url, operation(), {}, staff);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });

  it('refuses an operation nested deeper than the limit', async () => {
    const response = await graphql(hub.url, nested(limits.LIMIT_DEPTH + 1), {}, staff);
    expect(response.status).toBe(400);
    expect(response.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "QUERY_TOO_DEEP",
            },
            "message": "Query depth limit of 10 exceeded, found 11.",
          },
        ],
      }
    `);
  });

  it('refuses an alias flood', async () => {
    const response = await graphql(hub.url, aliases(limits.LIMIT_ALIASES + 1));
    expect(response.status).toBe(400);
    expect(response.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "QUERY_TOO_MANY_ALIASES",
            },
            "message": "Aliases limit of 20 exceeded, found 21.",
          },
        ],
      }
    `);
  });

  it('refuses a directive flood', async () => {
    const response = await graphql(hub.url, directives(limits.LIMIT_DIRECTIVES + 1));
    expect(response.status).toBe(400);
    expect(response.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "QUERY_TOO_MANY_DIRECTIVES",
            },
            "message": "Directives limit of 20 exceeded, found 21.",
          },
        ],
      }
    `);
  });

  it('refuses a document of more tokens than the limit without parsing the rest', async () => {
    const response = await graphql(hub.url, tokens(limits.LIMIT_TOKENS + 1));
    expect(response.status).toBe(400);
    expect(response.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "GRAPHQL_PARSE_FAILED",
            },
            "locations": [
              {
                "column": 21992,
                "line": 1,
              },
            ],
            "message": "Syntax Error: Document contains more that 2000 tokens. Parsing aborted.",
          },
        ],
      }
    `);
  });

  it('estimates cost with the variables: the same operation is allowed for a small page and refused for a large one', async () => {
    const small = await graphql(hub.url, COSTLY, { first: 2 }, staff);
    expect(small.status).toBe(200);
    expect(small.body.data!.people.edges).toHaveLength(2);
    const large = await graphql(hub.url, COSTLY, { first: 500 }, staff);
    expect(large.status).toBe(400);
    expect(large.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "QUERY_TOO_COSTLY",
            },
            "message": "Query cost limit of 20000 exceeded, found 1507001.",
          },
        ],
      }
    `);
  });

  it('decides a repeated operation afresh for its own variables: what is kept per document is never another request’s answer', async () => {
    const deep = nested(limits.LIMIT_DEPTH + 1);
    const refusals = [await graphql(hub.url, deep, {}, staff), await graphql(hub.url, deep, {}, staff)];
    expect(refusals.map((r) => [r.status, r.body.errors![0]!.extensions!.code])).toEqual([
      [400, 'QUERY_TOO_DEEP'],
      [400, 'QUERY_TOO_DEEP'],
    ]);
    const outcomes: [number, number][] = [];
    for (const first of [2, 500, 2, 500, 3]) {
      const response = await graphql(hub.url, COSTLY, { first }, staff);
      outcomes.push([first, response.status]);
    }
    expect(outcomes).toEqual([
      [2, 200],
      [500, 400],
      [2, 200],
      [500, 400],
      [3, 200],
    ]);
    const invalid = await graphql(hub.url, COSTLY, { first: 'many' }, staff);
    expect([invalid.status, invalid.body.errors![0]!.extensions!.code]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('counts an omitted `first` as its default page size', async () => {
    const response = await graphql(hub.url, COSTLY.replace('($first: Int)', '').replace('first: $first', ''), {}, staff);
    expect(response.body.errors![0]!.message).toMatchInlineSnapshot(`"Query cost limit of 20000 exceeded, found 60281."`);
  });

  it('does not let a negative `first` offset the cost of the rest of the operation', async () => {
    const offset = COSTLY.replace(
      'query Costly($first: Int) {',
      'query Costly($first: Int) { cheap: people(organisation: "E10000027", first: -1000000000) { edges { node { id } } }',
    );
    const response = await graphql(hub.url, offset, { first: 500 }, staff);
    expect(response.body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COSTLY' });
  });

  it('keeps every example query of the README and docs/ within the limits', async () => {
    // Each query of a block on its own, as a client sends it (a block may show several operations).
    const pages = [
      'README.md',
      ...readdirSync('docs', { recursive: true })
        .map((file) => `docs/${String(file)}`)
        .filter((file) => file.endsWith('.md')),
    ];
    const examples = pages
      .flatMap((page) => [...readFileSync(page, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)])
      .flatMap((match) =>
        parse(match[1]!).definitions.flatMap((definition) =>
          definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'query' ? [print(definition)] : [],
        ),
      );
    expect(examples.length).toBeGreaterThan(2);
    for (const example of examples) {
      const response = await graphql(hub.url, example, { id: UNKNOWN_ID }, staff);
      const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
      expect(codes.filter((code) => (LIMIT_CODES as readonly unknown[]).includes(code))).toEqual([]);
      expect(response.status).toBe(200);
    }
  });
});

describe('configured limits', () => {
  // graphql-js itself refuses a document with hundreds of copies of one field, so the
  // token limit's allowed case runs on a hub configured with small limits.
  let small: RunningHub;
  beforeAll(async () => {
    small = await startHub(testConfig({ LIMIT_TOKENS: '40', LIMIT_COST: '34', LIMIT_BODY_BYTES: '1000' }), { database: await testDatabase() });
  });
  afterAll(() => small?.stop());

  it('allows a document of as many tokens as the limit and refuses one more', async () => {
    expect((await graphql(small.url, tokens(40))).body).toEqual({ data: { __typename: 'Query' } });
    expect((await graphql(small.url, tokens(41))).body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "GRAPHQL_PARSE_FAILED",
            },
            "locations": [
              {
                "column": 432,
                "line": 1,
              },
            ],
            "message": "Syntax Error: Document contains more that 40 tokens. Parsing aborted.",
          },
        ],
      }
    `);
  });

  it('allows an operation that costs the limit and refuses one that costs more; `__typename` is free', async () => {
    // organisations: 1 + 10 assumed items x (code, name, member: 3) = 31; organisation: 1 + 2 = 3.
    const atLimit = `{ organisations { code name member } organisation(code: "E10000027") { code name } __typename }`;
    expect((await graphql(small.url, atLimit)).status).toBe(200);
    expect((await graphql(small.url, atLimit.replace('code name }', 'code name member }'))).body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "QUERY_TOO_COSTLY",
            },
            "message": "Query cost limit of 34 exceeded, found 35.",
          },
        ],
      }
    `);
  });

  describe('at a subgraph called directly', () => {
    it('refuses a body larger than the limit, as the gateway does', async () => {
      const padded = `{ organisations { code } }${' '.repeat(1000)}`;
      const atGateway = await graphql(small.url, padded);
      const direct = await graphql(small.subgraphs.people.url, padded);
      expect([atGateway.status, direct.status]).toEqual([413, 413]);
      expect(direct.body).toEqual(atGateway.body);
      expect(direct.body).toMatchInlineSnapshot(`
        {
          "errors": [
            {
              "extensions": {
                "code": "PAYLOAD_TOO_LARGE",
              },
              "message": "Request body is larger than the limit of 1000 bytes",
            },
          ],
        }
      `);
    });

    it('takes an entity fetch past the body limit when what is past it is representations the cost limit allows', async () => {
      const representations = Array.from({ length: 30 }, () => ({ __typename: 'Organisation', code: 'E10000027' }));
      const entities = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organisation { code } } }';
      expect(JSON.stringify({ query: entities, variables: { representations } }).length).toBeGreaterThan(1000);
      const fetched = await graphql(small.subgraphs.people.url, entities, { representations });
      expect(fetched.status).toBe(200);
      expect(fetched.body.data!._entities).toHaveLength(30);
      // Each representation is an item of `_entities`: 1 + 40 x 1 is past the cost limit of 34.
      const more = Array.from({ length: 40 }, () => ({ __typename: 'Organisation', code: 'E10000027' }));
      const refused = await graphql(small.subgraphs.people.url, entities, { representations: more });
      expect([refused.status, refused.body.errors]).toEqual([
        400,
        [{ message: 'Query cost limit of 34 exceeded, found 41.', extensions: { code: 'QUERY_TOO_COSTLY' } }],
      ]);
    });
  });
});

describe('at a subgraph called directly', () => {
  /** The same operation at the gateway and straight at the people subgraph: both answers. */
  async function both(operation: string, variables: Record<string, unknown> = {}) {
    return [await graphql(hub.url, operation, variables, staff), await graphql(hub.subgraphs.people.url, operation, variables, staff)] as const;
  }

  it.each([
    ['depth', () => nested(limits.LIMIT_DEPTH + 1), 'QUERY_TOO_DEEP'],
    ['aliases', () => aliases(limits.LIMIT_ALIASES + 1), 'QUERY_TOO_MANY_ALIASES'],
    ['directives', () => directives(limits.LIMIT_DIRECTIVES + 1), 'QUERY_TOO_MANY_DIRECTIVES'],
    // The query the issue found answered directly with 8,073 ids.
    [
      'cost',
      () => `{ people(organisation: "E10000027", first: 200) { edges { node { id orgUnit { people(first: 200) { edges { node { id } } } } } } } }`,
      'QUERY_TOO_COSTLY',
    ],
  ])('refuses an operation past the %s limit, as the gateway does', async (_limit, operation, code) => {
    const [atGateway, direct] = await both(operation());
    expect([atGateway.status, atGateway.body.errors![0]!.extensions!.code]).toEqual([400, code]);
    expect(direct.status).toBe(400);
    expect(direct.body).toEqual(atGateway.body);
  });

  it.each([
    ['depth', () => nested(limits.LIMIT_DEPTH)],
    ['aliases', () => aliases(limits.LIMIT_ALIASES)],
    ['directives', () => directives(limits.LIMIT_DIRECTIVES)],
  ])('answers an operation at the %s limit', async (_limit, operation) => {
    const [atGateway, direct] = await both(operation());
    expect([atGateway.status, direct.status]).toEqual([200, 200]);
    expect(direct.body.errors).toBeUndefined();
  });

  // A router's fetch may be up to twice as long as the client's operation (subgraphLimits).
  it('refuses a document past the token limit with the same code', async () => {
    const [atGateway, direct] = await both(tokens(limits.LIMIT_TOKENS * 2 + 1));
    expect([atGateway.status, atGateway.body.errors![0]!.extensions!.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    expect([direct.status, direct.body.errors![0]!.extensions!.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
  });

  it('estimates cost with the variables, as the gateway does', async () => {
    const [atGateway, direct] = await both(
      COSTLY.replace('costCentresManaged { payments(first: 100) { edges { node { id } } } }', 'orgUnit { people(first: $first) { edges { node { id } } } }'),
      { first: 500 },
    );
    expect(atGateway.status).toBe(400);
    expect(direct.body).toEqual(atGateway.body);
    expect(direct.body.errors![0]!.message).toMatchInlineSnapshot(`"Query cost limit of 20000 exceeded, found 752501."`);
  });

  it('counts each representation of an entity fetch as one item of `_entities`', async () => {
    const representations = Array.from({ length: 2_001 }, () => ({ __typename: 'Organisation', code: 'E10000027' }));
    const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organisation { orgUnits { id name } } } }`;
    const refused = await graphql(hub.subgraphs.people.url, entities, { representations }, staff);
    // 1 + 2,001 x (1 + 10 assumed org units x 2).
    expect([refused.status, refused.body.errors]).toEqual([
      400,
      [{ message: 'Query cost limit of 20000 exceeded, found 42022.', extensions: { code: 'QUERY_TOO_COSTLY' } }],
    ]);
    const allowed = await graphql(hub.subgraphs.people.url, entities, { representations: representations.slice(0, 900) }, staff);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data!._entities).toHaveLength(900);
  });
});
