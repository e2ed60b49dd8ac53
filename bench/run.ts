// The benchmark harness: seeds the database at a chosen scale, starts the subgraphs as
// separate processes, and drives each gateway in turn over the same subgraphs, data and
// tokens with autocannon from a process of its own. Results go to bench/results/ and
// BENCHMARKS.md is regenerated from them (bench/report.ts).
//
//   npm run bench                  quick: scale 1, 3 s x 3 rounds per gateway (a few minutes)
//   npm run bench -- --full        scale 20 (a million payments), 20 s x 5 rounds
//   npm run bench -- --many-users  the many-users scenario alone, scale 1, 8 s x 3 rounds (a few minutes)
//   options: --scale N --duration S --warmup S --rounds N --connections N --only a,b --reseed
//            --mix-warmup S (most warm-up of the many-users scenario) --settle S (its load before each round)
//            --baseline <commit> (the baseline hub)
//            --targets hub-unaudited,... (measure only these beside the hub: quicker A/B runs while developing)
//            --published (a run on a quiet machine; otherwise results say they come from a development run)
//
// PostgreSQL when DATABASE_URL is set (the setting for published numbers): one process per
// subgraph. Without it the embedded database in .data/bench (PGlite) belongs to one process,
// so all subgraphs and the floor share that one; gateways and the load stay separate.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { count, sql } from 'drizzle-orm';
import { seedDatabase } from '../drizzle/seed/index.js';
import { payment } from '../drizzle/finance.js';
import { loadConfig, type Config } from '../platform/config.js';
import { openDatabase } from '../platform/database.js';
import { isSeeded } from '../platform/prepare.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry.js';
import { answerHash, withoutCursors } from './answers.js';
import { BASELINE_COMMIT, baselineCheckout } from './baseline.js';
import {
  MANY_USERS,
  MANY_USERS_TITLE,
  MIX,
  MIX_COUNCILS,
  POLICE,
  QUERIES,
  checkMixAnswer,
  chooseMixPeople,
  mixUsers,
  pageCursors,
  planMix,
  proportionalSample,
  userHeaders,
  type GraphqlCall,
} from './many-users.js';
import { FLOOR_PATH } from './floor.js';
import { memoryFlatness, sampleProcesses, type ProcessUsage } from './procstat.js';
import type { Counters, ExpectedExchange, GatewaySpec, HostSpec, LoadResult, Reply, Request } from './processes/protocol.js';
import { renderReport } from './report.js';
import { TARGET_NAMES, type LongExtract, type Results, type ScenarioResult, type TargetResult, type Measurement, type Spread } from './results.js';
import { SCENARIOS, headersFor, type Prepared, type Scenario } from './scenarios.js';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    'many-users': { type: 'boolean', default: false },
    'mix-warmup': { type: 'string' },
    settle: { type: 'string' },
    baseline: { type: 'string' },
    scale: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    only: { type: 'string' },
    targets: { type: 'string' },
    reseed: { type: 'boolean', default: false },
    published: { type: 'boolean', default: false },
  },
});
// The many-users scenario warms each target up in windows until throughput stops rising
// (JIT, caches and pools fill for a while), up to `mixWarmup` seconds, and each target again
// for `settle` seconds, unmeasured, just before each of its rounds: a target's processes sit
// idle while the others run, and come back slower (their pools close idle connections after
// 10 s, node-postgres' default, and new database sessions plan their first statements slowly).
const SETTLE_SECONDS = 2;
const preset = values.full
  ? { scale: 20, duration: 20, warmup: 5, rounds: 5, connections: 10, mixWarmup: 60 }
  : values['many-users']
    ? { scale: 1, duration: 8, warmup: 2, rounds: 3, connections: 10, mixWarmup: 30 }
    : { scale: 1, duration: 3, warmup: 2, rounds: 3, connections: 10, mixWarmup: 30 };
const settings = {
  mode: values.full ? 'full' : values['many-users'] ? 'many-users' : 'quick',
  scale: Number(values.scale ?? preset.scale),
  durationSeconds: Number(values.duration ?? preset.duration),
  warmupSeconds: Number(values.warmup ?? preset.warmup),
  rounds: Number(values.rounds ?? preset.rounds),
  connections: Number(values.connections ?? preset.connections),
  mixWarmupSeconds: Number(values['mix-warmup'] ?? preset.mixWarmup),
  mixSettleSeconds: Number(values.settle ?? SETTLE_SECONDS),
};
for (const [name, value] of Object.entries(settings)) {
  if (typeof value === 'number' && !(value > 0)) throw new Error(`--${name} must be a positive number`);
}
const only = values.only?.split(',') ?? (values['many-users'] ? [MANY_USERS] : undefined);
const scenarios = SCENARIOS.filter((scenario) => !only || only.includes(scenario.name));
const manyUsers = !only || only.includes(MANY_USERS);
// The hub is always measured: every other target is compared with it.
const onlyTargets = values.targets?.split(',');
const unknownTargets = onlyTargets?.filter((name) => !TARGET_NAMES.includes(name as never)) ?? [];
if (unknownTargets.length > 0) throw new Error(`--targets: unknown ${unknownTargets.join(', ')} (known: ${TARGET_NAMES.join(', ')})`);
const measured = (target: { name: string }) => !onlyTargets || target.name === 'hub' || onlyTargets.includes(target.name);

/**
 * Ports 5160-5259 are the benchmark's; BENCH_PORT_BASE moves the block (two runs on one
 * machine, each from its own checkout, need not share ports).
 */
