// Bench-only entry: one gateway over the benchmark's subgraph processes, one Node
// process each (no clustering), so every gateway gets the same worker count.
//   hub     the hub's own gateway (gateway/server.ts), authorisation on or off
//   apollo  a bare @apollo/gateway: none of the hub's plugins, only the two headers passed on
// (Hive Gateway runs from hive.mjs.)
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { readFileSync } from 'node:fs';
import { buildGateway, gatewaySettings, supergraphPath } from '../../gateway/server.js';
import { loadConfig } from '../../platform/config.js';
import { listen } from '../../platform/http.js';
import { followRegistry, registryServedAt } from '../../platform/organisations.js';
import { AUTHORIZATION_HEADER, PURPOSE_HEADER, createIdentity } from '../../platform/identity.js';
import type { SubgraphName } from '../../platform/subgraph.js';
import type { GatewaySpec, Reply } from './protocol.js';

// A child never outlives the harness that started it.
process.on('disconnect', () => process.exit(0));
const reply = (message: Reply) => process.send!(message);

interface ForwardedHeaders {
  authorization?: string | undefined;
  purpose?: string | undefined;
}

class ForwardingDataSource extends RemoteGraphQLDataSource<ForwardedHeaders> {
  override willSendRequest({ request, context }: Parameters<RemoteGraphQLDataSource<ForwardedHeaders>['willSendRequest'] & {}>[0]): void {
    if (context.authorization) request.http?.headers.set(AUTHORIZATION_HEADER, context.authorization);
    if (context.purpose) request.http?.headers.set(PURPOSE_HEADER, context.purpose);
  }
}

async function startHub(spec: GatewaySpec): Promise<void> {
  const config = loadConfig();
  // As the standalone gateway does: the registry as the people subgraph serves it (started before the gateways).
  await followRegistry(registryServedAt(new URL('/registry', spec.subgraphUrls.people).toString()), config.REGISTRY_REFRESH_MS);
  const gateway = await buildGateway({
    subgraphUrls: spec.subgraphUrls,
    identity: createIdentity(config),
    developmentMode: false,
    ...gatewaySettings(config),
    authorisation: spec.authorisation,
  });
  await listen(gateway.app, spec.port);
}

async function startApollo(spec: GatewaySpec): Promise<void> {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name }) => new ForwardingDataSource({ url: spec.subgraphUrls[name as SubgraphName] }),
  });
  const server = new ApolloServer<ForwardedHeaders>({ gateway });
  await startStandaloneServer(server, {
    listen: { port: spec.port, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization, purpose: req.headers[PURPOSE_HEADER] as string | undefined }),
  });
}

try {
  const spec = JSON.parse(process.argv[2] ?? '') as GatewaySpec;
  await (spec.kind === 'hub' ? startHub : startApollo)(spec);
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
