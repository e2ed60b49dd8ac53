// Asking another subgraph for its entities, over HTTP, through Federation's own
// entity interface (`_entities`), never through its tables. The caller's own
// Authorization, X-Purpose and request id go with the question, so the other
// subgraph verifies the caller itself and answers only what the caller may read.
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER } from './http.js';
import { AUTHORIZATION_HEADER, PURPOSE_HEADER } from './identity.js';
import { logger } from './logger.js';
import type { SubgraphName } from '../subgraphs/registry.js';

/** How long a peer may take to answer before it counts as unavailable. */
export const PEER_TIMEOUT_MS = 5_000;

/** Where the other subgraphs listen. */
export type PeerUrls = Partial<Record<SubgraphName, string>>;

/** The caller's credentials as received, passed on unchanged. */
export interface Caller {
  requestId: string;
  authorization?: string | undefined;
  purpose?: string | undefined;
}

export interface Peers {
  /**
   * Entities of `type` owned by `peer`, in the order of `keys`, with the fields in
   * `selection`: null for an entity the caller may not read (or that does not exist),
   * and null for each field of it the caller may not read. Throws SUBGRAPH_UNAVAILABLE,
   * naming the peer, when it cannot be reached or does not answer in time.
   */
  entities<Entity>(peer: SubgraphName, type: string, selection: string, keys: readonly Record<string, unknown>[]): Promise<(Entity | null)[]>;
}

/** The same error the gateway gives for a subgraph it cannot reach. */
export function peerUnavailable(peer: SubgraphName): GraphQLError {
  return new GraphQLError(`The ${peer} service is unavailable`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
}

const TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface EntitiesResponse {
  data?: { _entities?: unknown } | null;
  errors?: { extensions?: { code?: unknown } }[];
}

export function peersFor(urls: PeerUrls, caller: Caller, timeoutMs = PEER_TIMEOUT_MS): Peers {
  return {
    async entities<Entity>(peer: SubgraphName, type: string, selection: string, keys: readonly Record<string, unknown>[]) {
      if (keys.length === 0) return [];
      if (!TYPE_NAME.test(type)) throw new Error(`Not a type name: ${type}`);
      const url = urls[peer];
      if (!url) {
        logger.warn({ peer }, 'no URL for peer subgraph');
        throw peerUnavailable(peer);
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', [REQUEST_ID_HEADER]: caller.requestId };
      if (caller.authorization !== undefined) headers[AUTHORIZATION_HEADER] = caller.authorization;
      if (caller.purpose !== undefined) headers[PURPOSE_HEADER] = caller.purpose;
      const query = `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${type} { ${selection} } } }`;
      let answer: EntitiesResponse;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query, variables: { representations: keys.map((key) => ({ __typename: type, ...key })) } }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok) throw new Error(`HTTP status ${response.status}`);
        answer = (await response.json()) as EntitiesResponse;
      } catch (error) {
        logger.warn({ err: error, peer, requestId: caller.requestId }, 'peer subgraph unreachable');
        throw peerUnavailable(peer);
      }
      const entities = answer.data?._entities;
      // Refusals of what the caller may not read are expected (those entities or fields are null); any other error is the peer's fault.
      const faults = (answer.errors ?? []).filter((error) => error.extensions?.code !== 'FORBIDDEN');
      if (!Array.isArray(entities) || entities.length !== keys.length || faults.length > 0) {
        logger.warn({ peer, requestId: caller.requestId, codes: faults.map((error) => error.extensions?.code) }, 'peer subgraph gave no usable answer');
        throw peerUnavailable(peer);
      }
      return entities as (Entity | null)[];
    },
  };
}
