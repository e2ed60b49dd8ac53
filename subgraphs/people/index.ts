// Runs the people subgraph as its own process (PEOPLE_PORT, default 4001).
import { runSubgraph } from '../kit/standalone.js';
import { people } from './server.js';

await runSubgraph(people);
