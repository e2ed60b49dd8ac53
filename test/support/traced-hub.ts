// Run by test/tracing.test.ts as a process of its own, so that tracing never touches the
// suite's workers: starts tracing with an in-memory exporter before the hub's modules are
// loaded (as platform/telemetry.ts does for a real process), runs a hub on the test
// database, sends one operation with the client's `traceparent`, and writes the response
// and every finished span to TRACE_OUTPUT. Log lines go to stdout as usual.
import { writeFileSync } from 'node:fs';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '../../platform/tracing.js';

const exporter = new InMemorySpanExporter();
const tracing = await startTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)], serviceName: 'hub-test' });

const { loadConfig } = await import('../../platform/config.js');
const { openDatabase } = await import('../../platform/database.js');
const { startHub } = await import('../../gateway/hub.js');

const { TRACE_OUTPUT, TRACE_QUERY, TRACE_VARIABLES, TRACE_HEADERS } = process.env;
if (!TRACE_OUTPUT || !TRACE_QUERY) throw new Error('TRACE_OUTPUT and TRACE_QUERY are required');
const config = loadConfig({
  ...process.env,
  PORT: '0',
  PEOPLE_PORT: '0',
  FINANCE_PORT: '0',
  PROCUREMENT_PORT: '0',
  CONTACTS_PORT: '0',
  AUDIT_PORT: '0',
  PERSISTED_ONLY_CLIENTS: '',
});
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: 4 });
const hub = await startHub(config, { database });
const response = await fetch(hub.url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(JSON.parse(TRACE_HEADERS ?? '{}') as Record<string, string>) },
  body: JSON.stringify({ query: TRACE_QUERY, variables: JSON.parse(TRACE_VARIABLES ?? '{}') }),
});
const body: unknown = await response.json();
await hub.stop();
await database.close();
// Read before shutting down: the in-memory exporter forgets its spans when it is shut down.
const finished = exporter.getFinishedSpans();
await tracing.shutdown();

const ports = Object.fromEntries([['gateway', new URL(hub.url).port], ...Object.entries(hub.subgraphs).map(([name, served]) => [name, String(served.port)])]);
const spans = finished.map((span) => ({
  name: span.name,
  kind: span.kind,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  parentSpanId: span.parentSpanContext?.spanId,
  scope: span.instrumentationScope.name,
  attributes: span.attributes,
}));
writeFileSync(TRACE_OUTPUT, JSON.stringify({ status: response.status, body, ports, spans }));
