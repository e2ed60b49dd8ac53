// Input refused before an operation runs, the same at the gateway and at every subgraph
// called directly: text holding a NUL character, which no field of the hub means and
// PostgreSQL cannot store in text (it failed as an internal error, mid-mutation), and an
// automatic persisted query whose hash is not the SHA-256 of the text sent with it
// (Apollo Server refuses that with a 400 but no code, which error masking turns into an
// internal error). Both are a 400 with a code, naming what was wrong.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request } from 'express';
import { BREAK, GraphQLError, Kind, visit, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';

export const PERSISTED_QUERY_HASH_MISMATCH = 'PERSISTED_QUERY_HASH_MISMATCH';

const NUL = '\u0000';

function refused(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

function nulRefusal(path: string, named: { argumentName: string } | { variableName: string }): GraphQLError {
  return refused('BAD_USER_INPUT', `"${path}" must not contain the NUL character (U+0000)`, named);
}

/** Where a value sent in `variables` holds a string with NUL ("input.jobTitle", "ids[2]"), or null. */
function nulInValue(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulInValue(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulInValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** The same for a value written in the operation (GraphQL's "\u0000" escape). */
function nulInLiteral(value: ValueNode, path: string): string | null {
  if (value.kind === Kind.STRING) return value.value.includes(NUL) ? path : null;
  if (value.kind === Kind.LIST) {
    for (const [index, item] of value.values.entries()) {
      const found = nulInLiteral(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value.kind === Kind.OBJECT) {
    for (const field of value.fields) {
      const found = nulInLiteral(field.value, `${path}.${field.name.value}`);
      if (found) return found;
    }
  }
  return null;
}

interface LiteralNul {
  path: string;
  argumentName: string;
}

/** The first argument written in the document with NUL in its text, or null. */
function literalNul(document: DocumentNode): LiteralNul | null {
  let first: LiteralNul | null = null;
  visit(document, {
    Argument(node) {
      const path = nulInLiteral(node.value, node.name.value);
      if (!path) return undefined;
      first = { path, argumentName: node.name.value };
      return BREAK;
    },
  });
  return first;
}

function variableNulRefusal(operation: OperationDefinitionNode, variables: Record<string, unknown>): GraphQLError | null {
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const found = name in variables ? nulInValue(variables[name], name) : definition.defaultValue ? nulInLiteral(definition.defaultValue, name) : null;
    if (found) return nulRefusal(found, { variableName: name });
  }
  return null;
}

/** Apollo Server plugin: refuses text with NUL in the operation's arguments or variables. */
export function inputChecksPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  // A repeated operation arrives as the same parsed document (Apollo Server's document store).
  const literalNuls = new WeakMap<DocumentNode, LiteralNul | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request: resolved }) {
          let literal = literalNuls.get(document);
          if (literal === undefined) {
            literal = literalNul(document);
            literalNuls.set(document, literal);
          }
          if (literal) throw nulRefusal(literal.path, { argumentName: literal.argumentName });
          const refusal = operation ? variableNulRefusal(operation, resolved.variables ?? {}) : null;
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/** What a request sends of a persisted query, from a POST body or a GET query string. */
function persistedQueryOf(req: Request): { extensions: unknown; query: unknown } {
  if (req.method !== 'GET') {
    const body = req.body as { extensions?: unknown; query?: unknown } | undefined;
    return { extensions: body?.extensions, query: body?.query };
  }
  let extensions: unknown;
  try {
    extensions = typeof req.query.extensions === 'string' ? JSON.parse(req.query.extensions) : undefined;
  } catch {
    extensions = undefined;
  }
  return { extensions, query: req.query.query };
}

/** The persisted operation id (`extensions.persistedQuery.sha256Hash`) a request names. */
export function persistedQueryHashOf(req: Request): string | undefined {
  const hash = (persistedQueryOf(req).extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * Refuses (400, thrown while the context is built) a request that sends a persisted-query
 * hash with a text whose SHA-256 it is not: Apollo Server would refuse it without a code.
 */
export function refuseMismatchedPersistedQuery(req: Request): void {
  const hash = persistedQueryHashOf(req);
  const { query } = persistedQueryOf(req);
  if (hash === undefined || typeof query !== 'string' || createHash('sha256').update(query).digest('hex') === hash) return;
  throw refused(
    PERSISTED_QUERY_HASH_MISMATCH,
    'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it: send the hash of this text, or the hash alone',
  );
}
