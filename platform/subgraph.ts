// Builds one subgraph from its SDL, resolvers, loaders and row owners. Every
// subgraph is built by this one function, so all five behave the same at the edges:
// the caller's token is verified here, shield rules come from the SDL's markings,
// and every query runs under row-level security with the caller's settings.
import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { Express } from 'express';
import { parse } from 'graphql';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/registry.js';
import { subgraphSdl } from './sdl.js';
import { auditPlugin, ReadTrail, RequestAudit } from './audit.js';
import type { Database, DatabaseHandle, RequestRole } from './database.js';
import type { SubgraphContext } from './context.js';
import { errorMasking } from './errors.js';
import { inputChecksPlugin, refuseMismatchedPersistedQuery } from './input.js';
import { answerStatus } from './status.js';
import { createMetrics, type MetricsAccess } from './metrics.js';
import { graphqlApp } from './http.js';
import { credentialsOf, type Identity } from './identity.js';
import { peersFor, type PeerUrls } from './peers.js';
import { limitsPlugin, parseOptionsFor, representationBytes, subgraphLimits, type RequestLimits } from './limits.js';
import { rowSecurityFor, type Viewer } from './policy.js';
import { protectSchema, type RowOwners } from './shield.js';
import { readRegistry } from './organisations.js';

export type { SubgraphName };

/**
 * A subgraph's resolvers by type name. Each subgraph checks its map against the
 * `Resolvers` type generated from its own SDL (subgraphs/<name>/generated/resolvers.ts,
 * `npm run codegen`); here it is only handed on to buildSubgraphSchema.
 */
export type ResolverMap = Readonly<Record<string, object | undefined>>;

/** What one subgraph is made of: its name (and so its SDL file), resolvers, loaders and row owners. */
export interface SubgraphSpec<Loaders> {
  name: SubgraphName;
  resolvers: ResolverMap;
  /** Loaders over a database that reads as the request's viewer. */
  createLoaders(db: Database, viewer: Viewer): Loaders;
  /** Who owns a row of each type, for row checks (types missing here get field checks only). */
  owners: RowOwners;
  /** Types whose rows may be police-only, so that even their PUBLIC fields are checked. */
  policeOnlyRowTypes?: readonly string[];
  /** The role its reads run as: hub_app unless the subgraph reads the audit trail. */
  databaseRole?: RequestRole;
}

/** What a subgraph needs from its process. */
export interface SubgraphRuntime {
  database: DatabaseHandle;
  identity: Identity;
  /** Introspection, field suggestions and `_service { sdl }`: development only. */
  developmentMode: boolean;
  /** Where the other subgraphs listen, for the ones that ask them for entities (contacts asks people, procurement asks finance). */
  peers?: PeerUrls;
  /** The client's limits: the subgraph enforces them on every request, a router's fetch measured as subgraphLimits says. */
  limits: RequestLimits;
  /**
   * False only in the benchmark that measures what authorisation costs: no shield
   * rules and no row-level security. Never read from the environment.
   */
  authorisation?: boolean;
  /** False only in the benchmark that measures what auditing costs. Never read from the environment. */
  audit?: boolean;
  /** Who may read /metrics (metricsAccess(config)). */
  metricsAccess: MetricsAccess;
}

export interface BuiltSubgraph {
  name: SubgraphName;
  app: Express;
  stop(): Promise<void>;
}

/** A subgraph ready to be built; its loader types stay inside. */
export interface Subgraph {
  name: SubgraphName;
  build(runtime: SubgraphRuntime): Promise<BuiltSubgraph>;
}

/** The definitions of the registry's subgraphs, in its order (start order). */
export async function loadSubgraphs(): Promise<Subgraph[]> {
  return Promise.all(SUBGRAPHS.map(async (entry) => (await entry.load()).default as Subgraph));
}

