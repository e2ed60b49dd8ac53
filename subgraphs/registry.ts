// The hub's subgraphs, listed once. Configuration (ports and URLs), the one-process hub,
// the standalone processes, composition, code generation, migrations, the tests and the
// benchmark all read this list; none writes it out again. A subgraph's name is also its
// SDL file (schema/<name>.graphql), its tables (drizzle/<name>.ts, in the PostgreSQL schema
// of that name) and its folder (subgraphs/<name>/, whose server.ts exports its definition).
// The list imports nothing, so configuration and build tools can read it without loading
// any subgraph; a process loads the definitions it runs.

export interface SubgraphEntry {
  readonly name: string;
  /** Its port as its own process; <NAME>_PORT changes it, <NAME>_URL tells the others where it is. */
  readonly port: number;
  /**
   * The service an organisation draws down to use it (docs/organisations.md): its name in the
   * organisation registry, where its users' access starts and ends. Null for the audit trail,
   * which the shared-service company keeps for every member.
   */
  readonly service: string | null;
  /** Its definition (subgraphs/<name>/server.ts's default export). */
  readonly load: () => Promise<{ default: unknown }>;
  /** What its object types are to its resolvers, for code generation (subgraphs/<name>/mappers.ts). */
  readonly mappers: () => Promise<{ default: Record<string, string> }>;
}

/**
 * In start order: a subgraph comes after the ones it asks for entities (contacts asks people,
 * procurement asks finance), so that the one-process hub can tell it where they listen.
 */
export const SUBGRAPHS = [
  { name: 'people', service: 'PEOPLE', port: 4001, load: () => import('./people/server.js'), mappers: () => import('./people/mappers.js') },
  { name: 'finance', service: 'FINANCE', port: 4002, load: () => import('./finance/server.js'), mappers: () => import('./finance/mappers.js') },
  { name: 'procurement', service: 'PROCUREMENT', port: 4003, load: () => import('./procurement/server.js'), mappers: () => import('./procurement/mappers.js') },
  { name: 'contacts', service: 'CONTACTS', port: 4004, load: () => import('./contacts/server.js'), mappers: () => import('./contacts/mappers.js') },
  { name: 'audit', service: null, port: 4005, load: () => import('./audit/server.js'), mappers: () => import('./audit/mappers.js') },
] as const satisfies readonly SubgraphEntry[];

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

/** The services organisations draw down, one per subgraph that serves its members' data. */
export type Service = Exclude<(typeof SUBGRAPHS)[number]['service'], null>;
export const SERVICES: readonly Service[] = SUBGRAPHS.flatMap((subgraph) => (subgraph.service === null ? [] : [subgraph.service]));

export const SUBGRAPH_NAMES: readonly SubgraphName[] = SUBGRAPHS.map((subgraph) => subgraph.name);

/** The settings that place a subgraph: PEOPLE_PORT and PEOPLE_URL for people. */
export const portSetting = (name: SubgraphName) => `${name.toUpperCase() as Uppercase<SubgraphName>}_PORT` as const;
export const urlSetting = (name: SubgraphName) => `${name.toUpperCase() as Uppercase<SubgraphName>}_URL` as const;
