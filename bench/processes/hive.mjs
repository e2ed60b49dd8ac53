// Bench-only entry: Hive Gateway over the same supergraph file as the hub, passing on
// the caller's Authorization and X-Purpose headers so that the subgraphs authorise
// exactly as behind the hub. One Node process, like every other gateway.
// Plain JavaScript on purpose: graphql-yoga's types redeclare GraphQLError's
// `extensions.http.headers` as a record, which would break the hub's typecheck
// (Apollo Server needs a Map there) if this file were part of the TypeScript build.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createGatewayRuntime } from '@graphql-hive/gateway';

// A child never outlives the harness that started it.
process.on('disconnect', () => process.exit(0));
const reply = (message) => process.send(message);
const FORWARDED = ['authorization', 'x-purpose'];

try {
  /** @type {import('./protocol.js').GatewaySpec} */
  const spec = JSON.parse(process.argv[2] ?? '');
  const runtime = createGatewayRuntime({
    // Hive Router's Rust query planner and its executor, as its documentation enables them in a config file.
    ...(spec.rustPlanner ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler } : {}),
    supergraph: fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)),
    logging: false,
    // The supergraph names ports 4001-4004; the benchmark's subgraphs listen elsewhere.
    // By default Hive merges identical subgraph requests in flight at once (same URL, body and
    // headers); the harness also runs one with that off, to show what the merging is worth.
    transportEntries: Object.fromEntries(
      Object.entries(spec.subgraphUrls).map(([name, url]) => [
        name,
        { location: url, options: { deduplicateInflightRequests: spec.deduplicateInflightRequests ?? true } },
      ]),
    ),
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => Object.fromEntries(FORWARDED.map((name) => [name, request.headers.get(name)])),
    },
  });
  const server = createServer(runtime).listen(spec.port, '127.0.0.1');
  await once(server, 'listening');
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
