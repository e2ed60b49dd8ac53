// `npm run start:subgraph -- <name>`: one subgraph of the registry as its own process
// (subgraphs/<name>/index.ts), listening on <NAME>_PORT.
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';
import { exitWithMessage } from '../platform/standalone.js';

const name = process.argv[2];
if (!SUBGRAPH_NAMES.includes(name as never)) exitWithMessage(new Error(`Name a subgraph to start: one of ${SUBGRAPH_NAMES.join(', ')}`));
await import(`../subgraphs/${name}/index.js`);
