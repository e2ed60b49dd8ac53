// One JSON logger for the process. Never log tokens, values of personal fields or SQL parameters.
import { pino } from 'pino';
import { traceFields, tracingRequested } from './tracing.js';

/** Where a database error repeats values: Drizzle's `params:` line, PostgreSQL's `detail` ("Key (email)=(...)"). */
const PARAMS_LINE = /\nparams: [\s\S]*?(?=\n\s+at |$)/;

/**
 * Errors as pino serialises them, without the values a failed statement carried:
 * its parameters and the server's detail can be personal data.
 */
export function errorWithoutValues(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: 'non-error thrown' };
  const { type, message, stack } = pino.stdSerializers.err(error);
  const { code } = error as { code?: unknown };
  return {
    type,
    message: message.replace(PARAMS_LINE, ''),
    ...(stack ? { stack: stack.replace(PARAMS_LINE, '') } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.cause !== undefined ? { cause: errorWithoutValues(error.cause) } : {}),
  };
}

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: ['req.headers.authorization', '*.authorization'],
  serializers: { err: errorWithoutValues },
  // With tracing on, each line written while a request runs carries its trace and span ids.
  ...(tracingRequested() ? { mixin: traceFields } : {}),
});
