// The operations surface: /health and /ready, Prometheus metrics, request ids that
// travel to the subgraphs and back, JSON logs with nothing sensitive in them, and a
// shutdown that finishes the requests in flight.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { buildGateway, gatewaySettings, type BuiltGateway } from '../gateway/server.js';
import { listen, type Listening } from '../platform/http.js';
import { createIdentity } from '../platform/identity.js';
import { errorWithoutValues } from '../platform/logger.js';
import { MAX_OPERATION_NAMES, metricsAccess } from '../platform/metrics.js';
import { loadConfig } from '../platform/config.js';
import type { SubgraphName } from '../platform/subgraph.js';
import { asPersona, graphql, testConfig, testHub } from './support/hub.js';
import { listeningUrl } from './support/listening.js';
import { subgraphProxy, type SubgraphProxy } from './support/proxy.js';
import { until } from './support/until.js';

let hub: RunningHub;
let proxy: SubgraphProxy;
const gateways: { gateway: BuiltGateway; served: Listening }[] = [];

/** A gateway of its own (its own metrics), over the test hub's subgraphs, people through the proxy. */
async function gatewayOver(urls: Partial<Record<SubgraphName, string>> = {}, settings: Record<string, string> = {}): Promise<Listening> {
  const subgraphUrls = { ...Object.fromEntries(Object.entries(hub.subgraphs).map(([name, served]) => [name, served.url])), people: proxy.url, ...urls };
  const config = testConfig(settings);
  const gateway = await buildGateway({
    subgraphUrls,
    identity: createIdentity(config),
    developmentMode: false,
    ...gatewaySettings(config),
  });
  const served = await listen(gateway.app, 0);
  gateways.push({ gateway, served });
  return served;
}

beforeAll(async () => {
  hub = await testHub();
  proxy = await subgraphProxy(hub.subgraphs.people.url);
});

afterAll(async () => {
  for (const { gateway, served } of gateways) {
    await served.close();
    await gateway.stop();
  }
  await proxy?.close();
});

async function json(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** The value of one sample in Prometheus text format, 0 when absent. */
function sample(metrics: string, name: string, labels: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('health and readiness', () => {
  it('is alive and ready when the database and every subgraph answer', async () => {
    const served = await gatewayOver();
    const base = new URL(served.url);
    expect(await json(new URL('/health', base).href)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await json(new URL('/ready', base).href)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { audit: 'ok', people: 'ok', finance: 'ok', procurement: 'ok', contacts: 'ok' } },
    });
    expect(await json(new URL('/ready', hub.subgraphs.finance.url).href)).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok' } } });
  });

  it('is alive but not ready, 503, naming what is missing, when a subgraph cannot be reached', async () => {
    const served = await gatewayOver({ contacts: 'http://127.0.0.1:1/graphql' });
    const base = new URL(served.url);
    expect((await json(new URL('/health', base).href)).status).toBe(200);
    expect(await json(new URL('/ready', base).href)).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { audit: 'ok', people: 'ok', finance: 'ok', procurement: 'ok', contacts: 'unavailable' } },
    });
  });
});

