// Runs one subgraph as its own process. Separate processes share one PostgreSQL
// server (DATABASE_URL); the embedded database belongs to a single process.
import { loadConfig, type Config } from './config.js';
import { openDatabase } from './database.js';
import { listen } from './http.js';
import { createIdentity } from './identity.js';
import { requestLimits } from './limits.js';
import { logger } from './logger.js';
import { metricsAccess } from './metrics.js';
import { useCursorSecret } from './pagination.js';
import type { PeerUrls } from './peers.js';
import { prepareDatabase } from './prepare.js';
import type { Subgraph, SubgraphName } from './subgraph.js';
import { stopTracing } from './tracing.js';

const PORT_SETTING: Record<SubgraphName, keyof Config> = {
  people: 'PEOPLE_PORT',
  finance: 'FINANCE_PORT',
  procurement: 'PROCUREMENT_PORT',
  contacts: 'CONTACTS_PORT',
  audit: 'AUDIT_PORT',
};

export async function runSubgraph(definition: Subgraph): Promise<void> {
  try {
    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      pgliteDir: config.PGLITE_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
    });
    await prepareDatabase(database);
    useCursorSecret(config.CURSOR_SECRET);
    const subgraph = await definition.build({
      database,
      identity: createIdentity(config),
      developmentMode: config.NODE_ENV === 'development',
      peers: peerUrls(config),
      limits: requestLimits(config),
      metricsAccess: metricsAccess(config),
    });
    const listening = await listen(subgraph.app, config[PORT_SETTING[definition.name]] as number, '0.0.0.0');
    logger.info({ subgraph: definition.name, url: listening.url }, 'subgraph listening');
    stopOnSignal(async () => {
      await listening.close(config.SHUTDOWN_GRACE_MS);
      await subgraph.stop();
      await database.close();
    });
  } catch (error) {
    exitWithMessage(error);
  }
}

/** Where the other subgraphs listen: PEOPLE_URL and the like, else this machine's subgraph ports. */
function peerUrls(config: Config): PeerUrls {
  const url = (name: SubgraphName, setting: string | undefined) => setting ?? `http://localhost:${config[PORT_SETTING[name]] as number}/graphql`;
  return {
    people: url('people', config.PEOPLE_URL),
    finance: url('finance', config.FINANCE_URL),
    procurement: url('procurement', config.PROCUREMENT_URL),
    contacts: url('contacts', config.CONTACTS_URL),
  };
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
      stop().then(stopTracing).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
