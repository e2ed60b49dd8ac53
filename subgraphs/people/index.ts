// Runs the people subgraph as its own process (PEOPLE_PORT, default 4001).
import { runSubgraph } from '../../platform/standalone.js';
import definition from './server.js';

await runSubgraph(definition);
