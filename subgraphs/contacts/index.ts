// Runs the contacts subgraph as its own process (CONTACTS_PORT, default 4004).
import { runSubgraph } from '../kit/standalone.js';
import { contacts } from './server.js';

await runSubgraph(contacts);
