// What every resolver receives: the verified viewer and the request's loaders.
import type { Database } from './database.js';
import type { Viewer } from './policy.js';

export interface SubgraphContext<Loaders> {
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
  /** Runs one mutation's writes in one transaction, under the viewer's row-level security. */
  write<T>(work: (db: Database) => Promise<T>): Promise<T>;
}