describe('metrics', () => {
  it('counts operations by name, fetches by subgraph, errors by code and requests by status', async () => {
    const served = await gatewayOver();
    const metricsUrl = new URL('/metrics', served.url).href;
    const before = await (await fetch(metricsUrl)).text();
    const response = await graphql(served.url, `query OpsProbe { organisations { code } person(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(response.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    await graphql(served.url, `{ organisations { code } }`);
    await graphql(served.url, `{ organisations( }`);
    expect((await graphql(served.url, `{ __typename }`, {}, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    const scrape = await fetch(metricsUrl);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = await scrape.text();
    const delta = (name: string, labels: string) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('hub_graphql_operation_duration_seconds_count', 'operation="OpsProbe",type="query"')).toBe(1);
    expect(delta('hub_graphql_operation_duration_seconds_bucket', 'le="+Inf",operation="OpsProbe",type="query"')).toBe(1);
    expect(delta('hub_graphql_operation_duration_seconds_count', 'operation="(anonymous)",type="query"')).toBe(1);
    expect(delta('hub_graphql_operation_duration_seconds_count', 'operation="(invalid)",type="(invalid)"')).toBe(1);
    expect(delta('hub_graphql_errors_total', 'code="FORBIDDEN"')).toBe(1);
    expect(delta('hub_graphql_errors_total', 'code="GRAPHQL_PARSE_FAILED"')).toBe(1);
    expect(delta('hub_graphql_errors_total', 'code="UNAUTHENTICATED"')).toBe(1);
    expect(delta('hub_http_requests_total', 'method="POST",route="/graphql",status="401"')).toBe(1);
    expect(delta('hub_subgraph_fetch_duration_seconds_count', 'subgraph="people",outcome="ok"')).toBe(2);
    expect(delta('hub_http_requests_total', 'method="POST",route="/graphql",status="200"')).toBe(2);
    expect(delta('hub_http_requests_total', 'method="POST",route="/graphql",status="400"')).toBe(1);
    expect(after).toContain('hub_process_cpu_seconds_total');
  });

  it('are scraped only with the metrics token when one is set: none or a wrong one is a 401', async () => {
    const token = 'metrics-scraper-token-0123456789abcdef';
    const served = await gatewayOver({}, { METRICS_TOKEN: token });
    const metricsUrl = new URL('/metrics', served.url).href;
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${token}`, `Bearer ${token}x`]) {
      const refused = await fetch(metricsUrl, { headers: authorization ? { authorization } : {} });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(await refused.json()).toEqual({ error: 'Metrics need the metrics token as a Bearer token' });
    }
    const scrape = await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('hub_http_requests_total');
  });

  it('are closed in production without a token, and open elsewhere', async () => {
    const production = {
      NODE_ENV: 'production',
      AUTH_SECRET: 'a-production-secret-of-at-least-32-chars',
      CURSOR_SECRET: 'a-production-cursor-secret-32-chars-long',
    };
    expect(metricsAccess(loadConfig(production))).toBe('closed');
    expect(metricsAccess(loadConfig({ ...production, METRICS_TOKEN: 'metrics-scraper-token-0123456789abcdef' }))).toEqual({
      token: 'metrics-scraper-token-0123456789abcdef',
    });
    expect(metricsAccess(loadConfig({ NODE_ENV: 'development' }))).toBe('open');
    const config = testConfig();
    const gateway = await buildGateway({
      subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, served]) => [name, served.url])),
      identity: createIdentity(config),
      developmentMode: false,
      ...gatewaySettings(config),
      metricsAccess: 'closed',
    });
    const served = await listen(gateway.app, 0);
    gateways.push({ gateway, served });
    const closed = await fetch(new URL('/metrics', served.url));
    expect(closed.status).toBe(404);
    expect(await closed.json()).toEqual({ error: 'Metrics are not served here: set METRICS_TOKEN to scrape them' });
    expect((await fetch(new URL('/health', served.url))).status).toBe(200);
  });

  it('keeps operation names from exploding the labels', async () => {
    const served = await gatewayOver();
    await Promise.all(Array.from({ length: MAX_OPERATION_NAMES + 20 }, (_, n) => graphql(served.url, `query Name${n} { __typename }`)));
    const metrics = await (await fetch(new URL('/metrics', served.url))).text();
    const names = new Set([...metrics.matchAll(/^hub_graphql_operation_duration_seconds_count\{operation="([^"]+)"/gm)].map((match) => match[1]));
    expect(names.size).toBe(MAX_OPERATION_NAMES + 1);
    expect(sample(metrics, 'hub_graphql_operation_duration_seconds_count', 'operation="(other)",type="query"')).toBe(20);
  }, 90_000);
});

