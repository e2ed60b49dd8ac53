// The gateway: @apollo/gateway over the committed supergraph, served by
// @apollo/server. Built without listening so tests can run it in-process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource, type GatewayConfig, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Express } from 'express';
import { logger } from '../subgraphs/kit/logger.js';
import { maskError } from '../subgraphs/kit/errors.js';
import { graphqlApp, REQUEST_ID_HEADER } from '../subgraphs/kit/http.js';
import type { SubgraphName } from '../subgraphs/kit/subgraph.js';

export interface GatewayContext {
  requestId: string;
  /** The caller's Authorization header, passed on so each subgraph verifies it itself. */
  authorization?: string | undefined;
}

export const supergraphPath = fileURLToPath(new URL('../schema/supergraph.graphql', import.meta.url));

class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
  ) {
    super({ url });
  }

  /**
   * A subgraph that cannot be reached answers with an error naming it, so the
   * gateway returns the other subgraphs' data; the URL and the socket error stay in the log.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      logger.warn({ err: error, subgraph: this.serviceName }, 'subgraph unreachable');
      return {
        errors: [{ message: `The ${this.serviceName} service is unavailable`, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
      };
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.authorization) headers.set('authorization', context.authorization);
  }
}

export interface BuiltGateway {
  app: Express;
  stop(): Promise<void>;
}

export type QueryPlan = Parameters<NonNullable<GatewayConfig['experimental_didResolveQueryPlan']>>[0]['queryPlan'];

export interface GatewayOptions {
  /** Overrides the URLs composed into the supergraph (the defaults for separate processes). */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Called with each operation's query plan (tests assert which subgraphs a plan calls). */
  onQueryPlan?: (plan: QueryPlan) => void;
}

export async function buildGateway({ subgraphUrls, onQueryPlan }: GatewayOptions): Promise<BuiltGateway> {
  const gateway = new ApolloGateway({
    ...(onQueryPlan ? { experimental_didResolveQueryPlan: ({ queryPlan }) => onQueryPlan(queryPlan) } : {}),
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    // make-fetch-happen, the data source's default fetcher, keeps connections alive.
    buildService: ({ name, url }) => new SubgraphDataSource(name, subgraphUrls[name as SubgraphName] ?? url ?? ''),
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: maskError,
  });
  await server.start();
  const app = graphqlApp(server, async (req, requestId) => ({ requestId, authorization: req.header('authorization') }));
  return { app, stop: () => server.stop() };
}
