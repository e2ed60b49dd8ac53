// Every subgraph's tables, for drizzle-kit and the seed generator. A subgraph's
// own code imports only its own file.
export * from './people.js';
export * from './finance.js';
export * from './procurement.js';
export * from './contacts.js';
export * from './audit.js';
