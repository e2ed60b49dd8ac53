// Every subgraph's tables, for drizzle-kit and the seed generator. A subgraph's
// own code imports only its own file, and the views another subgraph publishes for
// it (finance.cost_centre_reference, for procurement's writes).
export * from './people.js';
export * from './finance.js';
export * from './procurement.js';
export * from './contacts.js';
export * from './audit.js';
