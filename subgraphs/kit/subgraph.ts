// Builds one subgraph from its SDL, resolvers and loaders. Every subgraph is built
// by this one function, so all four behave the same at the edges.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { Express } from 'express';
import { parse } from 'graphql';
import type { Database } from './database.js';
import { ANONYMOUS, type SubgraphContext } from './context.js';
import { maskError } from './errors.js';
import { graphqlApp } from './http.js';

export type SubgraphName = 'people' | 'finance' | 'procurement' | 'contacts';

export type Resolvers<Loaders> = GraphQLResolverMap<SubgraphContext<Loaders>>;

/** What one subgraph is made of: its name (and so its SDL file), resolvers and loaders. */
export interface SubgraphSpec<Loaders> {
  name: SubgraphName;
  resolvers: Resolvers<Loaders>;
  createLoaders(db: Database): Loaders;
}

export interface BuiltSubgraph {
  name: SubgraphName;
  app: Express;
  stop(): Promise<void>;
}

/** A subgraph ready to be built on a database; its loader types stay inside. */
export interface Subgraph {
  name: SubgraphName;
  build(db: Database): Promise<BuiltSubgraph>;
}

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(fileURLToPath(new URL(`../../schema/${name}.graphql`, import.meta.url)), 'utf8');
}

export function defineSubgraph<Loaders>(spec: SubgraphSpec<Loaders>): Subgraph {
  return { name: spec.name, build: (db) => buildSubgraph(spec, db) };
}

async function buildSubgraph<Loaders>(spec: SubgraphSpec<Loaders>, db: Database): Promise<BuiltSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(subgraphSdl(spec.name)), resolvers: spec.resolvers as GraphQLResolverMap<unknown> });
  const server = new ApolloServer<SubgraphContext<Loaders>>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: maskError,
    // Traces would be sent to a gateway that does not read them: pure overhead.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  const app = graphqlApp(server, async (_req, requestId) => ({
    requestId,
    viewer: ANONYMOUS,
    loaders: spec.createLoaders(db),
  }));
  return { name: spec.name, app, stop: () => server.stop() };
}
