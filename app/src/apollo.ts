// The app's Apollo Client: one endpoint, /graphql on the same origin as the app, with the
// signed-in user's token and stated purpose on every request.
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { currentPurpose, currentToken, signOut } from './session.js';

/**
 * Header values travel as bytes: a purpose with characters beyond Latin-1 (an en dash, a
 * name) goes as its UTF-8 bytes, which the hub reads back as UTF-8.
 */
function headerValue(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

export const EXPIRED_MESSAGE = 'Your sign-in has expired or is no longer accepted. Sign in again to carry on.';

/** Adds the credentials, and signs out on a 401: the hub refused the token (expired, revoked, wrong key). */
const hubFetch: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  const token = currentToken();
  const purpose = currentPurpose();
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (purpose) headers.set('x-purpose', headerValue(purpose));
  const response = await fetch(input, { ...init, headers });
  if (response.status === 401 && token) signOut(EXPIRED_MESSAGE);
  return response;
};

// Declared so the result types know the defaults: with errorPolicy 'all', data and error come together.
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
      interface Mutate {
        errorPolicy: 'none';
      }
    }
  }
}

export function createClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', fetch: hubFetch }),
    cache: new InMemoryCache(),
    defaultOptions: {
      // Refused fields come back null with FORBIDDEN errors at their paths: keep the data, show the errors.
      watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-and-network' },
      query: { errorPolicy: 'all' },
      mutate: { errorPolicy: 'none' },
    },
  });
}
