// Persisted operations: the committed manifest is current and every operation in it
// runs for the reporting account; a persisted-only client (by scope or by subject) is
// refused free-form text and unknown ids, and cannot register its own text through
// APQ; other clients run free-form operations and automatic persisted queries, cached
// in memory or, when Redis is reachable, in Redis shared by two gateways.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { manifestOf } from '../gateway/persisted-operations.js';
import { loadConfig } from '../platform/config.js';
import { PERSONAS } from '../platform/personas.js';
import { post } from './support/attacks.js';
import { asPersona, gatewayOver, testHub } from './support/hub.js';

const manifest = JSON.parse(readFileSync('schema/persisted-operations.json', 'utf8')) as ReturnType<typeof manifestOf>;
const idOf = (name: string) => manifest.operations.find((operation) => operation.name === name)!.id;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byId = (id: string, variables: Record<string, unknown> = {}) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisReachable = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = connect({ host: hostname, port: Number(port || 6379) });
  socket.setTimeout(1000);
  socket.once('connect', () => resolve(true));
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => resolve(false));
}).finally(() => undefined);

let hub: RunningHub;
/** A gateway with the default persisted-only clients (the test hub has none). */
let reportingGateway: string;
const started: { stop(): Promise<void> }[] = [];
const DEFAULT_PERSISTED_ONLY = loadConfig({}).PERSISTED_ONLY_CLIENTS;

beforeAll(async () => {
  hub = await testHub();
  reportingGateway = await gatewayWith({ PERSISTED_ONLY_CLIENTS: DEFAULT_PERSISTED_ONLY.join(',') });
});

afterAll(async () => {
  for (const gateway of started) await gateway.stop();
});

/** Another gateway over the shared hub's subgraphs, with its own settings. */
async function gatewayWith(settings: Record<string, string>): Promise<string> {
  const gateway = await gatewayOver(hub, { settings });
  started.push(gateway);
  return gateway.url;
}

const FREE_FORM = '{ contractsExpiring(from: "2025-01-01", to: "2025-12-31") { month category contracts value { amount } } }';

describe('the manifest', () => {
  it('is Apollo persisted query list of schema/reporting-operations.graphql, each id the SHA-256 of its body', () => {
    expect(manifest).toEqual(manifestOf(readFileSync('schema/reporting-operations.graphql', 'utf8')));
    expect(manifest.operations.length).toBeGreaterThan(5);
    for (const operation of manifest.operations) expect(operation.id).toBe(sha256(operation.body));
  });

  it('runs every operation for the reporting account, by id, without an error', async () => {
    const range = { from: '2024-04-01', to: '2024-04-30' };
    const variables: Record<string, Record<string, unknown>> = {
      SpendByMonth: range,
      SpendBySupplier: { organisation: 'E10000027', ...range },
      SpendByExpenseType: range,
      SpendByCostCentre: { organisation: 'E10000027', ...range },
      BudgetAgainstActual: { organisation: 'E07000190', financialYear: 2024 },
      SupplierSpend: range,
      ContractsExpiring: { from: '2026-04-01', to: '2027-03-31' },
      ContactCaseVolumes: range,
      PaymentsExtract: { organisation: 'SWONE', ...range },
    };
    expect(Object.keys(variables).sort()).toEqual(manifest.operations.map((operation) => operation.name).sort());
    const reporting = await asPersona('reporting-service');
    for (const operation of manifest.operations) {
      const answer = await post(reportingGateway, byId(operation.id, variables[operation.name]), reporting);
      expect({ name: operation.name, status: answer.status, errors: answer.body.errors }).toEqual({ name: operation.name, status: 200, errors: undefined });
      expect(Object.values(answer.body.data!)[0]).not.toBeNull();
    }
    // The manifest's text answers as the same text sent free-form by another client.
    const persisted = await post(reportingGateway, byId(idOf('ContractsExpiring'), variables.ContractsExpiring), reporting);
    expect(persisted.body.data!.contractsExpiring.length).toBeGreaterThan(0);
    const body = manifest.operations.find((operation) => operation.name === 'ContractsExpiring')!.body;
    expect((await post(reportingGateway, { query: body, variables: variables.ContractsExpiring })).body).toEqual(persisted.body);
    // Nine operations, some of thousands of rows, on a shared test machine.
  }, 120_000);
});

