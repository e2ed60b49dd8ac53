// The gateway: @apollo/gateway over the committed supergraph, served by
// @apollo/server. Built without listening so tests can run it in-process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GatewayConfig, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Express } from 'express';
import { parse } from 'graphql';
import { errorMasking } from '../platform/errors.js';
import { answerStatus } from '../platform/status.js';
import { graphqlApp, REQUEST_ID_HEADER } from '../platform/http.js';
import { AUTHORIZATION_HEADER, credentialsOf, PURPOSE_HEADER, type Identity } from '../platform/identity.js';
import type { Config } from '../platform/config.js';
import { inputChecksPlugin } from '../platform/input.js';
import { limitsPlugin, parseOptionsFor, requestLimits, type RequestLimits } from '../platform/limits.js';
import { logger } from '../platform/logger.js';
import { createMetrics, metricsAccess, type Metrics, type MetricsAccess } from '../platform/metrics.js';
import { accessByField } from '../platform/markings.js';
import type { SubgraphName } from '../platform/subgraph.js';
import { enforceAccess, servicesOfFields } from './access.js';
import type { GatewayContext } from './context.js';
import { automaticPersistedQueries, loadManifest, persistedOperations, type PersistedOnlyClient } from './persisted-operations.js';
import { transparencyExport } from './transparency.js';
import { explorer } from './explorer.js';
import { subgraphFetcher, type Fetcher } from './subgraph-fetch.js';
import { appServingFor, demoIdentityRoutes, demoIdentityWanted, mountApp, type AppServing } from './app.js';
import type { IdentityConfig } from '../platform/identity.js';

export const supergraphPath = fileURLToPath(new URL('../schema/supergraph.graphql', import.meta.url));

/**
 * Which subgraphs the gateway could not reach, so that an outage is logged in one line
 * when it begins (naming the subgraph, its URL and the socket error, without a stack)
 * and in one when it ends, not once per failed fetch.
 */
class SubgraphReachability {
  private readonly down = new Set<string>();

  unreachable(subgraph: string, url: string, error: unknown, requestId?: string): void {
    if (this.down.has(subgraph)) return;
    this.down.add(subgraph);
    logger.warn({ subgraph, url, reason: socketError(error), requestId }, `subgraph ${subgraph} unreachable at ${url}`);
  }

  reached(subgraph: string): void {
    if (this.down.delete(subgraph)) logger.info({ subgraph }, `subgraph ${subgraph} reachable again`);
  }

  /** Asks each subgraph's /health once and logs, in one line, the ones that did not answer. */
  async probe(urls: ReadonlyMap<string, string>): Promise<string[]> {
    const answers = await Promise.all(
      [...urls].map(async ([name, url]) => {
        try {
          const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
          await response.body?.cancel();
          return { name, url, problem: response.ok ? undefined : `HTTP ${response.status}` };
        } catch (error) {
          return { name, url, problem: socketError(error) };
        }
      }),
    );
    const missing = answers.filter((answer) => answer.problem !== undefined);
    for (const { name } of missing) this.down.add(name);
    if (missing.length > 0) {
      const listed = missing.map(({ name, url, problem }) => `${name} (${url}: ${problem})`).join(', ');
      logger.warn({ unreachable: missing.map(({ name }) => name) }, `subgraphs not reachable at start: ${listed}`);
    }
    return missing.map(({ name }) => name);
  }
}

