// The values a subgraph's mappers (subgraphs/<name>/mappers.ts) give GraphQL Code Generator:
// paths relative to the generated file, subgraphs/<name>/generated/resolvers.ts. Build time only.

/** A row type of a subgraph's own tables (drizzle/<name>.ts). */
export const drizzleRow = (subgraph: string, row: string) => `../../../drizzle/${subgraph}.js#${row}`;

/** An entity another subgraph owns and this one extends: what its __resolveReference makes of the reference. */
export const ENTITY_STUB = '../../../platform/ids.js#EntityStub';

/** Organisation is owned by people; the other subgraphs only ever hold its key. */
export const ORGANISATION_REFERENCE = '{ code: string }';

/** A cursor connection of rows of one type. */
export const connectionOf = (row: string) => `../../../platform/pagination.js#Connection<${row}>`;
