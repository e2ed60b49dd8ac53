// Runs the finance subgraph as its own process (FINANCE_PORT, default 4002).
import { runSubgraph } from '../kit/standalone.js';
import { finance } from './server.js';

await runSubgraph(finance);
