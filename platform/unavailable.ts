// The database out of reach, told apart from every other failure: requests that meet it
// answer DATABASE_UNAVAILABLE (errors.ts) with a Retry-After, never INTERNAL_SERVER_ERROR.
import type { HTTPGraphQLHead } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The database cannot be reached: the server refused or dropped the connection, or is
 * starting or shutting down. Requests answer DATABASE_UNAVAILABLE (errors.ts), never a 500.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** PostgreSQL's codes for a lost or refused connection: class 08, and the server shutting down or starting up. */
const CONNECTION_LOST_CODES = /^(08|57P0[123]$)/;
/** Socket errors, and node-postgres' own words for a connection it lost or could not open. */
const CONNECTION_LOST_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_LOST_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/** Whether `error` (or what caused it, through Drizzle's wrapping) is the database being out of reach. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    if (cause instanceof DatabaseUnavailableError) return true;
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && (CONNECTION_LOST_CODES.test(code) || CONNECTION_LOST_ERRNOS.has(code))) return true;
    if (CONNECTION_LOST_MESSAGES.test(cause.message)) return true;
  }
  return false;
}

/**
 * When new connections fail, the next attempt waits a while (100 ms, doubling to 2 s) and
 * requests meanwhile are refused at once: a server that is restarting is not met with a
 * connection attempt per request from every process. A connection that opens, or a readiness
 * check that answers, ends the wait, so requests are served again within about 2 s of the
 * server accepting connections.
 */
export class Reconnection {
  private static readonly FIRST_WAIT_MS = 100;
  private static readonly LONGEST_WAIT_MS = 2_000;
  private wait = 0;
  private retryAt = 0;

  constructor(private readonly onChange: (available: boolean, reason?: string) => void = () => undefined) {}

  /** Throws while the next attempt is not due yet. */
  check(): void {
    if (Date.now() < this.retryAt) throw new DatabaseUnavailableError('The database is unavailable (reconnecting)');
  }

  failed(reason: string): void {
    if (this.wait === 0) this.onChange(false, reason);
    this.wait = Math.min(this.wait === 0 ? Reconnection.FIRST_WAIT_MS : this.wait * 2, Reconnection.LONGEST_WAIT_MS);
    this.retryAt = Date.now() + this.wait;
  }

  succeeded(): void {
    if (this.wait !== 0) this.onChange(true);
    this.wait = 0;
    this.retryAt = 0;
  }
}

/** `error` as the caller should see it: DatabaseUnavailableError when the database is out of reach. */
export function unavailableOr(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) return error;
  return new DatabaseUnavailableError('The database is unavailable', { cause: error });
}

export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/** Seconds a client is asked to wait before it tries again (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 2;

/** The error a request gets for the database being out of reach, where the trail withheld its data or not. */
export function databaseUnavailable(withheld = false): GraphQLError {
  const message = withheld
    ? "The database is unavailable: this request's restricted data was withheld and nothing was changed; try again shortly"
    : 'The database is unavailable; try again shortly';
  return new GraphQLError(message, { extensions: { code: DATABASE_UNAVAILABLE } });
}

/** Whether an answer's errors say the database was out of reach (the gateway sees them coded by its subgraphs). */
export function mentionsUnavailableDatabase(errors: readonly GraphQLFormattedError[] | undefined): boolean {
  return errors?.some((error) => error.extensions?.code === DATABASE_UNAVAILABLE) ?? false;
}

/** Asks the client to come back shortly; `nothingServed` when the answer holds no data. */
export function retryLater(http: HTTPGraphQLHead, nothingServed: boolean): void {
  http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
  if (nothingServed) http.status = 503;
}