const BASE = Number(process.env.BENCH_PORT_BASE ?? 5160);
if (!Number.isInteger(BASE) || BASE < 1024 || BASE > 65_000) throw new Error('BENCH_PORT_BASE must be a port number from 1024 to 65000');
/** One block of ports a subgraph set, a port a subgraph in the registry's order. */
const subgraphPorts = (block: number) => Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [name, BASE + block + index])) as Record<SubgraphName, number>;
const PORTS = {
  guarded: subgraphPorts(40),
  open: subgraphPorts(60),
  unaudited: subgraphPorts(80),
  baselineSubgraphs: subgraphPorts(30),
  baseline: BASE + 24,
  hiveRouter: BASE + 25,
  floor: BASE + 10,
  hub: BASE + 11,
  hubOpen: BASE + 12,
  apollo: BASE + 13,
  hive: BASE + 14,
  hiveUnmerged: BASE + 23,
  hubUnaudited: BASE + 22,
} as const;
/** Subgraphs with everything on; with authorisation (and so audit) off; with authorisation on and audit off. */
type SubgraphSet = 'guarded' | 'open' | 'unaudited';

const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  // Measured as deployed: graphql-js checks every type test for a second copy of itself unless
  // NODE_ENV is production (a third of the finance subgraph's CPU on the spend aggregate).
  // Production refuses the published demo secrets, so each run makes its own.
  NODE_ENV: 'production',
  AUTH_SECRET: randomBytes(32).toString('base64url'),
  CURSOR_SECRET: randomBytes(32).toString('base64url'),
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
  PGLITE_DIR: '.data/bench',
  // No usage reporting or inline traces for any gateway.
  APOLLO_KEY: '',
  APOLLO_GRAPH_REF: '',
};
delete childEnv.APOLLO_KEY;
delete childEnv.APOLLO_GRAPH_REF;
const config: Config = loadConfig(childEnv);
const log = (message: string) => process.stderr.write(`${message}\n`);

// ---- the database: seeded at the chosen scale, then left to the subgraph processes

async function seedAndPrepare(): Promise<{
  engine: 'pglite' | 'postgres';
  seedRows: number;
  prepared: Map<string, Prepared>;
  mixPeople: { id: string; organisation: string }[];
  /** Connections the server takes beyond those already open (PostgreSQL only). */
  freeConnections: number | null;
}> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: 2 });
  try {
    await database.migrate();
    const expectedPayments = Math.max(1, Math.round(50_000 * settings.scale));
    const [payments] = await database.db.select({ n: count() }).from(payment);
    if (values.reseed || !(await isSeeded(database.db)) || payments!.n !== expectedPayments) {
      log(`seeding at scale ${settings.scale} on ${database.engine} ...`);
      await seedDatabase(database.db, { scale: settings.scale, log });
    } else log(`database already seeded at scale ${settings.scale}`);
    const prepared = new Map<string, Prepared>();
    for (const scenario of scenarios) prepared.set(scenario.name, await scenario.prepare(database.db));
    const mixPeople = manyUsers ? await chooseMixPeople(database.db) : [];
    const [seeded] = await database.db.select({ n: count() }).from(payment);
    const freeConnections =
      database.engine === 'postgres'
        ? (
            (await database.db.execute(
              sql`select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                         - (select count(*) from pg_stat_activity where backend_type = 'client backend')::int as free`,
            )) as unknown as { rows: { free: number }[] }
          ).rows[0]!.free
        : null;
    return { engine: database.engine, seedRows: seeded!.n, prepared, mixPeople, freeConnections };
  } finally {
    await database.close();
  }
}

// ---- child processes

interface Child {
  name: string;
  process: ChildProcess;
  /** Ended by closing its IPC channel (it exits on its own), not killed: set when it runs with extra Node flags. */
  endsOnDisconnect: boolean;
  ask<T extends Reply['type']>(request: Request, answer: T): Promise<Extract<Reply, { type: T }>>;
}

const children: Child[] = [];
let stopping = false;

/**
 * Extra Node flags for profiling under load, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof":
 * BENCH_GATEWAY_NODE_OPTIONS for every gateway process, BENCH_SUBGRAPH_NODE_OPTIONS for the
 * subgraph processes. Such processes are ended by closing their IPC channel (they exit on
 * their own, so the profile gets written), not killed.
 */
const nodeOptionsOf = (variable: string) => process.env[variable]?.split(/\s+/).filter(Boolean) ?? [];
const gatewayNodeOptions = nodeOptionsOf('BENCH_GATEWAY_NODE_OPTIONS');
const subgraphNodeOptions = nodeOptionsOf('BENCH_SUBGRAPH_NODE_OPTIONS');

