// Runs the procurement subgraph as its own process (PROCUREMENT_PORT, default 4003).
import { runSubgraph } from '../../platform/standalone.js';
import definition from './server.js';

await runSubgraph(definition);
