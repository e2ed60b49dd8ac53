// The HTTP status of an answer that serves no data, from its errors: GraphQL over HTTP
// answers 200 whenever there is data to show, and the codes below say what went wrong
// when there is none. The gateway and every subgraph answer alike.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { mentionsUnavailableDatabase, retryLater } from './unavailable.js';

/** No data, or every field the operation asked for at its root null. */
const servesNothing = (data: Record<string, unknown> | null | undefined) => data == null || Object.values(data).every((value) => value === null);

/** Every error says an argument the caller sent is not acceptable (badUserInput with its name). */
const onlyBadArguments = (errors: readonly GraphQLFormattedError[] | undefined) =>
  errors !== undefined &&
  errors.length > 0 &&
  errors.every((error) => error.extensions?.code === 'BAD_USER_INPUT' && typeof error.extensions.argumentName === 'string');

/**
 * An answer that met an unavailable database carries `Retry-After`, and is 503 when it serves
 * nothing (the audit plugin sets the same on the answers it withholds). An answer refused only
 * for arguments that are not acceptable (a date that is no date, found while resolving) is 400
 * when it serves nothing, as Apollo Server answers variables that are not. A mutation's input
 * refused field by field (`extensions.fields`) stays a 200 answer for the form to show.
 */
export function answerStatus(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (mentionsUnavailableDatabase(errors)) retryLater(response.http, servesNothing(data));
          else if (onlyBadArguments(errors) && servesNothing(data) && (response.http.status ?? 200) === 200) response.http.status = 400;
        },
      };
    },
  };
}
