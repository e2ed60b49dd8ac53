// Runs the gateway alone, in front of subgraphs running as their own processes
// (PEOPLE_URL, FINANCE_URL, PROCUREMENT_URL, CONTACTS_URL, AUDIT_URL; defaults ports 4001-4005).
import { loadConfig } from '../subgraphs/kit/config.js';
import { listen } from '../subgraphs/kit/http.js';
import { createIdentity } from '../subgraphs/kit/identity.js';
import { logger } from '../subgraphs/kit/logger.js';
import { exitWithMessage, stopOnSignal } from '../subgraphs/kit/standalone.js';
import { buildGateway, gatewaySettings } from './server.js';

try {
  const config = loadConfig();
  const gateway = await buildGateway({
    subgraphUrls: {
      people: config.PEOPLE_URL,
      finance: config.FINANCE_URL,
      procurement: config.PROCUREMENT_URL,
      contacts: config.CONTACTS_URL,
      audit: config.AUDIT_URL,
    },
    identity: createIdentity(config),
    developmentMode: config.NODE_ENV === 'development',
    ...gatewaySettings(config),
  });
  const listening = await listen(gateway.app, config.PORT, '0.0.0.0');
  logger.info({ url: listening.url }, 'gateway listening');
  stopOnSignal(async () => {
    await listening.close(config.SHUTDOWN_GRACE_MS);
    await gateway.stop();
  });
} catch (error) {
  exitWithMessage(error);
}
