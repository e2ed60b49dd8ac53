// Limits on what one operation may ask for, so that no single request can tie up
// the hub: depth, aliases and directives (graphql-armor's rules), tokens (graphql-js
// parses no further than the limit) and an estimated cost that counts list sizes
// (graphql-query-complexity, with the variables). A refusal is HTTP 400 with a code
// that names the limit and a message that says by how much it was exceeded.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  getNullableType,
  isListType,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Config } from './config.js';

export interface RequestLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
  cost: number;
  /** Largest request body accepted, in bytes; a larger one is HTTP 413. */
  bodyBytes: number;
}

export function requestLimits(
  config: Pick<Config, 'LIMIT_DEPTH' | 'LIMIT_ALIASES' | 'LIMIT_DIRECTIVES' | 'LIMIT_TOKENS' | 'LIMIT_COST' | 'LIMIT_BODY_BYTES'>,
): RequestLimits {
  return {
    depth: config.LIMIT_DEPTH,
    aliases: config.LIMIT_ALIASES,
    directives: config.LIMIT_DIRECTIVES,
    tokens: config.LIMIT_TOKENS,
    cost: config.LIMIT_COST,
    bodyBytes: config.LIMIT_BODY_BYTES,
  };
}

/**
 * The limits a subgraph applies to every request, whoever sends it (the gateway, another
 * router, a caller who reaches the subgraph directly): the client's depth, aliases,
 * directives and cost exactly, measured by the same rules, so that a request sent straight
 * to a subgraph cannot do what the gateway refuses. What a router adds to a fetch does not
 * count against them: `_entities` stands for an entity the client reached at depth 1 or
 * more, so an entity fetch is never deeper than the operation it came from; graphql-armor
 * counts aliases and directives through fragment spreads, so the fragments a planner
 * inlines count as they did at the gateway; `__typename` costs nothing (listSizeEstimator).
 *
 * Tokens are the one limit with room: a router writes the fetch's text itself, inlining
 * the client's fragments and adding key fields and `__typename`s, so a fetch can be longer
 * than the operation the gateway admitted. The token limit only bounds parsing work; what
 * a document may make the subgraph do is bounded by the four limits above.
 * The body limit has room only for `_entities` representations (representationBytes).
 */
export function subgraphLimits(limits: RequestLimits): RequestLimits {
  return { ...limits, tokens: limits.tokens * ROUTER_TOKEN_ROOM };
}

/** How many times the client's token limit a router's fetch may be. */
const ROUTER_TOKEN_ROOM = 2;

/**
 * Bytes a subgraph accepts beyond the body limit, for `variables.representations` only: a
 * router sends an entity fetch one representation per entity the client's operation
 * reached, and the cost limit already admits at most `cost` of them (each representation
 * is one item of `_entities`, costing 1 or more), so the room is that many of this size.
 */
export function representationBytes(limits: RequestLimits): number {
  return limits.cost * REPRESENTATION_BYTES;
}

/** Room per representation: `{"__typename":"Person","id":"<uuid>","organisation":{"code":"E10000027"}}` is 90. */
const REPRESENTATION_BYTES = 256;

/** Codes of refused operations; the token limit is graphql-js's own GRAPHQL_PARSE_FAILED. */
export const LIMIT_CODES = ['QUERY_TOO_DEEP', 'QUERY_TOO_MANY_ALIASES', 'QUERY_TOO_MANY_DIRECTIVES', 'QUERY_TOO_COSTLY'] as const;
type LimitCode = (typeof LIMIT_CODES)[number];

/** How many items an unpaged list (`Organisation.orgUnits`, `Contract.buyers`, ...) is assumed to hold. */
export const UNPAGED_LIST_SIZE = 10;

function refused(code: LimitCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** graphql-armor reports "Syntax Error: <limit> exceeded, found N."; the operation parsed fine, so the prefix goes. */
function reportAs(code: LimitCode) {
  return (context: ValidationContext | null, error: GraphQLError) => context?.reportError(refused(code, error.message.replace(/^Syntax Error: /, '')));
}

function shapeRules(limits: RequestLimits): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false };
  return [
    // Fragments do not add depth: depth is how deeply fields nest.
    maxDepthRule({ ...common, n: limits.depth, flattenFragments: true, onReject: [reportAs('QUERY_TOO_DEEP')] }),
    maxAliasesRule({ ...common, n: limits.aliases, onReject: [reportAs('QUERY_TOO_MANY_ALIASES')] }),
    maxDirectivesRule({ ...common, n: limits.directives, onReject: [reportAs('QUERY_TOO_MANY_DIRECTIVES')] }),
  ];
}

