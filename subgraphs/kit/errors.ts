// Errors that reach clients: a stable `extensions.code`, a message written for
// the caller, and never a stack, an SQL fragment or an internal name.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { LIMIT_CODES } from './limits.js';
import { logger } from './logger.js';
import { DATABASE_UNAVAILABLE, databaseUnavailable, isDatabaseUnavailable } from './unavailable.js';

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argumentName: argument } : {}) } });
}

/** Codes whose messages were written for the caller and may pass through unchanged. */
const CALLER_FACING_CODES = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_REQUIRED',
  'SUBGRAPH_UNAVAILABLE',
  'CONFLICT',
  'AUDIT_UNAVAILABLE',
  DATABASE_UNAVAILABLE,
  ...LIMIT_CODES,
]);

/** Apollo Server `formatError`: keep caller-facing errors, hide everything else. */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CALLER_FACING_CODES.has(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = unwrapResolverError(error);
  const location = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (isDatabaseUnavailable(original)) {
    // The reconnection logs the outage once; a line per field would only repeat it.
    const { message, extensions } = databaseUnavailable();
    return { message, ...location, extensions };
  }
  logger.error({ err: original, path: formatted.path }, 'internal error while resolving');
  return {
    message: 'Internal server error',
    ...location,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
