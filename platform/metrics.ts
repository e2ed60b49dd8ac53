// Prometheus metrics of one server (the gateway or a subgraph), in a registry of its
// own: the all-in-one hub and the tests run several servers in one process. Label
// values are bounded: operation names past the first MAX_OPERATION_NAMES, and codes
// past MAX_ERROR_CODES, are counted as "(other)".
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from './config.js';

export const MAX_OPERATION_NAMES = 200;
export const MAX_ERROR_CODES = 50;
const OTHER = '(other)';
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);

/** Label values as given while fewer than `max` distinct ones are seen, then OTHER. */
function boundedLabel(max: number, pattern: RegExp): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max || !pattern.test(value)) return OTHER;
    seen.add(value);
    return value;
  };
}

export type FetchOutcome = 'ok' | 'error' | 'unreachable';

/**
 * Who may read /metrics: holders of the metrics token when one is set; anyone in
 * development and tests; nobody in production without a token (operation names and error
 * counts are not for the public, and the gateway's port faces it).
 */
export type MetricsAccess = { token: string } | 'open' | 'closed';

export function metricsAccess(config: Pick<Config, 'METRICS_TOKEN' | 'NODE_ENV'>): MetricsAccess {
  if (config.METRICS_TOKEN) return { token: config.METRICS_TOKEN };
  return config.NODE_ENV === 'production' ? 'closed' : 'open';
}

/** Express handler for /metrics that lets through only what `access` allows. */
export function metricsEndpoint(metrics: Metrics, access: MetricsAccess): RequestHandler {
  const expected = typeof access === 'object' ? createHash('sha256').update(access.token).digest() : null;
  return async (req, res) => {
    if (access === 'closed') {
      res.status(404).json({ error: 'Metrics are not served here: set METRICS_TOKEN to scrape them' });
      return;
    }
    if (expected) {
      const sent = /^Bearer (\S+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
      // Compared as digests of equal length, in constant time.
      if (!timingSafeEqual(createHash('sha256').update(sent).digest(), expected)) {
        res.status(401).setHeader('www-authenticate', 'Bearer').json({ error: 'Metrics need the metrics token as a Bearer token' });
        return;
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

export interface Metrics {
  registry: Registry;
  /** Operations by name and type with their latency, and every error sent by code. */
  plugin<Context extends BaseContext>(): ApolloServerPlugin<Context>;
  /** Every HTTP request by route and status, refused ones included. */
  httpRequests: RequestHandler;
  countError(code: unknown): void;
  /** One fetch of the gateway from a subgraph. */
  observeSubgraphFetch(subgraph: string, seconds: number, outcome: FetchOutcome): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hub_' });
  const http = new Counter({
    name: 'hub_http_requests_total',
    help: 'HTTP requests by route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const operations = new Histogram({
    name: 'hub_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name and type: count and latency ("(anonymous)", "(invalid)" when none resolved)',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'hub_graphql_errors_total',
    help: 'GraphQL errors by extensions.code as raised (the client sees codes outside the caller-facing set as INTERNAL_SERVER_ERROR)',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const fetches = new Histogram({
    name: 'hub_subgraph_fetch_duration_seconds',
    help: "The gateway's fetches from each subgraph: count and latency, by outcome",
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const operationName = boundedLabel(MAX_OPERATION_NAMES, /^[_A-Za-z][_0-9A-Za-z]{0,99}$/);
  const errorCode = boundedLabel(MAX_ERROR_CODES, /^[A-Z][A-Z0-9_]{0,49}$/);
  const countError = (code: unknown) => errors.inc({ code: typeof code === 'string' ? errorCode(code) : 'INTERNAL_SERVER_ERROR' });

  return {
    registry,
    countError,
    plugin() {
      return {
        async contextCreationDidFail({ error }) {
          countError((error as { extensions?: { code?: unknown } }).extensions?.code);
        },
        async requestDidStart() {
          const stop = operations.startTimer();
          return {
            async didEncounterErrors({ errors: encountered }) {
              for (const error of encountered) countError(error.extensions?.code);
            },
            async willSendResponse({ operation, operationName: name }) {
              const label = !operation ? '(invalid)' : name ? operationName(name) : '(anonymous)';
              stop({ operation: label, type: operation?.operation ?? '(invalid)' });
            },
          };
        },
      };
    },
    httpRequests(req, res, next) {
      // Read now: routers below rewrite the request's path while they handle it.
      const labels = { method: req.method === 'GET' || req.method === 'POST' ? req.method : OTHER, route: ROUTES.has(req.path) ? req.path : OTHER };
      res.once('finish', () => http.inc({ ...labels, status: String(res.statusCode) }));
      next();
    },
    observeSubgraphFetch(subgraph, seconds, outcome) {
      fetches.observe({ subgraph, outcome }, seconds);
    },
  };
}
