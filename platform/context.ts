// What every resolver receives: the verified viewer, the request's loaders, its writes,
// its audit records and its questions to other subgraphs.
import type { ChangeLog, RequestAudit } from './audit.js';
import type { Database } from './database.js';
import type { Peers } from './peers.js';
import type { Viewer } from './policy.js';

export interface SubgraphContext<Loaders> {
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
  /** The request's audit records in this subgraph: shield reports reads to it. */
  audit: RequestAudit;
  /**
   * Runs one mutation's writes in one transaction, under the viewer's row-level
   * security. Each change to SENSITIVE or POLICE data is recorded with
   * `changes.record(...)`; the records are appended in the same transaction, so the
   * change and its record commit together or not at all.
   */
  write<T>(work: (db: Database, changes: ChangeLog) => Promise<T>): Promise<T>;
  /** Entities of other subgraphs, asked for as the caller. */
  peers: Peers;
}
