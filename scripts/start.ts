// `npm start`: the gateway and all five subgraphs in one process, on the embedded
// database (or DATABASE_URL). Subgraphs listen on their own ports, as they would
// as separate processes, so the gateway talks to them the same way.
import { startHub } from '../gateway/hub.js';
import { loadConfig } from '../platform/config.js';
import { exitWithMessage, stopOnSignal } from '../platform/standalone.js';

try {
  const config = loadConfig();
  const hub = await startHub(config);
  process.stdout.write(`Cross-sector data hub ready: ${hub.url.replace('127.0.0.1', 'localhost')}\n`);
  stopOnSignal(() => hub.stop());
} catch (error) {
  exitWithMessage(error);
}
