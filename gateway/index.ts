// Runs the gateway alone, in front of subgraphs running as their own processes: each
// at PEOPLE_URL and the like when set, else on its port setting (PEOPLE_PORT, ...,
// default 4001-4005) on this machine. Listens on HOST:PORT (default 127.0.0.1:4000). It holds
// no database credentials: it follows the organisation registry as the people subgraph serves it.
import { loadConfig } from '../platform/config.js';
import { listen } from '../platform/http.js';
import { createIdentity } from '../platform/identity.js';
import { logger } from '../platform/logger.js';
import { exitWithMessage, followPublishedRegistry, stopOnSignal, subgraphUrls } from '../platform/standalone.js';
import { buildGateway, gatewaySettings } from './server.js';

try {
  const config = loadConfig();
  await followPublishedRegistry(config);
  const gateway = await buildGateway({
    subgraphUrls: subgraphUrls(config),
    identity: createIdentity(config),
    developmentMode: config.NODE_ENV === 'development',
    ...gatewaySettings(config),
  });
  const listening = await listen(gateway.app, config.PORT, config.HOST);
  logger.info({ url: listening.url }, 'gateway listening');
  stopOnSignal(async () => {
    await listening.close(config.SHUTDOWN_GRACE_MS);
    await gateway.stop();
  });
  // Serves anyway (the other subgraphs' data, and each missing one comes back when it starts).
  await gateway.probeSubgraphs();
} catch (error) {
  exitWithMessage(error);
}