/** What went wrong on the socket (ECONNREFUSED, a timeout, ...), without the stack trace. */
function socketError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
    fetcher: Fetcher,
    private readonly metrics: Metrics,
    private readonly reachability: SubgraphReachability,
  ) {
    super({ url, fetcher });
  }

  /**
   * A subgraph that cannot be reached answers with an error naming it, so the
   * gateway returns the other subgraphs' data; the URL and the socket error stay in the log.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    try {
      const response = await super.process(options);
      this.reachability.reached(this.serviceName);
      this.metrics.observeSubgraphFetch(this.serviceName, took(), response.errors ? 'error' : 'ok');
      return response;
    } catch (error) {
      const requestId = 'requestId' in options.context ? options.context.requestId : undefined;
      // A subgraph that answered, with a status other than 200, answered with GraphQL errors
      // (a refused token, a limit, a masked failure): those are the client's answer.
      const answer = answeredWithErrors(error);
      if (answer) {
        this.reachability.reached(this.serviceName);
        this.metrics.observeSubgraphFetch(this.serviceName, took(), 'error');
        logger.warn(
          { subgraph: this.serviceName, requestId, status: answer.status, codes: answer.errors.map((e) => e.extensions?.code) },
          'subgraph answered with an error status',
        );
        return { errors: answer.errors };
      }
      this.metrics.observeSubgraphFetch(this.serviceName, took(), 'unreachable');
      this.reachability.unreachable(this.serviceName, this.url, error, requestId);
      return {
        errors: [{ message: `The ${this.serviceName} service is unavailable`, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
      };
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.authorization) headers.set(AUTHORIZATION_HEADER, context.authorization);
    if (context.purpose) headers.set(PURPOSE_HEADER, context.purpose);
  }
}

interface SubgraphErrorAnswer {
  status: number;
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

/** The GraphQL errors of a non-2xx answer, as RemoteGraphQLDataSource reports it; null when it was no GraphQL answer. */
function answeredWithErrors(error: unknown): SubgraphErrorAnswer | null {
  const response = (error as { extensions?: { response?: { status?: unknown; body?: unknown } } })?.extensions?.response;
  const errors = (response?.body as { errors?: unknown } | undefined)?.errors;
  if (typeof response?.status !== 'number' || !Array.isArray(errors) || errors.length === 0) return null;
  const wellFormed = errors.every((e) => typeof (e as { message?: unknown })?.message === 'string');
  return wellFormed ? { status: response.status, errors: errors as SubgraphErrorAnswer['errors'] } : null;
}

/** Ready when every subgraph says it is ready (each checks its database). */
async function subgraphsReady(urls: ReadonlyMap<string, string>): Promise<Record<string, boolean>> {
  const checks = [...urls].map(async ([name, url]) => {
    try {
      const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
      await response.body?.cancel();
      return [name, response.ok] as const;
    } catch {
      return [name, false] as const;
    }
  });
  return Object.fromEntries(await Promise.all(checks));
}

const READY_TIMEOUT_MS = 2_000;

export interface BuiltGateway {
  app: Express;
  /** Asks every subgraph once whether it is up, logs one line naming those that are not, and returns their names. */
  probeSubgraphs(): Promise<string[]>;
  stop(): Promise<void>;
}

export type QueryPlan = Parameters<NonNullable<GatewayConfig['experimental_didResolveQueryPlan']>>[0]['queryPlan'];

export interface GatewayOptions {
  /** Overrides the URLs composed into the supergraph (the defaults for separate processes). */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  identity: Identity;
  /** Introspection and field suggestions: development only. */
  developmentMode: boolean;
  /** Refuse a whole operation that reads any field the viewer may not read. */
  strictAccess: boolean;
  /** False only in the benchmark that measures what authorisation costs. Never read from the environment. */
  authorisation?: boolean;
  limits: RequestLimits;
  /** Called with each operation's query plan (tests assert which subgraphs a plan calls). */
  onQueryPlan?: (plan: QueryPlan) => void;
  /** The persisted-operation manifest, and the clients that may run only its operations. */
  persistedOperations: { manifestFile: string; persistedOnlyClients: readonly PersistedOnlyClient[] };
  /** Where automatic persisted queries are cached: Redis when set, memory otherwise. */
  redisUrl?: string | undefined;
  /** Who may read /metrics (metricsAccess(config)). */
  metricsAccess: MetricsAccess;
  /** The web app at /app: from its sources (development), its build (production), or not served. */
  app?: AppServing;
  /** The demo identity's sign-in routes for the app, signing with these settings; absent: no such routes. */
  demoIdentity?: IdentityConfig | undefined;
}

