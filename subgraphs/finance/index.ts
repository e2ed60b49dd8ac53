// Runs the finance subgraph as its own process (FINANCE_PORT, default 4002).
import { runSubgraph } from '../../platform/standalone.js';
import definition from './server.js';

await runSubgraph(definition);