/**
 * Every answer is one viewer's data: never stored by a cache. Apollo's cache-control plugin
 * would say the same (no field has a cache hint), but it wraps every field resolver to
 * collect hints, a tenth of the time of a 2,000-group aggregate; this header is all it adds.
 */
const neverCached: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

export function defineSubgraph<Loaders>(spec: SubgraphSpec<Loaders>): Subgraph {
  return { name: spec.name, build: (runtime) => buildSubgraph(spec, runtime) };
}

async function buildSubgraph<Loaders>(spec: SubgraphSpec<Loaders>, runtime: SubgraphRuntime): Promise<BuiltSubgraph> {
  const sdl = parse(subgraphSdl(spec.name));
  const authorisation = runtime.authorisation ?? true;
  const limits = subgraphLimits(runtime.limits);
  // The generated resolver types are stricter than Apollo's map (a reference resolver takes
  // (reference, context, info), not a field resolver's arguments), so the map is handed over untyped.
  const unprotected = buildSubgraphSchema({ typeDefs: sdl, resolvers: spec.resolvers as GraphQLResolverMap<unknown> });
  const schema = authorisation
    ? protectSchema(unprotected, sdl, spec.owners, {
        exposeSdl: runtime.developmentMode,
        policeOnlyRowTypes: spec.policeOnlyRowTypes ?? [],
        service: SUBGRAPHS.find((entry) => entry.name === spec.name)?.service ?? null,
      })
    : unprotected;
  const metrics = createMetrics();
  const server = new ApolloServer<SubgraphContext<Loaders>>({
    schema,
    includeStacktraceInErrorResponses: false,
    // Processes stop on signals through stopOnSignal, once, for every server they run.
    stopOnTerminationSignals: false,
    introspection: runtime.developmentMode,
    hideSchemaDetailsFromClientErrors: !runtime.developmentMode,
    formatError: errorMasking({ hideSchemaDetails: !runtime.developmentMode }),
    parseOptions: parseOptionsFor(limits),
    // Traces would be sent to a gateway that does not read them: pure overhead. No landing
    // page: Apollo's loads from a CDN, and the gateway has the explorer. The audit plugin
    // runs before metrics, so a response it refuses (fail closed) is counted as refused.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      neverCached,
      inputChecksPlugin(),
      limitsPlugin(limits),
      auditPlugin(),
      answerStatus(),
      metrics.plugin(),
    ],
  });
  await server.start();
  const role = spec.databaseRole ?? 'hub_app';
  // Reads are appended as the subgraph's own role, which the trail lets only call audit.append().
  const trail = new ReadTrail(runtime.database.soleWriterAs(role));
  const app = graphqlApp(
    server,
    async (req, requestId) => {
      // Verified here, not trusted from the gateway: a direct call gets what its own token allows.
      const caller = { requestId, ...credentialsOf(req) };
      const viewer = await runtime.identity.viewerFor(caller);
      refuseMismatchedPersistedQuery(req);
      const settings = rowSecurityFor(viewer);
      const asViewer = runtime.database.readerFor(settings, role);
      const db = authorisation ? asViewer : runtime.database.db;
      const audit = new RequestAudit({ subgraph: spec.name, requestId, viewer, trail, enabled: runtime.audit ?? true });
      return {
        requestId,
        viewer,
        loaders: spec.createLoaders(db, viewer),
        audit,
        write: (work) => runtime.database.writeAs(settings, (tx) => audit.withChanges(tx, work)),
        // Other subgraphs verify the same credentials themselves.
        peers: peersFor(runtime.peers ?? {}, caller),
      };
    },
    {
      bodyBytes: limits.bodyBytes,
      representationBytes: representationBytes(limits),
      metrics,
      metricsAccess: runtime.metricsAccess,
      ready: async () => ({ database: await runtime.database.ping() }),
      registry: () => readRegistry(runtime.database),
    },
  );
  return { name: spec.name, app, stop: () => server.stop() };
}
