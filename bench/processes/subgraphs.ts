// Bench-only entry: serves subgraphs (and, when asked, the plain-SQL floor) from one
// process on one database, and reports its SQL statement and request counters over
// IPC. With PostgreSQL the harness starts one of these per subgraph; with PGlite,
// whose database belongs to one process, a single one serves them all.
// Authorisation can be off here only because this entry is never a production process.
import { once } from 'node:events';
import express from 'express';
import { loadSubgraphs } from '../../platform/subgraph.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase, sqlStatements } from '../../platform/database.js';
import { listen } from '../../platform/http.js';
import { createIdentity } from '../../platform/identity.js';
import { requestLimits } from '../../platform/limits.js';
import { metricsAccess } from '../../platform/metrics.js';
import { followRegistry, registryInDatabase } from '../../platform/organisations.js';
import { useCursorSecret } from '../../platform/pagination.js';
import type { SubgraphName } from '../../platform/subgraph.js';
import { floorServer } from '../floor.js';
import type { SqlClient } from '../scenarios.js';
import type { Counters, HostSpec, Reply, Request } from './protocol.js';

// A child never outlives the harness that started it.
process.on('disconnect', () => process.exit(0));
const reply = (message: Reply) => process.send!(message);

try {
  const spec = JSON.parse(process.argv[2] ?? '') as HostSpec;
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: config.DATABASE_POOL_SIZE });
  // Tokens are judged against the organisation registry, as in every hub process.
  await followRegistry(registryInDatabase(database), config.REGISTRY_REFRESH_MS);
  useCursorSecret(config.CURSOR_SECRET);
  const identity = createIdentity(config);
  const limits = requestLimits(config);
  const requests: Counters['requests'] = {};
  const definitions = await loadSubgraphs();
  for (const hosted of spec.subgraphs) {
    const definition = definitions.find((candidate) => candidate.name === hosted.name)!;
    const subgraph = await definition.build({
      database,
      identity,
      developmentMode: false,
      limits,
      authorisation: hosted.authorisation,
      audit: hosted.audit,
      metricsAccess: metricsAccess(config),
    });
    const counted = express();
    counted.use('/graphql', (req, _res, next) => {
      if (req.method === 'POST') requests[hosted.name as SubgraphName] = (requests[hosted.name] ?? 0) + 1;
      next();
    });
    counted.use(subgraph.app);
    await listen(counted, hosted.port);
  }
  if (spec.floorPort !== undefined) {
    // Drizzle keeps the driver's own client: node-postgres' pool, or PGlite.
    const client = (database.db as unknown as { $client: SqlClient }).$client;
    const server = floorServer(client).listen(spec.floorPort, '127.0.0.1');
    await once(server, 'listening');
  }
  process.on('message', (message: Request) => {
    if (message.type === 'counters') reply({ type: 'counters', counters: { statements: sqlStatements.count, requests: { ...requests } } });
  });
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
