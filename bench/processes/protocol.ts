// Messages between the harness and the processes it starts (Node IPC, `fork`).
import type { SubgraphName } from '../../platform/subgraph.js';

/** What the harness asks a child process. */
export type Request = { type: 'counters' } | { type: 'load'; job: LoadJob };

/** What a child process answers. */
export type Reply = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'counters'; counters: Counters } | { type: 'loaded'; result: LoadResult };

/** Running totals of a subgraph host process, read before and after a probe. */
export interface Counters {
  /** SQL statements sent through Drizzle (platform/database.ts `sqlStatements`). */
  statements: number;
  /** GraphQL requests received, by subgraph. */
  requests: Partial<Record<SubgraphName, number>>;
}

/** One subgraph a host process serves. */
export interface HostedSubgraph {
  name: SubgraphName;
  /** False only for the hub whose authorisation is off (what authorisation costs). */
  authorisation: boolean;
  /** False only for the hub whose audit is off (what the audit trail costs). */
  audit: boolean;
  port: number;
}

export interface HostSpec {
  subgraphs: HostedSubgraph[];
  /** Also serve the plain-SQL floor on this port. */
  floorPort?: number;
}

export interface GatewaySpec {
  kind: 'hub' | 'apollo' | 'hive';
  port: number;
  subgraphUrls: Record<SubgraphName, string>;
  /** The hub only: false builds it with authorisation (and audit) off. */
  authorisation: boolean;
  /** Hive Gateway only: false turns off its default merging of identical in-flight subgraph requests. */
  deduplicateInflightRequests?: boolean;
  /** Hive Gateway only: plan with Hive Router's Rust query planner (`@graphql-hive/router-runtime`). */
  rustPlanner?: boolean;
}

/** One request body and the hash of the answer it must get (cursors left out). */
export interface ExpectedExchange {
  body: string;
  answerHash: string;
  /** This request's own headers (a user's token, a purpose), on top of the job's. */
  headers?: Record<string, string>;
}

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  /** Sent in turn, spread over the connections. */
  exchanges: ExpectedExchange[];
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 2xx answers that were not the expected data (a fast wrong answer is a failure). */
  wrongAnswers: number;
  /** Response bytes per second. */
  bytesPerSecond: number;
}
