// What every resolver receives: the verified viewer, the request's loaders, its writes
// and its questions to other subgraphs.
import type { Database } from './database.js';
import type { Peers } from './peers.js';
import type { Viewer } from './policy.js';

export interface SubgraphContext<Loaders> {
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
  /** Runs one mutation's writes in one transaction, under the viewer's row-level security. */
  write<T>(work: (db: Database) => Promise<T>): Promise<T>;
  /** Entities of other subgraphs, asked for as the caller. */
  peers: Peers;
}