function start(name: string, file: string, spec: unknown, env = childEnv, nodeOptions: string[] = [], cwd?: string): Promise<Child> {
  // A baseline's process runs from its own checkout (cwd), with that checkout's tsx and dependencies.
  const child = fork(cwd ? join(cwd, file) : file, [JSON.stringify(spec)], {
    env,
    cwd,
    execArgv: ['--import', 'tsx', ...nodeOptions],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const handle: Child = {
    name,
    process: child,
    endsOnDisconnect: nodeOptions.length > 0,
    ask: (request, answer) =>
      new Promise((resolve, reject) => {
        const onMessage = (message: Reply) => {
          if (message.type === answer || message.type === 'failed') {
            child.off('message', onMessage);
            if (message.type === 'failed') reject(new Error(`${name}: ${message.message}`));
            else resolve(message as never);
          }
        };
        child.on('message', onMessage);
        child.send(request);
      }),
  };
  children.push(handle);
  // Profiles and the like are named by process id.
  if (nodeOptions.length > 0) log(`${name}: process ${child.pid} runs with ${nodeOptions.join(' ')}`);
  child.once('exit', (code, signal) => {
    if (!stopping) log(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`})`);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready`)));
    child.on('message', function onReady(message: Reply) {
      if (message.type === 'failed') reject(new Error(`${name}: ${message.message}`));
      if (message.type === 'ready') {
        child.off('message', onReady);
        resolve(handle);
      }
    });
  });
}

function stopChildren(): void {
  // Once: called again on exit, it would kill the gateways that are still writing their profiles.
  if (stopping) return;
  stopping = true;
  // Nothing to save in any of them; Hive Gateway would wait for open connections on SIGTERM.
  // A process with extra Node flags may have something to write on exit (a CPU profile).
  for (const child of children) {
    if (child.endsOnDisconnect && child.process.connected) child.process.disconnect();
    else child.process.kill('SIGKILL');
  }
}
process.once('exit', stopChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const subgraphUrls = (set: SubgraphSet | 'baselineSubgraphs') =>
  Object.fromEntries(Object.entries(PORTS[set]).map(([name, port]) => [name, `http://127.0.0.1:${port}/graphql`])) as Record<SubgraphName, string>;

interface Running {
  /** The processes that serve each subgraph set (and the floor): one per subgraph on PostgreSQL, one in all on PGlite. */
  hosts: Record<SubgraphSet | 'floor', Child[]>;
  /** Those the run needs (see `needs`): the hub, bare Apollo and Hive Gateway always. */
  gateways: Record<'hub' | 'apollo' | 'hive', Child> & Partial<Record<'hubOpen' | 'hubUnaudited' | 'hiveUnmerged' | 'hiveRouter', Child>>;
  /** The hub at an earlier commit, its gateway over its own subgraph processes (PostgreSQL only). */
  baseline?: { commit: string; gateway: Child; hosts: Child[] };
  load: Child;
}

/**
 * Which subgraph sets and gateways the run needs: the many-users scenario measures only the
 * guarded set (and the baseline's own); the other scenarios also the open and unaudited sets
 * and the floor. Starting only those keeps the processes within PostgreSQL's connections.
 */
const needs = {
  open: scenarios.length > 0 && measured({ name: 'hub-open' }),
  unaudited: scenarios.length > 0 && measured({ name: 'hub-unaudited' }),
  hiveUnmerged: scenarios.length > 0 && measured({ name: 'hive-unmerged' }),
  floor: scenarios.some((scenario) => scenario.floor) && measured({ name: 'sql' }),
  hiveRouter: manyUsers && measured({ name: 'hive-router' }),
  baseline: manyUsers && measured({ name: 'baseline' }),
};

/**
 * Sizes every subgraph process's pool so that all of them together stay within the server's
 * free connections: a process that cannot connect answers with errors, which would be measured
 * as the hub's. DATABASE_POOL_SIZE, when set, is kept (and may then run out).
 */
function fitPools(freeConnections: number): void {
  if (process.env.DATABASE_POOL_SIZE) return;
  const processes = SUBGRAPH_NAMES.length * (1 + Number(needs.open) + Number(needs.unaudited) + Number(needs.baseline)) + Number(needs.floor);
  // Each audited subgraph also holds one connection of its own for appending to the trail.
  const poolSize = Math.min(config.DATABASE_POOL_SIZE, Math.floor(freeConnections / processes) - 1);
  if (poolSize < 2) throw new Error(`PostgreSQL has ${freeConnections} free connections: too few for ${processes} subgraph processes`);
  childEnv.DATABASE_POOL_SIZE = String(poolSize);
  log(`${processes} subgraph processes, each with a pool of ${poolSize} connections (${freeConnections} free on the server)`);
}

async function startProcesses(engine: 'pglite' | 'postgres'): Promise<Running> {
  const host = (name: string, spec: HostSpec) => start(name, 'bench/processes/subgraphs.ts', spec, childEnv, subgraphNodeOptions);
  const hosted = (set: SubgraphSet) =>
    set !== 'guarded' && !needs[set]
      ? []
      : SUBGRAPH_NAMES.map((name) => ({ name, authorisation: set !== 'open', audit: set === 'guarded', port: PORTS[set][name] }));
  let hosts: Running['hosts'];
  if (engine === 'pglite') {
    const all = await host('subgraphs', {
      subgraphs: [...hosted('guarded'), ...hosted('open'), ...hosted('unaudited')],
      ...(needs.floor ? { floorPort: PORTS.floor } : {}),
    });
    hosts = { guarded: [all], open: [all], unaudited: [all], floor: [all] };
  } else {
    const perSubgraph = (set: SubgraphSet) => Promise.all(hosted(set).map((subgraph) => host(`${set} ${subgraph.name}`, { subgraphs: [subgraph] })));
    hosts = {
      guarded: await perSubgraph('guarded'),
      open: await perSubgraph('open'),
      unaudited: await perSubgraph('unaudited'),
      floor: needs.floor ? [await host('floor', { subgraphs: [], floorPort: PORTS.floor })] : [],
    };
  }
  const gateway = (name: string, spec: GatewaySpec) =>
    spec.kind === 'hive'
      ? // Hive Gateway reads LOG_LEVEL itself and knows no "silent"; `logging: false` quiets it.
        start(name, 'bench/processes/hive.mjs', spec, { ...childEnv, LOG_LEVEL: 'error' }, gatewayNodeOptions)
      : start(name, 'bench/processes/gateway.ts', spec, childEnv, gatewayNodeOptions);
  const when = (needed: boolean, starting: () => Promise<Child>) => (needed ? starting() : Promise.resolve(undefined));
  const [hub, hubOpen, hubUnaudited, apollo, hive, hiveUnmerged, hiveRouter, load] = await Promise.all([
    gateway('hub', { kind: 'hub', port: PORTS.hub, subgraphUrls: subgraphUrls('guarded'), authorisation: true }),
    when(needs.open, () => gateway('hub, authorisation off', { kind: 'hub', port: PORTS.hubOpen, subgraphUrls: subgraphUrls('open'), authorisation: false })),
    // The gateway keeps no trail of its own: audit off is a property of its subgraphs.
    when(needs.unaudited, () =>
      gateway('hub, audit off', { kind: 'hub', port: PORTS.hubUnaudited, subgraphUrls: subgraphUrls('unaudited'), authorisation: true }),
    ),
    gateway('bare @apollo/gateway', { kind: 'apollo', port: PORTS.apollo, subgraphUrls: subgraphUrls('guarded'), authorisation: true }),
    gateway('Hive Gateway', { kind: 'hive', port: PORTS.hive, subgraphUrls: subgraphUrls('guarded'), authorisation: true }),
    when(needs.hiveUnmerged, () =>
      gateway('Hive Gateway, requests unmerged', {
        kind: 'hive',
        port: PORTS.hiveUnmerged,
        subgraphUrls: subgraphUrls('guarded'),
        authorisation: true,
        deduplicateInflightRequests: false,
      }),
    ),
    when(needs.hiveRouter, () =>
      gateway('Hive Gateway, Rust query planner', {
        kind: 'hive',
        port: PORTS.hiveRouter,
        subgraphUrls: subgraphUrls('guarded'),
        authorisation: true,
        rustPlanner: true,
      }),
    ),
    start('load', 'bench/processes/load.ts', {}),
  ]);
  return {
    hosts,
    gateways: { hub: hub!, hubOpen, hubUnaudited, apollo: apollo!, hive: hive!, hiveUnmerged, hiveRouter },
    ...(needs.baseline ? { baseline: await startBaseline(engine) } : {}),
    load: load!,
  };
}

/**
 * The baseline hub from its own checkout: one process per subgraph and its gateway, started
 * by that commit's own bench entries. PGlite's database belongs to one process (the current
 * subgraphs'), so the baseline needs PostgreSQL.
 */
async function startBaseline(engine: 'pglite' | 'postgres'): Promise<Running['baseline']> {
  if (engine !== 'postgres') {
    log('baseline hub: not measured on PGlite (its subgraphs need a database of their own to share: set DATABASE_URL)');
    return undefined;
  }
  const { dir, commit } = baselineCheckout(values.baseline ?? BASELINE_COMMIT, log);
  const short = commit.slice(0, 7);
  const hosts = await Promise.all(
    SUBGRAPH_NAMES.map((name) =>
      start(
        `baseline ${name}`,
        'bench/processes/subgraphs.ts',
        { subgraphs: [{ name, authorisation: true, audit: true, port: PORTS.baselineSubgraphs[name] }] },
        childEnv,
        subgraphNodeOptions,
        dir,
      ),
    ),
  );
  const gateway = await start(
    `baseline hub ${short}`,
    'bench/processes/gateway.ts',
    { kind: 'hub', port: PORTS.baseline, subgraphUrls: subgraphUrls('baselineSubgraphs'), authorisation: true },
    childEnv,
    gatewayNodeOptions,
    dir,
  );
  return { commit, gateway, hosts };
}

// ---- targets: what a scenario is measured against

interface Target {
  name: TargetResult['target'];
  label: string;
  url: string;
  /** The processes whose CPU and memory count as the gateway's (none when calling a subgraph directly). */
  gateway?: Child;
  /** The processes that serve its subgraphs (or the floor). */
  backends: Child[];
  body(scenario: Scenario, variables: Record<string, unknown>): string;
}

const graphqlBody = (scenario: Scenario, variables: Record<string, unknown>) => JSON.stringify({ query: scenario.query, variables });

/** A gateway's target, or none when the run did not start that gateway (see `needs`). */
const gatewayTarget = (name: Target['name'], label: string, port: number, gateway: Child | undefined, backends: Child[]): Target[] =>
  gateway ? [{ name, label, url: `http://127.0.0.1:${port}/graphql`, gateway, backends, body: graphqlBody }] : [];

function targetsFor(scenario: Scenario, running: Running, engine: 'pglite' | 'postgres'): Target[] {
  const through = (name: Target['name'], label: string, port: number, gateway: Child | undefined, set: SubgraphSet) =>
    gatewayTarget(name, label, port, gateway, running.hosts[set]);
  const targets: Target[] = [];
  if (scenario.available) {
    targets.push(
      ...[
        through('hub', 'hub (authorisation and audit on)', PORTS.hub, running.gateways.hub, 'guarded'),
        through('hub-open', 'hub, authorisation off', PORTS.hubOpen, running.gateways.hubOpen, 'open'),
        through('hub-unaudited', 'hub, audit off', PORTS.hubUnaudited, running.gateways.hubUnaudited, 'unaudited'),
        through('apollo', 'bare @apollo/gateway', PORTS.apollo, running.gateways.apollo, 'guarded'),
        through('hive', 'Hive Gateway', PORTS.hive, running.gateways.hive, 'guarded'),
        through('hive-unmerged', 'Hive Gateway, in-flight requests unmerged', PORTS.hiveUnmerged, running.gateways.hiveUnmerged, 'guarded'),
      ].flat(),
    );
    if (scenario.onlySubgraph) {
      const name = scenario.onlySubgraph;
      const index = SUBGRAPH_NAMES.indexOf(name);
      targets.push({
        name: 'direct',
        label: `${name} subgraph called directly`,
        url: subgraphUrls('guarded')[name],
        backends: engine === 'pglite' ? running.hosts.guarded : [running.hosts.guarded[index]!],
        body: graphqlBody,
      });
    }
  }
  if (scenario.floor && needs.floor) {
    targets.push({
      name: 'sql',
      label: `plain SQL through ${engine === 'postgres' ? 'pg' : 'PGlite'} (the floor)`,
      url: `http://127.0.0.1:${PORTS.floor}${FLOOR_PATH}${scenario.name}`,
      backends: running.hosts.floor,
      body: (_scenario, variables) => JSON.stringify({ variables }),
    });
  }
  return targets;
}

// ---- answers: every exchange is checked once here, then by hash under load

async function exchange(target: Target, headers: Record<string, string>, body: string): Promise<{ text: string; data: any }> {
  const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  const json = JSON.parse(text) as { data?: unknown; errors?: unknown };
  // The errors first: a long answer's data would hide them.
  if (response.status !== 200 || json.errors)
    throw new Error(`${target.label} answered ${response.status}: ${(json.errors ? JSON.stringify(json.errors) : text).slice(0, 500)}`);
  return { text, data: json.data };
}

/** The requests a target is measured with, each with the hash of its checked answer. */
/** Each target's first answer, to show where two answers differ. */
const firstAnswers = new Map<Target, string>();

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return `at character ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 80))} vs ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 80))}`;
}

async function expectedExchanges(target: Target, scenario: Scenario, prepared: Prepared, headers: Record<string, string>): Promise<ExpectedExchange[]> {
  const exchanges: ExpectedExchange[] = [];
  let variables = prepared.variables;
  let rows = 0;
  for (;;) {
    const body = target.body(scenario, variables);
    const answer = await exchange(target, headers, body);
    const problem = prepared.check(answer.data);
    if (problem) throw new Error(`${scenario.name} through ${target.label}: wrong answer: ${problem}`);
    exchanges.push({ body, answerHash: answerHash(answer.text) });
    firstAnswers.set(target, firstAnswers.get(target) ?? withoutCursors(answer.text));
    if (!scenario.paging) return exchanges;
    const connection = scenario.paging.connection(answer.data);
    rows += connection.edges.length;
    if (!connection.pageInfo.hasNextPage || rows >= scenario.paging.rowLimit) break;
    variables = { ...prepared.variables, after: connection.pageInfo.endCursor };
  }
  if (rows !== prepared.expectedRows) throw new Error(`${scenario.name} through ${target.label}: walked ${rows} rows, expected ${prepared.expectedRows}`);
  return exchanges;
}

// ---- measuring

function sumCounters(all: Counters[]): Counters {
  const total: Counters = { statements: 0, requests: {} };
  for (const counters of all) {
    total.statements += counters.statements;
    for (const [name, n] of Object.entries(counters.requests)) total.requests[name as SubgraphName] = (total.requests[name as SubgraphName] ?? 0) + n;
  }
  return total;
}

const countersOf = async (hosts: Child[]) =>
  sumCounters(await Promise.all([...new Set(hosts)].map(async (host) => (await host.ask({ type: 'counters' }, 'counters')).counters)));

/**
 * The counters once the hosts are idle: requests a load left behind (the client gave up on them,
 * the subgraphs still run them) would otherwise count towards the next probe.
 */
async function settledCounters(hosts: Child[]): Promise<Counters> {
  let last = await countersOf(hosts);
  for (let tries = 0; tries < 150; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await countersOf(hosts);
    if (now.statements === last.statements) return now;
    last = now;
  }
  throw new Error('the subgraph hosts did not go idle within 30 s: statements are still being counted');
}

/** SQL statements and subgraph requests per client request, counted exactly over a few sequential requests. */
async function probe(
  target: Target,
  headers: Record<string, string>,
  bodies: (string | { body: string; headers: Record<string, string> })[],
): Promise<NonNullable<TargetResult['perRequest']>> {
  const before = await settledCounters(target.backends);
  for (const body of bodies) await (typeof body === 'string' ? exchange(target, headers, body) : exchange(target, body.headers, body.body));
  const after = await countersOf(target.backends);
  const subgraphRequests = Object.fromEntries(
    Object.entries(after.requests).map(([name, n]) => [name, (n - (before.requests[name as SubgraphName] ?? 0)) / bodies.length]),
  );
  return {
    sqlStatements: (after.statements - before.statements) / bodies.length,
    subgraphRequests: Object.fromEntries(Object.entries(subgraphRequests).filter(([, n]) => n > 0)),
  };
}

const unique = <T>(items: T[]) => [...new Set(items)];

async function measure(
  target: Target,
  running: Running,
  headers: Record<string, string>,
  exchanges: ExpectedExchange[],
  seconds: number,
  connections = settings.connections,
): Promise<Measurement> {
  const pids: Record<string, number> = {};
  if (target.gateway) pids.gateway = target.gateway.process.pid!;
  for (const [index, backend] of unique(target.backends).entries()) pids[`backend${index}`] = backend.process.pid!;
  const sampler = sampleProcesses(pids);
  const job = { url: target.url, headers, exchanges, connections, durationSeconds: seconds };
  let load: LoadResult;
  try {
    load = (await running.load.ask({ type: 'load', job }, 'loaded')).result;
  } catch (error) {
    sampler.stop();
    throw error;
  }
  const usage = sampler.stop();
  const backends = Object.entries(usage)
    .filter(([name]) => name.startsWith('backend'))
    .map(([, value]) => value);
  return {
    ...load,
    failures: load.errors + load.non2xx + load.wrongAnswers,
    gateway: usage.gateway ? summariseUsage([usage.gateway]) : null,
    subgraphs: summariseUsage(backends),
  };
}

/** CPU and memory of a group of processes: CPU summed, peaks summed. */
function summariseUsage(usages: ProcessUsage[]): Measurement['subgraphs'] {
  return {
    cpuCores: usages.reduce((sum, usage) => sum + usage.cpuCores, 0),
    peakMiB: usages.reduce((sum, usage) => sum + usage.peakMiB, 0),
  };
}

function spread(numbers: number[]): Spread {
  const sorted = [...numbers].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
}

function summarise(measurements: Measurement[]): TargetResult['summary'] {
  const of = (pick: (m: Measurement) => number) => spread(measurements.map(pick));
  return {
    requestsPerSecond: of((m) => m.requestsPerSecond),
    p50: of((m) => m.p50),
    p97_5: of((m) => m.p97_5),
    p99: of((m) => m.p99),
    failures: measurements.reduce((sum, m) => sum + m.failures, 0),
    gatewayCpuCores: measurements[0]?.gateway ? of((m) => m.gateway!.cpuCores) : null,
    gatewayPeakMiB: measurements[0]?.gateway ? Math.max(...measurements.map((m) => m.gateway!.peakMiB)) : null,
    subgraphCpuCores: of((m) => m.subgraphs.cpuCores),
    subgraphPeakMiB: Math.max(...measurements.map((m) => m.subgraphs.peakMiB)),
  };
}

/**
 * Memory over a long extract: one client reads every page of the list through the hub, one
 * after another as an extract tool does, while the gateway's and the subgraph's resident
 * memory is sampled (every answer checked, the rows counted to the end).
 */
async function longExtract(
  scenario: Scenario,
  prepared: Prepared,
  running: Running,
  headers: Record<string, string>,
  engine: 'pglite' | 'postgres',
): Promise<LongExtract> {
  const hub = targetsFor(scenario, running, engine).find((target) => target.name === 'hub')!;
  const index = SUBGRAPH_NAMES.indexOf(scenario.onlySubgraph!);
  const subgraph = engine === 'pglite' ? running.hosts.guarded[0]! : running.hosts.guarded[index]!;
  const sampler = sampleProcesses({ gateway: hub.gateway!.process.pid!, subgraph: subgraph.process.pid! });
  const started = performance.now();
  let variables = prepared.variables;
  let rows = 0;
  let pages = 0;
  let usage: Record<string, ProcessUsage>;
  try {
    for (;;) {
      const answer = await exchange(hub, headers, hub.body(scenario, variables));
      const problem = prepared.check(answer.data);
      if (problem) throw new Error(`${scenario.name} long extract: wrong answer: ${problem}`);
      const connection = scenario.paging!.connection(answer.data);
      rows += connection.edges.length;
      pages += 1;
      if (!connection.pageInfo.hasNextPage) break;
      variables = { ...prepared.variables, after: connection.pageInfo.endCursor };
    }
  } finally {
    usage = sampler.stop();
  }
  if (rows !== prepared.allRows) throw new Error(`${scenario.name} long extract: read ${rows} rows, expected ${prepared.allRows}`);
  return {
    rows,
    pages,
    seconds: (performance.now() - started) / 1000,
    memory: { gateway: memoryFlatness(usage.gateway!.timeline), subgraph: memoryFlatness(usage.subgraph!.timeline) },
  };
}

async function runScenario(scenario: Scenario, prepared: Prepared, running: Running, engine: 'pglite' | 'postgres'): Promise<ScenarioResult> {
  const headers = await headersFor(scenario, config);
  const targets = targetsFor(scenario, running, engine).filter(measured);
  log(`\n${scenario.title}: ${targets.map((target) => target.label).join(', ')}`);
  const exchanges = new Map<Target, ExpectedExchange[]>();
  const results = new Map<Target, TargetResult>();
  let reference: { target: Target; answers: string } | undefined;
  for (const target of targets) {
    const expected = await expectedExchanges(target, scenario, prepared, headers);
    exchanges.set(target, expected);
    // The same data from every target (cursors aside): a comparison of different answers would not be fair.
    const answers = expected.map((exchange) => exchange.answerHash).join();
    if (!reference) reference = { target, answers };
    else if (answers !== reference.answers)
      throw new Error(
        `${scenario.name}: ${target.label} answers differently from ${reference.target.label}, ${firstDifference(firstAnswers.get(reference.target)!, firstAnswers.get(target)!)}`,
      );
    const probeBodies = expected.length > 1 ? expected.slice(0, 3).map((e) => e.body) : [expected[0]!.body, expected[0]!.body, expected[0]!.body];
    const pageSizes: TargetResult['sqlStatementsByPageSize'] = {};
    if (target.name !== 'sql' && 'first' in prepared.variables) {
      // The same statements at any page size: the count must not grow with the page.
      for (const first of [10, Number(prepared.variables.first)]) {
        const body = target.body(scenario, { ...prepared.variables, first });
        pageSizes[first] = (await probe(target, headers, [body])).sqlStatements;
      }
    }
    results.set(target, {
      target: target.name,
      label: target.label,
      requestsPerMeasurement: expected.length,
      perRequest: target.name === 'sql' ? null : await probe(target, headers, probeBodies),
      sqlStatementsByPageSize: pageSizes,
      measurements: [],
      summary: undefined as never,
    });
  }
  for (const target of targets) {
    const warm = await measure(target, running, headers, exchanges.get(target)!, settings.warmupSeconds);
    if (warm.failures > 0) throw new Error(`${scenario.name} through ${target.label}: ${warm.failures} failures during warm-up`);
  }
  for (let round = 0; round < settings.rounds; round += 1) {
    // A different order each round, so no target always follows the same one.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      const measurement = await measure(target, running, headers, exchanges.get(target)!, settings.durationSeconds);
      results.get(target)!.measurements.push(measurement);
      log(
        `  round ${round + 1} ${target.label}: ${measurement.requestsPerSecond.toFixed(1)} req/s, p99 ${measurement.p99} ms, ${measurement.failures} failures`,
      );
    }
  }
  for (const result of results.values()) result.summary = summarise(result.measurements);
  let memory: LongExtract | undefined;
  if (scenario.available && scenario.paging && prepared.allRows !== undefined) {
    log(`  long extract: all ${prepared.allRows} rows through the hub, memory sampled ...`);
    memory = await longExtract(scenario, prepared, running, headers, engine);
    log(
      `  long extract: ${memory.pages} pages in ${memory.seconds.toFixed(0)} s; gateway ${JSON.stringify(memory.memory.gateway)}, subgraph ${JSON.stringify(memory.memory.subgraph)}`,
    );
  }
  return {
    name: scenario.name,
    title: scenario.title,
    viewer: 'persona' in scenario.viewer ? scenario.viewer.persona : `staff of ${scenario.viewer.staffOf} (${scenario.viewer.scopes.join(' ')})`,
    purpose: scenario.purpose ?? null,
    graphqlAvailable: scenario.available,
    rowsPerRequest: prepared.expectedRows !== undefined ? prepared.expectedRows / (exchanges.get(targets[0]!)?.length ?? 1) : null,
    targets: [...results.values()],
    ...(memory ? { longExtract: memory } : {}),
  };
}

// ---- many users at once (bench/many-users.ts)

/** Runs `work` over the items with at most `width` in flight; results in the items' order. */
async function inPool<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Seconds per warm-up window; warm-up ends when a window is no more than WARMUP_RISE faster than the one before. */
const WARMUP_WINDOW_SECONDS = 5;
const WARMUP_RISE = 0.03;

/** Warms a target up until its throughput stops rising (or the limit); the windows' requests per second. */
async function warmUntilSteady(target: Target, running: Running, exchanges: ExpectedExchange[], connections: number): Promise<number[]> {
  const windows: number[] = [];
  while (windows.length * WARMUP_WINDOW_SECONDS < settings.mixWarmupSeconds) {
    const warm = await measure(target, running, {}, exchanges, WARMUP_WINDOW_SECONDS, connections);
    // Counted, not fatal: the rounds count every failure in the table, and a long run should not be lost to a few.
    if (warm.failures > 0)
      log(`  ${target.label}: ${warm.failures} failures during warm-up (errors ${warm.errors}, non-2xx ${warm.non2xx}, wrong ${warm.wrongAnswers})`);
    windows.push(warm.requestsPerSecond);
    const [before, last] = windows.slice(-2);
    if (windows.length >= 2 && last! <= before! * (1 + WARMUP_RISE)) break;
  }
  return windows;
}

function manyUsersTargets(running: Running): Target[] {
  const guarded = running.hosts.guarded;
  const baseline = running.baseline;
  return [
    gatewayTarget('hub', 'hub (authorisation and audit on)', PORTS.hub, running.gateways.hub, guarded),
    gatewayTarget('baseline', `baseline hub (${baseline?.commit.slice(0, 7)})`, PORTS.baseline, baseline?.gateway, baseline?.hosts ?? []),
    gatewayTarget('apollo', 'bare @apollo/gateway', PORTS.apollo, running.gateways.apollo, guarded),
    gatewayTarget('hive', 'Hive Gateway', PORTS.hive, running.gateways.hive, guarded),
    gatewayTarget('hive-router', 'Hive Gateway, Rust query planner', PORTS.hiveRouter, running.gateways.hiveRouter, guarded),
  ]
    .flat()
    .filter(measured);
}

async function runManyUsers(people: { id: string; organisation: string }[], running: Running): Promise<ScenarioResult> {
  const users = mixUsers();
  const headers = await userHeaders(users, config);
  const targets = manyUsersTargets(running);
  const hub = targets[0]!;
  log(`\nmany users at once (${users.length} users, ${people.length} people): ${targets.map((target) => target.label).join(', ')}`);
  // The lists' pages, walked through the hub by one of each list's readers (every process seals cursors with the same secret).
  const call: GraphqlCall = async (query, variables, asUser) => (await exchange(hub, asUser, JSON.stringify({ query, variables }))).data;
  const readerOf = (organisation: string) => headers[users.findIndex((user) => user.organisation === organisation)]!;
  // A gateway answers 503 until its processes have read the organisation registry once.
  for (const target of targets) {
    for (let tries = 0; ; tries += 1) {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers[0]! },
        body: '{"query":"{ __typename }"}',
      });
      await response.text();
      if (response.status !== 503) break;
      if (tries >= 120) throw new Error(`${target.label} still answers 503 after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const staffPages = (await Promise.all(MIX_COUNCILS.map((council) => pageCursors(call, 'people', council, readerOf(council))))).flat();
  const casePages = await pageCursors(call, 'contactCases', POLICE, readerOf(POLICE));
  const plan = planMix({ users, people, staffPages, casePages });
  const bodies = plan.map((request) => JSON.stringify({ query: QUERIES[request.kind], variables: request.variables }));

  const exchanges = new Map<Target, ExpectedExchange[]>();
  const results = new Map<Target, TargetResult>();
  let reference: { target: Target; answers: string[] } | undefined;
  for (const target of targets) {
    log(`  checking ${plan.length} answers through ${target.label} ...`);
    const texts: string[] = [];
    const expected = await inPool(plan, 8, async (request, index) => {
      const answer = await exchange(target, headers[request.user]!, bodies[index]!);
      const problem = checkMixAnswer(request, answer.data);
      if (problem) throw new Error(`${MANY_USERS} ${request.kind} through ${target.label}: wrong answer: ${problem}`);
      texts[index] = withoutCursors(answer.text);
      return { body: bodies[index]!, headers: headers[request.user]!, answerHash: answerHash(answer.text) };
    });
    const answers = expected.map((exchange) => exchange.answerHash);
    if (!reference) reference = { target, answers };
    else {
      const differs = answers.findIndex((hash, index) => hash !== reference!.answers[index]);
      if (differs >= 0) {
        const again = await exchange(reference.target, headers[plan[differs]!.user]!, bodies[differs]!);
        throw new Error(
          `${MANY_USERS}: ${target.label} answers ${plan[differs]!.kind} ${JSON.stringify(plan[differs]!.variables)} differently from ${reference.target.label}, ${firstDifference(withoutCursors(again.text), texts[differs]!)}`,
        );
      }
    }
    exchanges.set(target, expected);
    const sample = proportionalSample(plan, 20).map((request) => ({ body: bodies[plan.indexOf(request)]!, headers: headers[request.user]! }));
    results.set(target, {
      target: target.name,
      label: target.label,
      requestsPerMeasurement: expected.length,
      perRequest: await probe(target, {}, sample),
      sqlStatementsByPageSize: {},
      measurements: [],
      summary: undefined as never,
    });
  }
  for (const target of targets) {
    const windows = await warmUntilSteady(target, running, exchanges.get(target)!, MIX.connections);
    results.get(target)!.warmup = windows;
    log(`  warm-up ${target.label}: ${windows.map((rps) => rps.toFixed(1)).join(', ')} req/s in ${WARMUP_WINDOW_SECONDS} s windows`);
  }
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      await measure(target, running, {}, exchanges.get(target)!, settings.mixSettleSeconds, MIX.connections);
      const measurement = await measure(target, running, {}, exchanges.get(target)!, settings.durationSeconds, MIX.connections);
      results.get(target)!.measurements.push(measurement);
      log(
        `  round ${round + 1} ${target.label}: ${measurement.requestsPerSecond.toFixed(1)} req/s, p99 ${measurement.p99} ms, ${measurement.failures} failures`,
      );
    }
  }
  for (const result of results.values()) result.summary = summarise(result.measurements);
  const byKind: Record<string, number> = {};
  for (const request of plan) byKind[request.kind] = (byKind[request.kind] ?? 0) + 1;
  return {
    name: MANY_USERS,
    title: MANY_USERS_TITLE,
    viewer: `${MIX.councilStaff} council staff (half of Somerset, half of Taunton Deane) and ${MIX.policeAnalysts} police analysts, each with a token of their own`,
    purpose: 'one per analyst',
    graphqlAvailable: true,
    rowsPerRequest: null,
    targets: [...results.values()],
    mix: {
      councilStaff: MIX.councilStaff,
      policeAnalysts: MIX.policeAnalysts,
      requests: plan.length,
      byKind,
      distinctPeople: new Set(people.map((chosen) => chosen.id)).size,
      staffListPages: staffPages.length,
      caseListPages: casePages.length,
      connections: MIX.connections,
      baselineCommit: running.baseline?.commit ?? null,
    },
  };
}

async function main(): Promise<void> {
  const started = new Date();
  const { engine, seedRows, prepared, mixPeople, freeConnections } = await seedAndPrepare();
  if (freeConnections !== null) fitPools(freeConnections);
  log(`starting subgraphs, gateways and the load generator (${engine}) ...`);
  const running = await startProcesses(engine);
  const scenarioResults: ScenarioResult[] = [];
  if (manyUsers) scenarioResults.push(await runManyUsers(mixPeople, running));
  for (const scenario of scenarios) scenarioResults.push(await runScenario(scenario, prepared.get(scenario.name)!, running, engine));
  const results: Results = {
    date: started.toISOString(),
    development: !values.published,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    database: engine,
    settings: { ...settings, payments: seedRows },
    scenarios: scenarioResults,
  };
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/bench-${engine}-${settings.mode}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten ${file}`);
  renderReport();
  log('BENCHMARKS.md regenerated');
}

main().then(
  () => {
    stopChildren();
    process.exit(0);
  },
  (error: unknown) => {
    log(`bench: ${error instanceof Error ? error.message : String(error)}`);
    stopChildren();
    process.exit(1);
  },
);
