// Runs the contacts subgraph as its own process (CONTACTS_PORT, default 4004).
import { runSubgraph } from '../../platform/standalone.js';
import definition from './server.js';

await runSubgraph(definition);
