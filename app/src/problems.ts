// What went wrong, in words for the user, from Apollo Client's error: the hub's stable
// `extensions.code`s, HTTP statuses from the hub or what stands in front of it, and the
// network. Pages show these without losing what the user typed.
import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';

export interface HubError {
  message: string;
  path?: readonly (string | number)[] | undefined;
  extensions?: Record<string, unknown> | undefined;
}

export type ProblemKind = 'network' | 'unauthenticated' | 'rate-limited' | 'persisted-only' | 'unavailable' | 'forbidden' | 'conflict' | 'bad-input' | 'other';

export interface Problem {
  kind: ProblemKind;
  /** What to tell the user. */
  message: string;
  /** Bad fields of a mutation's input ("input.body") with their messages. */
  fields: { field: string; message: string }[];
  /** With CONFLICT: the version the record is at now. */
  currentVersion?: number | undefined;
}

/** The GraphQL errors of an answer, whether it came with data or with an HTTP error status. */
export function hubErrors(error: unknown): HubError[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors as HubError[];
  if (ServerError.is(error) || ServerParseError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: HubError[] };
      return Array.isArray(body.errors) ? body.errors : [];
    } catch {
      return [];
    }
  }
  return [];
}

const codeOf = (error: HubError) => String(error.extensions?.code ?? '');

/** Refusals of a field: not the viewer's to read (FORBIDDEN), or of a service their organisation does not draw down (NOT_ENTITLED). */
const REFUSALS = new Set(['FORBIDDEN', 'NOT_ENTITLED']);

/** The paths ("person.salary") of fields the viewer may not read. */
export function refusedPaths(error: unknown): Set<string> {
  return new Set(
    hubErrors(error)
      .filter((e) => REFUSALS.has(codeOf(e)) && e.path)
      .map((e) => e.path!.join('.')),
  );
}

/** The services that did not answer (SUBGRAPH_UNAVAILABLE), by the message's name of them. */
export function unavailableServices(error: unknown): string[] {
  return hubErrors(error)
    .filter((e) => codeOf(e) === 'SUBGRAPH_UNAVAILABLE')
    .map((e) => /The (\w+) service/.exec(e.message)?.[1] ?? 'a')
    .filter((name, i, all) => all.indexOf(name) === i);
}

function statusOf(error: unknown): number | undefined {
  return ServerError.is(error) || ServerParseError.is(error) ? error.statusCode : undefined;
}

/**
 * The one problem to show for a failed request. FORBIDDEN and SUBGRAPH_UNAVAILABLE next to
 * data are not failures of the page: pages show those where the data would be.
 */
export function problemOf(error: unknown): Problem {
  const errors = hubErrors(error);
  const status = statusOf(error);
  const first = errors[0];
  const code = first ? codeOf(first) : '';
  const fields = errors.flatMap((e) => (Array.isArray(e.extensions?.fields) ? (e.extensions.fields as Problem['fields']) : []));
  if (status === 429 || code === 'RATE_LIMITED') {
    return { kind: 'rate-limited', message: 'Too many requests have been sent in a short time. Wait a minute, then try again.', fields };
  }
  if (status === 401 || code === 'UNAUTHENTICATED') {
    return { kind: 'unauthenticated', message: 'Your sign-in has expired or is no longer accepted. Sign in again to carry on.', fields };
  }
  if (code === 'PERSISTED_QUERY_REQUIRED') {
    return {
      kind: 'persisted-only',
      message: 'Your account may run only the hub’s registered reporting operations, so this page cannot be shown to it. Sign in as a member of staff.',
      fields,
    };
  }
  if (code === 'CONFLICT') {
    const currentVersion = Number(first?.extensions?.currentVersion);
    return {
      kind: 'conflict',
      message: 'Someone else changed this case after you opened it. The case below is as it is now: check it, then try again.',
      fields,
      currentVersion: Number.isFinite(currentVersion) ? currentVersion : undefined,
    };
  }
  if (code === 'BAD_USER_INPUT') return { kind: 'bad-input', message: first!.message, fields };
  if (REFUSALS.has(code)) return { kind: 'forbidden', message: first!.message, fields };
  if (code === 'SUBGRAPH_UNAVAILABLE') {
    return { kind: 'unavailable', message: `${first!.message}. Try again in a few minutes.`, fields };
  }
  if (!first && status === undefined && error instanceof Error) {
    return { kind: 'network', message: 'The hub could not be reached. Check your connection, then try again.', fields };
  }
  return { kind: 'other', message: first?.message ?? 'Something went wrong. Try again later.', fields };
}
