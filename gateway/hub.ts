// The whole hub in one process: database, every subgraph of the registry and the gateway.
// Used by `npm start` and by the tests (with port 0 everywhere).
import type { Config } from '../platform/config.js';
import { openDatabase, type DatabaseHandle } from '../platform/database.js';
import { listen, type Listening } from '../platform/http.js';
import { createIdentity } from '../platform/identity.js';
import { requestLimits } from '../platform/limits.js';
import { metricsAccess } from '../platform/metrics.js';
import { useCursorSecret } from '../platform/pagination.js';
import { prepareDatabase } from '../platform/prepare.js';
import { followRegistry, registryInDatabase, stopFollowingRegistry } from '../platform/organisations.js';
import { portSetting, type SubgraphName } from '../subgraphs/registry.js';
import { loadSubgraphs, type BuiltSubgraph } from '../platform/subgraph.js';
import { buildGateway, gatewaySettings, type GatewayOptions } from './server.js';

export interface RunningHub {
  url: string;
  database: DatabaseHandle;
  subgraphs: Record<SubgraphName, Listening>;
  stop(): Promise<void>;
}

export interface HubOptions {
  /** An open database to share between hubs (tests do); otherwise one is opened and prepared. */
  database?: DatabaseHandle;
  onQueryPlan?: GatewayOptions['onQueryPlan'];
  /** False only in the benchmark that measures what authorisation costs. */
  authorisation?: boolean;
  /** False only in the benchmark that measures what auditing costs. */
  audit?: boolean;
}

export async function startHub(config: Config, options: HubOptions = {}): Promise<RunningHub> {
  const sharedDatabase = options.database;
  const database =
    sharedDatabase ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: config.DATABASE_POOL_SIZE }));
  if (!sharedDatabase) await prepareDatabase(database, config);
  await followRegistry(registryInDatabase(database), config.REGISTRY_REFRESH_MS);
  const identity = createIdentity(config);
  useCursorSecret(config.CURSOR_SECRET);
  const developmentMode = config.NODE_ENV === 'development';
  const limits = requestLimits(config);
  const built: BuiltSubgraph[] = [];
  const listening: Listening[] = [];
  const subgraphs = {} as RunningHub['subgraphs'];
  for (const definition of await loadSubgraphs()) {
    // Each subgraph finds the ones listening before it: the registry lists them in start order.
    const peers = Object.fromEntries(Object.entries(subgraphs).map(([name, served]) => [name, served.url]));
    const subgraph = await definition.build({
      database,
      identity,
      developmentMode,
      peers,
      limits,
      authorisation: options.authorisation ?? true,
      audit: options.audit ?? true,
      metricsAccess: metricsAccess(config),
    });
    const served = await listen(subgraph.app, config[portSetting(definition.name)], config.SUBGRAPH_HOST);
    built.push(subgraph);
    listening.push(served);
    subgraphs[definition.name] = served;
  }
  const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, served]) => [name, served.url]));
  const gateway = await buildGateway({
    subgraphUrls,
    identity,
    developmentMode,
    ...gatewaySettings(config),
    authorisation: options.authorisation ?? true,
    ...(options.onQueryPlan ? { onQueryPlan: options.onQueryPlan } : {}),
  });
  const gatewayListening = await listen(gateway.app, config.PORT, config.HOST);
  return {
    url: gatewayListening.url,
    database,
    subgraphs,
    async stop() {
      await gatewayListening.close(config.SHUTDOWN_GRACE_MS);
      await gateway.stop();
      for (const served of listening) await served.close(config.SHUTDOWN_GRACE_MS);
      for (const subgraph of built) await subgraph.stop();
      if (!sharedDatabase) {
        stopFollowingRegistry(database);
        await database.close();
      }
    },
  };
}
