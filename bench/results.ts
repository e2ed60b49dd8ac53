// The shape of bench/results/bench-<engine>-<mode>.json, which BENCHMARKS.md is generated from.
import type { MemoryFlatness } from './procstat.js';
import type { LoadResult } from './processes/protocol.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface GroupUsage {
  /** CPU seconds per second over the measurement (1.0 is one core). */
  cpuCores: number;
  /** Peak resident memory, MiB (summed over the group's processes). */
  peakMiB: number;
}

export interface Measurement extends LoadResult {
  /** Errors, non-2xx answers and wrong answers together. */
  failures: number;
  gateway: GroupUsage | null;
  subgraphs: GroupUsage;
}

/** What a scenario is measured against (bench/run.ts, targetsFor). */
export const TARGET_NAMES = ['hub', 'baseline', 'hub-open', 'hub-unaudited', 'apollo', 'hive', 'hive-router', 'hive-unmerged', 'direct', 'sql'] as const;

export interface TargetResult {
  target: (typeof TARGET_NAMES)[number];
  label: string;
  /** Distinct requests cycled through (pages of an extract), each with its checked answer. */
  requestsPerMeasurement: number;
  /** Counted exactly over sequential requests; null for the plain-SQL floor. */
  perRequest: { sqlStatements: number; subgraphRequests: Record<string, number> } | null;
  /** SQL statements per request at page sizes (the scenario's own and 10). */
  sqlStatementsByPageSize: Record<string, number>;
  /** Requests per second of each warm-up window, where the warm-up lasts until throughput stops rising. */
  warmup?: number[];
  measurements: Measurement[];
  summary: {
    requestsPerSecond: Spread;
    p50: Spread;
    p97_5: Spread;
    p99: Spread;
    failures: number;
    gatewayCpuCores: Spread | null;
    gatewayPeakMiB: number | null;
    subgraphCpuCores: Spread;
    subgraphPeakMiB: number;
  };
}

export interface ScenarioResult {
  name: string;
  title: string;
  viewer: string;
  purpose: string | null;
  /** False while this build has no GraphQL field for the scenario: only the floor is measured. */
  graphqlAvailable: boolean;
  /** Paged scenarios: rows per request (page). */
  rowsPerRequest: number | null;
  targets: TargetResult[];
  /** Paged scenarios: one client reading every page of the list through the hub, memory sampled throughout. */
  longExtract?: LongExtract;
  /** The many-users scenario: who sent what. */
  mix?: MixSummary;
}

export interface MixSummary {
  councilStaff: number;
  policeAnalysts: number;
  /** Distinct requests cycled through, and how many of each kind. */
  requests: number;
  byKind: Record<string, number>;
  distinctPeople: number;
  staffListPages: number;
  caseListPages: number;
  connections: number;
  /** The earlier commit the baseline hub is checked out at, when it was measured. */
  baselineCommit: string | null;
}

export interface LongExtract {
  rows: number;
  pages: number;
  seconds: number;
  /** The hub's gateway and the process serving the list's subgraph. */
  memory: { gateway: MemoryFlatness; subgraph: MemoryFlatness };
}

export interface Results {
  date: string;
  /** True unless the run was made with --published on a quiet machine. */
  development: boolean;
  machine: { cpus: number; model: string; memoryGiB: number; node: string };
  database: 'pglite' | 'postgres';
  settings: {
    mode: string;
    scale: number;
    durationSeconds: number;
    warmupSeconds: number;
    rounds: number;
    connections: number;
    payments: number;
    /** The many-users scenario's most warm-up per target (absent from older results). */
    mixWarmupSeconds?: number;
    /** Unmeasured load on a many-users target just before each of its rounds (absent from older results). */
    mixSettleSeconds?: number;
  };
  scenarios: ScenarioResult[];
}
