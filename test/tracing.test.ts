// Traces across the graph: one profile query touching four subgraphs, run in a process of
// its own with tracing on and an in-memory exporter (test/support/traced-hub.ts), makes one
// trace continuing the client's `traceparent`: the gateway's spans, each subgraph fetch, each
// subgraph's execution and its SQL statements (text only), in that parent-child order; and
// the request's log lines carry its trace id. In this process tracing stays off: nothing is patched.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ALL_READ_SCOPES, asStaffOf, sqlRows } from './support/hub.js';

const PROFILE = /* GraphQL */ `
  query PersonProfile($id: ID!) {
    person(id: $id) {
      givenName
      costCentresManaged { code }
      ordersRaised(first: 2) { edges { node { orderNumber } } }
      casesAssigned(first: 2) { edges { node { reference } } }
    }
  }
`;

interface ExportedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  scope: string;
  attributes: Record<string, unknown>;
}

interface TracedRun {
  status: number;
  body: { data?: { person: Record<string, unknown> }; errors?: unknown[] };
  ports: Record<string, string>;
  spans: ExportedSpan[];
  logs: Record<string, unknown>[];
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const SERVER = 1;
const CLIENT = 2;

let person: { id: string; organisation_code: string };
let run: TracedRun;
const scratch = mkdtempSync(join(tmpdir(), 'hub-trace-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the traced hub in its own process on a copy of the test database (PGlite) or the test database (PostgreSQL). */
async function tracedRun(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<TracedRun> {
  const provided = inject('database');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'hub-test' };
  if (provided.engine === 'postgres') env.DATABASE_URL = provided.url;
  else {
    delete env.DATABASE_URL;
    env.PGLITE_DIR = join(scratch, 'data');
    cpSync(provided.templateDir, env.PGLITE_DIR, { recursive: true });
  }
  const output = join(scratch, 'trace.json');
  Object.assign(env, { TRACE_OUTPUT: output, TRACE_QUERY: query, TRACE_VARIABLES: JSON.stringify(variables), TRACE_HEADERS: JSON.stringify(headers) });
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['test/support/traced-hub.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`traced hub exited ${code}: ${stderr}`);
  const logs = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...(JSON.parse(readFileSync(output, 'utf8')) as Omit<TracedRun, 'logs'>), logs };
}

beforeAll(async () => {
  [person] = (await sqlRows<{ id: string; organisation_code: string }>(sql`
    select p.id, p.organisation_code from people.person p
    where exists (select 1 from finance.cost_centre c where c.manager_person_id = p.id)
      and exists (select 1 from procurement.purchase_order o where o.requester_person_id = p.id)
      and exists (select 1 from contacts.contact_case k where k.assigned_person_id = p.id)
    order by p.id limit 1`)) as [typeof person];
  const headers = { ...(await asStaffOf(person.organisation_code, ALL_READ_SCOPES, 'Trace check')), traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01` };
  run = await tracedRun(PROFILE, { id: person.id }, headers);
}, 120_000);

/** What a span is in the request's path, or undefined for spans the test does not follow. */
function roleOf(span: ExportedSpan, ports: Record<string, string>): string | undefined {
  const at = (port: unknown) => Object.entries(ports).find(([, value]) => value === String(port))?.[0];
  const url = span.attributes['url.full'] ?? span.attributes['http.url'];
  if (span.scope === '@opentelemetry/instrumentation-http' && span.kind === SERVER) {
    return `${at(span.attributes['net.host.port'] ?? span.attributes['server.port'] ?? span.attributes['url.port'])} http`;
  }
  if (span.scope === '@opentelemetry/instrumentation-undici' && span.kind === CLIENT) return `fetch ${at(new URL(String(url)).port)}`;
  if (span.name === 'gateway.fetch') return `gateway.fetch ${String(span.attributes.service)}`;
  if (span.name === 'gateway.request' || span.name === 'gateway.execute') return span.name;
  if (span.scope === '@opentelemetry/instrumentation-graphql' && span.attributes['graphql.operation.type']) return 'graphql execute';
  // PGlite's spans (platform/tracing.ts) and the pg instrumentation's alike.
  if ('db.query.text' in span.attributes) return 'sql';
  return undefined;
}

/** The roles of a span's ancestors and its own, from the root down. */
function pathOf(span: ExportedSpan, spans: ExportedSpan[], ports: Record<string, string>): string[] {
  const byId = new Map(spans.map((candidate) => [candidate.spanId, candidate]));
  const path: string[] = [];
  for (let current: ExportedSpan | undefined = span; current; current = current.parentSpanId ? byId.get(current.parentSpanId) : undefined) {
    const role = roleOf(current, ports);
    if (role) path.unshift(role);
    if (!current.parentSpanId || !byId.has(current.parentSpanId))
      path.unshift(current.parentSpanId === CLIENT_SPAN_ID ? 'client' : `orphan of ${current.parentSpanId}`);
  }
  return path;
}

describe('a traced request', () => {
  it('answers with data from all four subgraphs', () => {
    expect(run.status).toBe(200);
    expect(run.body.errors).toBeUndefined();
    const profile = run.body.data!.person;
    expect(profile.costCentresManaged).not.toEqual([]);
    expect((profile.ordersRaised as { edges: unknown[] }).edges).not.toEqual([]);
    expect((profile.casesAssigned as { edges: unknown[] }).edges).not.toEqual([]);
  });

  it("is one trace, continuing the client's traceparent", () => {
    expect(run.spans.length).toBeGreaterThan(10);
    expect(new Set(run.spans.map((span) => span.traceId))).toEqual(new Set([TRACE_ID]));
  });

  it.each(['people', 'finance', 'procurement', 'contacts'])('has the %s fetch, its execution and its SQL under the gateway, in that order', (subgraph) => {
    const paths = run.spans.filter((span) => roleOf(span, run.ports) === 'sql').map((span) => pathOf(span, run.spans, run.ports).join(' > '));
    expect(paths).toContain(
      [
        'client',
        'gateway http',
        'gateway.request',
        'gateway.execute',
        `gateway.fetch ${subgraph}`,
        `fetch ${subgraph}`,
        `${subgraph} http`,
        'graphql execute',
        'sql',
      ].join(' > '),
    );
  });

  it('records SQL as statement text, never parameter values', () => {
    const statements = run.spans.filter((span) => roleOf(span, run.ports) === 'sql');
    expect(statements.length).toBeGreaterThanOrEqual(4);
    expect(statements.some((span) => /\$1/.test(String(span.attributes['db.query.text'])))).toBe(true);
    const recorded = JSON.stringify(statements);
    expect(recorded).not.toContain(person.id);
    expect(recorded).not.toContain(person.organisation_code);
  });

  it("writes the request's log lines with its trace id", () => {
    const requests = run.logs.filter((line) => line.msg === 'graphql request');
    // The gateway's and one for each of the four subgraphs it fetched from (at least).
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(new Set(requests.map((line) => line.trace_id))).toEqual(new Set([TRACE_ID]));
  });
});

describe('tracing off (the rest of the suite)', () => {
  it('starts nothing and patches nothing when no OTEL_* variable asks for traces', async () => {
    expect(process.env.OTEL_TRACES_EXPORTER).toBeUndefined();
    await import('../platform/telemetry.js');
    expect((pg.Client.prototype.query as { __wrapped?: boolean }).__wrapped).toBeUndefined();
  });
});
