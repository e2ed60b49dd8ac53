// Runs the audit subgraph as its own process (AUDIT_PORT, default 4005).
import { runSubgraph } from '../../platform/standalone.js';
import definition from './server.js';

await runSubgraph(definition);
