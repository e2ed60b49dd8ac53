// Errors that reach clients: a stable `extensions.code`, a message written for
// the caller, and never a stack, an SQL fragment or an internal name.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { PERSISTED_QUERY_HASH_MISMATCH } from './input.js';
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
  'NOT_ENTITLED',
  'AGREEMENT_NOT_ACTIVE',
  'PURPOSE_NOT_ALLOWED',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_REQUIRED',
  PERSISTED_QUERY_HASH_MISMATCH,
  'SUBGRAPH_UNAVAILABLE',
  'CONFLICT',
  'AUDIT_UNAVAILABLE',
  DATABASE_UNAVAILABLE,
  ...LIMIT_CODES,
]);

/**
 * graphql-js's suggestions ("Did you mean the enum value \"MONTH\"?", "Did you mean
 * \"vettingLevel\"?"): they name fields and values of the schema the caller did not send.
 * Names never hold a question mark, so a suggestion ends at the first one.
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export interface ErrorMaskingOptions {
  /**
   * Outside development, no suggestion names a part of the schema. Apollo Server's
   * `hideSchemaDetailsFromClientErrors` removes them from validation errors only; variable
   * coercion errors (a misspelt enum value or input field in `variables`) carry them too.
   */
  hideSchemaDetails: boolean;
}

/** Apollo Server `formatError`, the same for the gateway and every subgraph: keep caller-facing errors, hide everything else. */
export function errorMasking(options: ErrorMaskingOptions): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CALLER_FACING_CODES.has(code)) {
      const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
      const message = options.hideSchemaDetails ? formatted.message.replace(SUGGESTION, '') : formatted.message;
      return { ...formatted, message, extensions };
    }
    const original = unwrapResolverError(error);
    const location = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    if (isDatabaseUnavailable(original)) {
      // The reconnection logs the outage once; a line per field would only repeat it.
      const { message, extensions } = databaseUnavailable();
      return { message, ...location, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'internal error while resolving');
    return { message: 'Internal server error', ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
