// Runs one subgraph as its own process. Separate processes share one PostgreSQL
// server (DATABASE_URL); the embedded database belongs to a single process.
import { loadConfig, type Config } from './config.js';
import { openDatabase } from './database.js';
import { listen, reachableHost } from './http.js';
import { createIdentity } from './identity.js';
import { requestLimits } from './limits.js';
import { logger } from './logger.js';
import { metricsAccess } from './metrics.js';
import { useCursorSecret } from './pagination.js';
import type { PeerUrls } from './peers.js';
import { prepareDatabase } from './prepare.js';
import { followRegistry, registryInDatabase, registryServedAt, stopFollowingRegistry } from './organisations.js';
import { portSetting, SUBGRAPH_NAMES, urlSetting, type SubgraphName } from '../subgraphs/registry.js';
import type { Subgraph } from './subgraph.js';
import { stopTracing } from './tracing.js';

export async function runSubgraph(definition: Subgraph): Promise<void> {
  try {
    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      pgliteDir: config.PGLITE_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
    });
    await prepareDatabase(database, config);
    await followRegistry(registryInDatabase(database), config.REGISTRY_REFRESH_MS);
    useCursorSecret(config.CURSOR_SECRET);
    const subgraph = await definition.build({
      database,
      identity: createIdentity(config),
      developmentMode: config.NODE_ENV === 'development',
      peers: peerUrls(config),
      limits: requestLimits(config),
      metricsAccess: metricsAccess(config),
    });
    const listening = await listen(subgraph.app, config[portSetting(definition.name)], config.SUBGRAPH_HOST);
    logger.info({ subgraph: definition.name, url: listening.url }, 'subgraph listening');
    stopOnSignal(async () => {
      await listening.close(config.SHUTDOWN_GRACE_MS);
      await subgraph.stop();
      stopFollowingRegistry(database);
      await database.close();
    });
  } catch (error) {
    exitWithMessage(error);
  }
}

/**
 * Where each subgraph listens, for the standalone gateway and for subgraphs that call
 * their peers: PEOPLE_URL and the like when set, else its port setting on this machine
 * (SUBGRAPH_HOST, reached on loopback when it is 0.0.0.0).
 */
export function subgraphUrls(config: Config): Record<SubgraphName, string> {
  const host = reachableHost(config.SUBGRAPH_HOST);
  const urlOf = (name: SubgraphName) => config[urlSetting(name)] ?? `http://${host}:${config[portSetting(name)]}/graphql`;
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, urlOf(name)])) as Record<SubgraphName, string>;
}

/**
 * The organisation registry for the standalone gateway, which holds no database credentials:
 * it follows the registry as the people subgraph (its owner) serves it at /registry, read from
 * the database at each request. Until the first read succeeds, tokens are answered 503.
 */
export function followPublishedRegistry(config: Config): Promise<void> {
  const registryUrl = new URL('/registry', subgraphUrls(config).people).toString();
  return followRegistry(registryServedAt(registryUrl), config.REGISTRY_REFRESH_MS, { waitForFirstRead: false });
}

/** Where the other subgraphs listen (no subgraph calls the audit subgraph). */
function peerUrls(config: Config): PeerUrls {
  const { audit: _audit, ...peers } = subgraphUrls(config);
  return peers;
}

/** One line on stderr and a non-zero exit: what an operator needs when start-up fails. */
export function exitWithMessage(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message.split('\n')[0]}\n`);
  process.exit(1);
}

export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      // The spans of the last requests are exported before the process ends.
      stop()
        .then(stopTracing)
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
}