/**
 * A field costs 1 plus its selection's cost times the number of items it may return:
 * its `first` argument (the SDL default when omitted, so a variable counts as sent),
 * UNPAGED_LIST_SIZE for a list without one, and 1 for a connection's `edges`, which
 * are the page its `first` already counted. Introspection and `__typename` cost nothing:
 * they read the schema, not data (and a router adds `__typename` to every entity it fetches).
 *
 * At a subgraph, `_entities` (a router's entity fetch, or a direct caller's) is a list of
 * as many items as it was sent representations, each costing its selection, at least 1:
 * a gateway fetch then costs no more than the part of the client's operation it serves,
 * which the gateway admitted, while a direct caller cannot buy thousands of entities'
 * work with one field. `_service { sdl }` (composition's question) costs 2 like any field.
 */
const listSizeEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection (development only) reads the schema, not data: the explorer's schema query would cost 50,000.
  if (field.name === '__schema' || field.name === '__type' || field.name === '__typename') return 0;
  if (field.name === '_entities') {
    const representations: unknown = args.representations;
    return 1 + (Array.isArray(representations) ? representations.length : 1) * Math.max(childComplexity, 1);
  }
  const first: unknown = args.first;
  let items = 1;
  if (typeof first === 'number') items = Math.max(first, 1);
  else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) items = UNPAGED_LIST_SIZE;
  return 1 + items * childComplexity;
};

/** Costs kept per document (by operation name and variables as sent); all are forgotten past this many. */
const MAX_COSTS_PER_DOCUMENT = 100;
/** Longer variables (a mutation's large input) are estimated afresh: the cache stays small whatever clients send. */
const MAX_CACHED_VARIABLES_LENGTH = 1_000;

/**
 * Checks each resolved operation against the limits, before anything is planned or
 * fetched. The token limit is not here: it is the server's `parseOptions` (parseOptionsFor).
 * Apollo Server hands a repeated operation the same parsed document (its document store),
 * so the outcome of the shape rules is kept per document, and the cost per document and
 * variables: both are pure functions of them (and of the schema the document was parsed for).
 */
export function limitsPlugin<Context extends BaseContext>(limits: RequestLimits): ApolloServerPlugin<Context> {
  const rules = shapeRules(limits);
  const checked = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentLimits>>();
  const limitsOf = (schema: GraphQLSchema, document: DocumentNode): DocumentLimits => {
    let bySchema = checked.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      checked.set(schema, bySchema);
    }
    let known = bySchema.get(document);
    if (!known) {
      const [shapeError] = validate(schema, document, rules);
      known = { shapeRefusal: shapeError ? { code: shapeError.extensions.code as LimitCode, message: shapeError.message } : null, costs: new Map() };
      bySchema.set(document, known);
    }
    return known;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const known = limitsOf(schema, document);
          if (known.shapeRefusal) throw refused(known.shapeRefusal.code, known.shapeRefusal.message);
          const variables = request.variables ?? {};
          const key = costKey(operationName, variables);
          let cost = key === null ? undefined : known.costs.get(key);
          if (cost === undefined) {
            cost = costOf(schema, document, variables, operationName);
            if (key !== null && key.length <= MAX_CACHED_VARIABLES_LENGTH) {
              if (known.costs.size >= MAX_COSTS_PER_DOCUMENT) known.costs.clear();
              known.costs.set(key, cost);
            }
          }
          // Variables that do not fit their types: execution refuses them with BAD_USER_INPUT.
          if (cost === null) return;
          if (cost > limits.cost) throw refused('QUERY_TOO_COSTLY', `Query cost limit of ${limits.cost} exceeded, found ${cost}.`);
        },
      };
    },
  };
}

/**
 * What a cost is kept under. An entity fetch's representations differ each time, but its cost
 * depends only on how many there are (listSizeEstimator), so it is kept by their number; a
 * representations variable that is not a list is estimated afresh (and refused by execution).
 */
function costKey(operationName: string | null | undefined, variables: Record<string, unknown>): string | null {
  if (!('representations' in variables)) return `${operationName ?? ''}\u0000${JSON.stringify(variables)}`;
  const { representations, ...others } = variables;
  if (!Array.isArray(representations)) return null;
  return `${operationName ?? ''}\u0000${representations.length}\u0000${JSON.stringify(others)}`;
}

interface DocumentLimits {
  /** The first shape limit the document exceeds, null when it fits. */
  shapeRefusal: { code: LimitCode; message: string } | null;
  /** Estimated cost by operation name and variables; null when the variables do not fit their types. */
  costs: Map<string, number | null>;
}

function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | null | undefined): number | null {
  try {
    return getComplexity({ schema, query: document, variables, ...(operationName ? { operationName } : {}), estimators: [listSizeEstimator] });
  } catch {
    return null;
  }
}

/** graphql-js stops parsing past this many tokens, so an oversized document costs little to refuse. */
export function parseOptionsFor(limits: RequestLimits): { maxTokens: number } {
  return { maxTokens: limits.tokens };
}
