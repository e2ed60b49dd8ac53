// The composed supergraph as the gateway reads it, for tests that need no running hub:
// the API schema clients query (what the gateway hands to its executor) and the query
// planner, built by the same @apollo/federation-internals and @apollo/query-planner that
// @apollo/gateway loads (test/query-plans.test.ts checks that they are the same files).
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, prettyFormatQueryPlan } from '@apollo/query-planner';
import { parse, type GraphQLSchema } from 'graphql';
import { SUPERGRAPH_SDL } from './policy-viewers.js';

// As the gateway does outside production (createSchemaFromSupergraphSdl): the supergraph is validated.
const SUPERGRAPH = Supergraph.build(SUPERGRAPH_SDL, { validateSupergraph: true });
const API = SUPERGRAPH.apiSchema();

/** The schema the gateway executes against: the supergraph's API schema, as graphql-js. */
export const API_SCHEMA: GraphQLSchema = API.toGraphQLJSSchema();

let planner: QueryPlanner | undefined;

/** The gateway's query plan for an operation, pretty-printed (the gateway's own debug format). */
export function queryPlanOf(operation: string, operationName?: string): string {
  planner ??= new QueryPlanner(SUPERGRAPH);
  // The gateway's own call (ApolloGateway's executor), with its default limits.
  const plan = planner.buildQueryPlan(operationFromDocument(API, parse(operation), { operationName }), {
    recursiveSelectionsLimitDisabled: false,
    nonLocalSelectionsLimitDisabled: false,
  });
  return prettyFormatQueryPlan(plan);
}
