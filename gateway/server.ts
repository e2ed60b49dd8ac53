// The gateway: @apollo/gateway over the committed supergraph, served by
// @apollo/server. Built without listening so tests can run it in-process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Express } from 'express';
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

/** `subgraphUrls` overrides the URLs composed into the supergraph (defaults for separate processes). */
export async function buildGateway(subgraphUrls: Partial<Record<SubgraphName, string>>): Promise<BuiltGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    // make-fetch-happen, the data source's default fetcher, keeps connections alive.
    buildService: ({ name, url }) => new SubgraphDataSource({ url: subgraphUrls[name as SubgraphName] ?? url }),
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