describe('a persisted-only client', () => {
  it('is, by default, any client whose token has the reporting scope', () => {
    expect(DEFAULT_PERSISTED_ONLY).toEqual(['scope:reporting']);
    expect(PERSONAS['reporting-service'].scopes).toContain('reporting');
  });

  it('is refused free-form text, an unknown id, and its own text sent for APQ registration', async () => {
    const reporting = await asPersona('reporting-service');
    const refusals = [];
    for (const payload of [{ query: FREE_FORM }, byId(sha256('query Unknown { __typename }')), { query: FREE_FORM, ...byId(sha256(FREE_FORM)) }]) {
      const answer = await post(reportingGateway, payload, reporting);
      refusals.push({ status: answer.status, body: answer.body });
    }
    expect(refusals).toMatchInlineSnapshot(`
      [
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "PERSISTED_QUERY_REQUIRED",
                },
                "message": "This client may run persisted operations only: send the id of an operation in the manifest as extensions.persistedQuery.sha256Hash",
              },
            ],
          },
          "status": 400,
        },
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "PERSISTED_QUERY_NOT_FOUND",
                },
                "message": "No operation in the persisted-operation manifest has this id",
              },
            ],
          },
          "status": 400,
        },
        {
          "body": {
            "errors": [
              {
                "extensions": {
                  "code": "PERSISTED_QUERY_NOT_FOUND",
                },
                "message": "No operation in the persisted-operation manifest has this id",
              },
            ],
          },
          "status": 400,
        },
      ]
    `);
    // The text it tried to register was not stored: nobody can run it by its hash.
    expect((await post(reportingGateway, byId(sha256(FREE_FORM)))).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('can be any client the configuration names, by subject', async () => {
    const url = await gatewayWith({ PERSISTED_ONLY_CLIENTS: `sub:${PERSONAS['council-finance'].subject}` });
    const refused = await post(url, { query: FREE_FORM }, await asPersona('council-finance'));
    expect([refused.status, refused.body.errors?.[0]?.extensions?.code]).toEqual([400, 'PERSISTED_QUERY_REQUIRED']);
    const allowed = await post(url, byId(idOf('ContractsExpiring'), { from: '2026-04-01', to: '2027-03-31' }), await asPersona('council-finance'));
    expect(allowed.body.errors).toBeUndefined();
    // The reporting account is not persisted-only on this gateway.
    expect((await post(url, { query: FREE_FORM }, await asPersona('reporting-service'))).body.errors).toBeUndefined();
  });
});

describe('other clients', () => {
  it('send free-form operations and register automatic persisted queries (in memory by default)', async () => {
    const finance = await asPersona('council-finance');
    const query = `{ contractsExpiring(from: "2025-01-01", to: "2025-03-31") { contracts apq_${randomUUID().replaceAll('-', '')}: month } }`;
    expect((await post(hub.url, { query }, finance)).body.errors).toBeUndefined();
    const missing = await post(hub.url, byId(sha256(query)), finance);
    expect({ status: missing.status, body: missing.body }).toMatchInlineSnapshot(`
      {
        "body": {
          "errors": [
            {
              "extensions": {
                "code": "PERSISTED_QUERY_NOT_FOUND",
              },
              "message": "PersistedQueryNotFound",
            },
          ],
        },
        "status": 200,
      }
    `);
    const registered = await post(hub.url, { query, ...byId(sha256(query)) }, finance);
    expect(registered.body.errors).toBeUndefined();
    expect((await post(hub.url, byId(sha256(query)), finance)).body).toEqual(registered.body);
  });

  it.skipIf(!redisReachable)(`share automatic persisted queries between gateways through Redis (${REDIS_URL}; skipped when unreachable)`, async () => {
    const first = await gatewayWith({ REDIS_URL });
    const second = await gatewayWith({ REDIS_URL });
    const query = `{ contractsExpiring(from: "2025-01-01", to: "2025-03-31") { contracts redis_${randomUUID().replaceAll('-', '')}: month } }`;
    expect((await post(second, byId(sha256(query)))).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(first, { query, ...byId(sha256(query)) });
    expect(registered.body.errors).toBeUndefined();
    expect((await post(second, byId(sha256(query)))).body).toEqual(registered.body);
  });
});

describe('configuration', () => {
  it('refuses a malformed client list, a Redis URL of another scheme and a missing manifest, naming the variable', async () => {
    expect(() => loadConfig({ PERSISTED_ONLY_CLIENTS: 'reporting' })).toThrowError(
      'Invalid configuration: PERSISTED_ONLY_CLIENTS.0: each entry must be scope:<scope> or sub:<subject>',
    );
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrowError('Invalid configuration: REDIS_URL: must be a redis:// or rediss:// URL');
    await expect(gatewayWith({ PERSISTED_OPERATIONS_FILE: 'schema/no-such-manifest.json' })).rejects.toThrowError(
      /^Invalid configuration: PERSISTED_OPERATIONS_FILE: cannot read schema\/no-such-manifest.json/,
    );
  });
});