describe('request ids', () => {
  it('travel from the caller to every subgraph fetch and back in the response headers', async () => {
    const served = await gatewayOver();
    const response = await graphql(served.url, `{ organisations { code name } }`, {}, { 'x-request-id': 'trace-4471' });
    expect(response.headers.get('x-request-id')).toBe('trace-4471');
    const exchange = proxy.exchanges.at(-1)!;
    expect(exchange.request['x-request-id']).toBe('trace-4471');
    expect(exchange.response.get('x-request-id')).toBe('trace-4471');
  });

  it('are made up when the caller sends none or a malformed one', async () => {
    const served = await gatewayOver();
    const response = await graphql(served.url, `{ __typename }`, {}, { 'x-request-id': 'not an id\u00e9' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
    probe.end();
  });
}

async function untilRefused(port: number): Promise<void> {
  await until(async () => !(await accepts(port)), { deadlineMs: 30_000, everyMs: 50, what: `port ${port} to refuse new connections` });
}

const PROFILE = `query Profile($id: ID!) { organisations { code } person(id: $id) { id } }`;

describe('graceful shutdown', () => {
  it('stops accepting connections and finishes the requests in flight', async () => {
    const served = await gatewayOver();
    const arrived = proxy.hold();
    const inFlight = graphql(served.url, `{ organisations { code name } }`);
    await arrived;
    const closed = served.close();
    await untilRefused(served.port);
    proxy.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.body.data!.organisations.length).toBeGreaterThan(0);
    await closed;
  });

  it('on SIGTERM, as its own process, refuses new connections, finishes the request in flight, exits 0 and logs JSON without secrets', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      // Any free port: the gateway logs the one it got.
      PORT: '0',
      // Longer than this test can take on a busy machine: the limit itself is not under test.
      SHUTDOWN_GRACE_MS: '100000',
      PEOPLE_URL: proxy.url,
      FINANCE_URL: hub.subgraphs.finance.url,
      PROCUREMENT_URL: hub.subgraphs.procurement.url,
      CONTACTS_URL: hub.subgraphs.contacts.url,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/index.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await listeningUrl(child, () => stdout + stderr, 'gateway listening');
      const port = Number(new URL(url).port);
      const purpose = 'Op BLUEBELL case 4471/2024';
      const persona = await asPersona('police-hr', purpose);
      const headers = { ...persona, 'x-request-id': 'shutdown-probe' };
      const secretId = '11111111-2222-4333-8444-555555555555';
      const arrived = proxy.hold();
      const inFlight = graphql(url, PROFILE, { id: secretId }, headers);
      await arrived;
      child.kill('SIGTERM');
      await untilRefused(port);
      proxy.release();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: { organisations: expect.any(Array), person: null } });
      expect({ exit: await exited, stderr }).toEqual({ exit: 0, stderr: '' });

      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((line) => line.requestId === 'shutdown-probe')).toMatchObject({
        msg: 'graphql request',
        method: 'POST',
        path: '/graphql',
        status: 200,
      });
      for (const secret of [persona.authorization!.slice('Bearer '.length), purpose, secretId]) expect(stdout).not.toContain(secret);
    } finally {
      proxy.release();
      child.kill('SIGKILL');
    }
  }, 120_000);
});

describe('logs', () => {
  it('leave out the values of a failed statement: its parameters and the server’s detail', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "customer_email"'), {
      code: '23505',
      detail: 'Key (email)=(jane.doe@example.org) already exists.',
    });
    const failed = new DrizzleQueryError('insert into contacts.customer (given_name, email) values ($1, $2)', ['Jane', 'jane.doe@example.org'], cause);
    const logged = JSON.stringify(errorWithoutValues(failed));
    expect(logged).not.toContain('jane.doe@example.org');
    expect(logged).not.toContain('Jane');
    expect(errorWithoutValues(failed)).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'Failed query: insert into contacts.customer (given_name, email) values ($1, $2)',
      cause: { message: 'duplicate key value violates unique constraint "customer_email"', code: '23505' },
    });
  });
});
