// Bad input and faults: clear errors with stable codes, never a stack or SQL,
// partial data when a subgraph is down, and a one-line refusal to start without a database.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { buildGateway, gatewaySettings } from '../gateway/server.js';
import { listen } from '../platform/http.js';
import { createIdentity } from '../platform/identity.js';
import { ALL_READ_SCOPES, asStaffOf, graphql, testConfig, testDatabase, testHub } from './support/hub.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await testHub();
});

describe('bad input', () => {
  it('gives null without an error for unknown ids', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const response = await graphql(
      hub.url,
      `query($id: ID!) { person(id: $id) { id } costCentre(id: $id) { id } supplier(id: $id) { id } contactCase(id: $id) { id } organisation(code: "E99999999") { code } }`,
      { id: unknown },
      await asStaffOf('E10000027', ALL_READ_SCOPES),
    );
    expect(response.body).toEqual({
      data: { person: null, costCentre: null, supplier: null, contactCase: null, organisation: null },
    });
  });

  it('refuses malformed ids with BAD_USER_INPUT naming the argument', async () => {
    const response = await graphql(hub.url, `{ person(id: "42; drop table people.person") { id } }`, {}, await asStaffOf('E10000027', ['staff']));
    expect(response.body).toMatchInlineSnapshot(`
      {
        "data": {
          "person": null,
        },
        "errors": [
          {
            "extensions": {
              "argumentName": "id",
              "code": "BAD_USER_INPUT",
              "serviceName": "people",
            },
            "message": ""id" must be a UUID",
            "path": [
              "person",
            ],
          },
        ],
      }
    `);
  });

  it('answers a document of several operations without an operation name with a 400 naming the problem', async () => {
    // Salaries are refused to this caller, so the gateway's access check sees the document too.
    const document = 'query A { people(organisation: "E10000027", first: 1) { edges { node { salary { amount } } } } } query B { organisations { code } }';
    const response = await graphql(hub.url, document, {}, await asStaffOf('E10000027', ['staff']));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [{ message: 'Must provide operation name if query contains multiple operations.', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }],
    });
  });

  it('answers a request that is not GraphQL with a 400 and no stack', async () => {
    const response = await graphql(hub.url, `{ person(id: `);
    expect(response.status).toBe(400);
    expect(response.body.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });
});

describe('faults', () => {
  it('returns partial data and an error naming the part when a subgraph is down', async () => {
    const degraded = await startHub(testConfig(), { database: await testDatabase() });
    try {
      await degraded.subgraphs.finance.close();
      const response = await graphql(degraded.url, `{ organisations { code } payments(organisation: "E10000027", first: 1) { edges { node { id } } } }`);
      expect(response.status).toBe(200);
      expect(response.body.data!.organisations.length).toBeGreaterThan(0);
      expect(response.body.data!.payments).toBeNull();
      expect(response.body.errors).toEqual([
        {
          message: 'The finance service is unavailable',
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'finance' },
        },
      ]);
    } finally {
      await degraded.stop();
    }
  });

  it("passes on a subgraph's GraphQL errors when it answers with an error status, and keeps the other subgraphs' data", async () => {
    // A finance stand-in that refuses the whole request, as a subgraph whose clock is ahead would.
    const standIn = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } }] }));
    }).listen(0, '127.0.0.1');
    await once(standIn, 'listening');
    const config = testConfig();
    const gateway = await buildGateway({
      subgraphUrls: {
        ...Object.fromEntries(Object.entries(hub.subgraphs).map(([name, served]) => [name, served.url])),
        finance: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}/graphql`,
      },
      identity: createIdentity(config),
      developmentMode: false,
      ...gatewaySettings(config),
    });
    const listening = await listen(gateway.app, 0);
    try {
      const response = await graphql(listening.url, `{ organisations { code } payments(organisation: "E10000027", first: 1) { edges { node { id } } } }`);
      expect(response.status).toBe(200);
      expect(response.body.data!.organisations.length).toBeGreaterThan(0);
      expect(response.body.data!.payments).toBeNull();
      expect(response.body.errors).toEqual([{ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED', serviceName: 'finance' } }]);
    } finally {
      await listening.close();
      await gateway.stop();
      standIn.close();
    }
  });

  it('refuses to start, in one line and with a non-zero exit, when the database cannot be reached', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Cannot reach the PostgreSQL server in DATABASE_URL/);
  });

  it('refuses to start with a message naming a bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Invalid configuration: PORT:/);
  });
});