/** The gateway's settings read from configuration: the same for every process that runs a gateway. */
export function gatewaySettings(
  config: Config,
): Pick<GatewayOptions, 'strictAccess' | 'persistedOperations' | 'redisUrl' | 'limits' | 'metricsAccess' | 'app' | 'demoIdentity'> {
  return {
    app: appServingFor(config.NODE_ENV),
    demoIdentity: demoIdentityWanted(config) ? config : undefined,
    strictAccess: config.ACCESS_MODE === 'strict',
    persistedOperations: { manifestFile: config.PERSISTED_OPERATIONS_FILE, persistedOnlyClients: config.PERSISTED_ONLY_CLIENTS },
    redisUrl: config.REDIS_URL,
    limits: requestLimits(config),
    metricsAccess: metricsAccess(config),
  };
}

export async function buildGateway(options: GatewayOptions): Promise<BuiltGateway> {
  const { subgraphUrls, onQueryPlan } = options;
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  const persisted = persistedOperations(loadManifest(options.persistedOperations.manifestFile), options.persistedOperations.persistedOnlyClients);
  const apq = await automaticPersistedQueries(options.redisUrl);
  const metrics = createMetrics();
  /** Each subgraph's URL, as the gateway builds its data sources: for the readiness check. */
  const serviceUrls = new Map<string, string>();
  const subgraphs = subgraphFetcher();
  const reachability = new SubgraphReachability();
  // @apollo/gateway otherwise reports usage to Apollo's servers, probing cloud metadata hosts to
  // describe the machine: a hub of council and police data sends nothing to a third party unless
  // its operator opts in (APOLLO_TELEMETRY_DISABLED=false).
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const supergraph = parse(supergraphSdl);
  const gateway = new ApolloGateway({
    ...(onQueryPlan ? { experimental_didResolveQueryPlan: ({ queryPlan }) => onQueryPlan(queryPlan) } : {}),
    supergraphSdl,
    buildService: ({ name, url }) => {
      const serviceUrl = subgraphUrls[name as SubgraphName] ?? url ?? '';
      serviceUrls.set(name, serviceUrl);
      return new SubgraphDataSource(name, serviceUrl, subgraphs.fetcher, metrics, reachability);
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway:
      options.authorisation === false
        ? gateway
        : enforceAccess(gateway, { accessByField: accessByField(supergraph, servicesOfFields(supergraph)), strict: options.strictAccess }),
    includeStacktraceInErrorResponses: false,
    // Processes stop on signals through stopOnSignal, once, for every server they run.
    stopOnTerminationSignals: false,
    introspection: options.developmentMode,
    hideSchemaDetailsFromClientErrors: !options.developmentMode,
    formatError: errorMasking({ hideSchemaDetails: !options.developmentMode }),
    persistedQueries: apq.cache ? { cache: apq.cache } : {},
    parseOptions: parseOptionsFor(options.limits),
    // Its landing page loads from a CDN; development has the offline explorer instead.
    plugins: [ApolloServerPluginLandingPageDisabled(), persisted.plugin, inputChecksPlugin(), limitsPlugin(options.limits), answerStatus(), metrics.plugin()],
  });
  await server.start();
  const app = graphqlApp(
    server,
    async (req, requestId) => {
      const { authorization, purpose } = credentialsOf(req);
      // Verified before any data is touched: a bad token is a 401 here.
      const viewer = await options.identity.viewerFor({ authorization, purpose });
      persisted.admit(viewer, req);
      return { requestId, viewer, authorization, purpose };
    },
    {
      bodyBytes: options.limits.bodyBytes,
      metrics,
      metricsAccess: options.metricsAccess,
      ready: () => subgraphsReady(serviceUrls),
      explorer: options.developmentMode ? explorer() : undefined,
    },
  );
  app.use(transparencyExport(server));
  if (options.demoIdentity) app.use(demoIdentityRoutes(options.demoIdentity));
  const webApp = await mountApp(app, options.app ?? { from: 'nowhere' });
  return {
    app,
    probeSubgraphs: () => reachability.probe(serviceUrls),
    async stop() {
      await server.stop();
      await Promise.all([apq.close(), subgraphs.close(), webApp?.close()]);
    },
  };
}
