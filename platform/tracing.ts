// Traces across the graph with OpenTelemetry, configured by the standard OTEL_* variables
// (OTEL_TRACES_EXPORTER=otlp|console, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, ...).
// Off unless configured, and then free: the SDK is never loaded and no module is patched.
//
// Instrumentations patch `pg` and `graphql` when they are first loaded, so tracing must start
// before any module that imports them: processes preload platform/telemetry.ts with
// `--import` (see package.json's scripts). `pg` and `graphql` are CommonJS packages, which
// Node 20 loads through `require` even from ES modules, so the SDK's require hook is enough
// and the ESM loader hook (@opentelemetry/instrumentation/hook.mjs) is not needed.
//
// One request makes one trace: the gateway's HTTP server span and its own spans
// (gateway.request, gateway.plan, gateway.execute, a gateway.fetch per subgraph fetch), the
// undici client span of each fetch, which carries `traceparent`, then in each subgraph its
// HTTP server span, graphql.parse/validate/execute and one span per SQL statement (its text,
// never its parameters).
import { basename, dirname } from 'node:path';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Whether the OTEL_* variables ask for traces: an exporter other than `none`, or an OTLP endpoint. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (exporters.length > 0) return exporters.some((name) => name !== 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface Tracing {
  /** Ends and exports what is pending: call before the process exits. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Where spans go instead of the OTEL_TRACES_EXPORTER's exporters (tests use an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
  /** The service's name when OTEL_SERVICE_NAME is not set. */
  serviceName?: string;
}

let started = false;
let running: Tracing | undefined;

/** Exports the spans still buffered and stops tracing, if it runs: before a process exits. */
export async function stopTracing(): Promise<void> {
  await running?.shutdown();
}

/** Starts the SDK and its instrumentations; before anything imports `pg`, `graphql` or `express`. */
export async function startTracing(options: TracingOptions = {}): Promise<Tracing> {
  const [{ NodeSDK }, samplers, { HttpInstrumentation }, { UndiciInstrumentation }, { PgInstrumentation }, { GraphQLInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-graphql'),
  ]);
  const sdk = new NodeSDK({
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    ...(process.env.OTEL_SERVICE_NAME ? {} : { serviceName: options.serviceName ?? serviceNameOf(process.argv[1]) }),
    sampler: requestsOnly(samplerFromEnv(process.env, samplers), samplers.SamplingDecision.NOT_RECORD),
    instrumentations: [
      // Probes and scrapes are not requests worth a trace.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|ready|metrics)\b/.test(req.url ?? '') }),
      // The gateway's subgraph fetches (undici), with `traceparent` injected; a readiness check has no parent and no span.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      // Statement text only: enhancedDatabaseReporting would record parameter values.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true, ignoreConnectSpans: true }),
      // Parse, validate and execute; a span per resolver would outnumber everything else. No argument values.
      new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false, mergeItems: true }),
    ],
  });
  sdk.start();
  started = true;
  running = {
    async shutdown() {
      started = false;
      running = undefined;
      await sdk.shutdown();
    },
  };
  return running;
}

type Samplers = typeof import('@opentelemetry/sdk-trace-base');

/** The sampler OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG name, as the SDK reads them (parentbased_always_on by default). */
function samplerFromEnv(env: NodeJS.ProcessEnv, samplers: Samplers): Sampler {
  const { AlwaysOnSampler, AlwaysOffSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = samplers;
  const argument = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const ratio = () => new TraceIdRatioBasedSampler(Number.isFinite(argument) && argument >= 0 && argument <= 1 ? argument : 1);
  switch (env.OTEL_TRACES_SAMPLER?.trim()) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Leaves out graphql-js's spans that belong to no request: the schema and supergraph parses
 * of a process starting (about 150 of them), each a trace of its own otherwise.
 */
function requestsOnly(sampler: Sampler, notRecorded: ReturnType<Sampler['shouldSample']>['decision']): Sampler {
  return {
    shouldSample: (context, traceId, name, ...rest) =>
      !trace.getSpanContext(context) && name.startsWith('graphql.') ? { decision: notRecorded } : sampler.shouldSample(context, traceId, name, ...rest),
    toString: () => `RequestsOnly{${sampler.toString()}}`,
  };
}

/** `subgraphs/people/index.ts` is hub-people, `gateway/index.ts` hub-gateway, anything else (`npm start`) hub. */
function serviceNameOf(entryPoint: string | undefined): string {
  if (!entryPoint) return 'hub';
  const folder = basename(dirname(entryPoint));
  return basename(entryPoint).startsWith('index.') && folder !== 'scripts' ? `hub-${folder}` : 'hub';
}

const databaseTracer = trace.getTracer('cross-sector-data-hub/database');

/**
 * One statement on the embedded database (PGlite, which has no instrumentation of its own),
 * as a span like the pg instrumentation's: its text, never its parameters. Only inside a
 * traced request, as with pg; a plain call when tracing is off.
 */
export function statementSpan<T>(text: string, run: () => Promise<T>): Promise<T> {
  if (!started || !trace.getActiveSpan()) return run();
  const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
  return databaseTracer.startActiveSpan(
    `pglite.query:${operation}`,
    { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': text } },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message.split('\n')[0] : 'statement failed' });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** The active span's trace, for each log line written while a traced request runs. */
export function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: traceFlags.toString(16).padStart(2, '0') };
}
