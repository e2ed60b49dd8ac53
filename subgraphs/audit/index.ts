// Runs the audit subgraph as its own process (AUDIT_PORT, default 4005).
import { runSubgraph } from '../kit/standalone.js';
import { audit } from './server.js';

await runSubgraph(audit);
