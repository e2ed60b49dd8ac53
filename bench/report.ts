// Regenerates BENCHMARKS.md and the charts from bench/results/bench-*.json (and the
// hand-written findings in bench/findings.md). `npm run bench` calls it after a run;
// `npm run bench:report` runs it alone.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FLAT_MEMORY_SHARE, type MemoryFlatness } from './procstat.js';
import type { Results, ScenarioResult, Spread, TargetResult } from './results.js';

const RESULTS_DIR = 'bench/results';
const TARGET_COLOURS: Record<TargetResult['target'], string> = {
  hub: '#1f6feb',
  baseline: '#7c3aed',
  'hub-open': '#8cb4f5',
  'hub-unaudited': '#5b8def',
  apollo: '#d4a017',
  hive: '#c2410c',
  'hive-router': '#7f1d1d',
  'hive-unmerged': '#f59e0b',
  direct: '#6b7280',
  sql: '#15803d',
};

const fixed = (n: number, digits = 1) => n.toFixed(digits);
const spreadText = (s: Spread, digits = 1) => `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;
const percent = (n: number) => `${(n * 100).toFixed(1)}%`;

function target(scenario: ScenarioResult | undefined, name: TargetResult['target']): TargetResult | undefined {
  return scenario?.targets.find((candidate) => candidate.target === name);
}

const rps = (result: TargetResult) => result.summary.requestsPerSecond.median;
const p99 = (result: TargetResult) => result.summary.p99.median;

// ---- the targets, stated once for BENCHMARKS.md and judged from one run's results

/** Authorisation and audit together may cost at most this share of the hub's throughput. */
const AUTHORISATION_COST_LIMIT = 0.15;
/** The aggregate's p50 may be at most this multiple of the plain SQL's. */
const AGGREGATE_LIMIT = 1.5;
/** The extract must reach at least this share (a quarter) of plain SQL's rows per second. */
const EXTRACT_SHARE = 0.25;

/** The targets as BENCHMARKS.md states them: what is measured, the bar, and why it is the bar. */
const TARGETS: readonly (readonly [string, string, string])[] = [
  [
    'profile, fan-out',
    'the hub at least as fast as the faster of bare @apollo/gateway and Hive Gateway, in throughput and p99',
    "the hub's checks must not make a frontend page slower than a gateway a team could pick instead",
  ],
  [
    'every scenario',
    `authorisation and audit together cost under ${Math.round(AUTHORISATION_COST_LIMIT * 100)}% of throughput (hub against the same hub with authorisation off); the audit trail's own share is shown beside it`,
    'the product is the authorisation; it has to be affordable on every path',
  ],
  ['fan-out, extract', 'SQL statements per request the same at any page size', 'one statement per entity type per fetch, never one per row (batching)'],
  [
    'spend by supplier and month',
    `aggregate p50 within ${AGGREGATE_LIMIT}x of the same result from plain SQL`,
    'aggregates are computed by PostgreSQL; the graph should add little to them',
  ],
  [
    'payments extract',
    `at least ${EXTRACT_SHARE}x plain SQL's rows per second, and memory flat over a long extract (every page of the largest organisation)`,
    'bulk extracts page through a million rows with keyset cursors and bounded memory',
  ],
];

/** A ratio needs requests completed on both sides; a window too short for the latency gives none. */
const measured = (...results: TargetResult[]) => results.every((result) => rps(result) > 0);
const TOO_FEW = 'too few requests completed in the measurement window';

/** The hub's throughput and p99 as multiples of a peer's. */
const againstPeer = (hub: TargetResult, peer: TargetResult) =>
  `throughput ${fixed(rps(hub) / rps(peer), 2)}x, p99 ${fixed(p99(hub) / p99(peer), 2)}x of the peer's`;
/** What the hub loses against the same hub with something off: the share of throughput, and the p99 ratio. */
const costAgainst = (hub: TargetResult, without: TargetResult) =>
  `${percent(1 - rps(hub) / rps(without))} of throughput (p99 ${fixed(p99(hub) / p99(without), 2)}x)`;

interface Verdict {
  target: string;
  measured: string;
  /** null when the run could not measure it; 'information' for a figure that is no target. */
  met: boolean | null | 'information';
}

function verdicts(results: Results): Verdict[] {
  const byName = (name: string) => results.scenarios.find((scenario) => scenario.name === name);
  const out: Verdict[] = [];
  for (const name of ['profile', 'fan-out']) {
    const scenario = byName(name);
    const hub = target(scenario, 'hub');
    const peers = [target(scenario, 'apollo'), target(scenario, 'hive')].filter((peer): peer is TargetResult => peer !== undefined);
    if (!hub || peers.length === 0) continue;
    const faster = peers.reduce((best, peer) => (rps(peer) > rps(best) ? peer : best));
    if (!measured(hub, faster)) {
      out.push({ target: `${name}: hub at least as fast as the faster peer`, measured: TOO_FEW, met: null });
      continue;
    }
    out.push({
      target: `${name}: hub at least as fast as the faster peer (${faster.label})`,
      measured: againstPeer(hub, faster),
      met: rps(hub) >= rps(faster) && p99(hub) <= p99(faster),
    });
    const unmerged = target(scenario, 'hive-unmerged');
    if (unmerged && measured(hub, unmerged)) {
      out.push({
        target: `${name}: hub against Hive Gateway making the same subgraph requests (merging off)`,
        measured: againstPeer(hub, unmerged),
        met: 'information',
      });
    }
  }
  for (const scenario of results.scenarios) {
    const hub = target(scenario, 'hub');
    const open = target(scenario, 'hub-open');
    if (!hub || !open) continue;
    if (!measured(hub, open)) {
      out.push({ target: `${scenario.name}: authorisation and audit cost under ${Math.round(AUTHORISATION_COST_LIMIT * 100)}%`, measured: TOO_FEW, met: null });
      continue;
    }
    const cost = 1 - rps(hub) / rps(open);
    out.push({
      target: `${scenario.name}: authorisation and audit cost under ${Math.round(AUTHORISATION_COST_LIMIT * 100)}%`,
      measured: costAgainst(hub, open),
      met: cost < AUTHORISATION_COST_LIMIT,
    });
    const unaudited = target(scenario, 'hub-unaudited');
    if (unaudited && measured(hub, unaudited)) {
      out.push({
        target: `${scenario.name}: of which the audit trail`,
        measured: costAgainst(hub, unaudited),
        met: 'information',
      });
    }
  }
  const paged = results.scenarios
    .map((scenario) => ({ scenario, hub: target(scenario, 'hub') }))
    .filter(({ hub }) => hub && Object.keys(hub.sqlStatementsByPageSize).length > 1);
  if (paged.length > 0) {
    const constant = paged.every(({ hub }) => new Set(Object.values(hub!.sqlStatementsByPageSize)).size === 1);
    out.push({
      target: 'SQL statements per request the same at any page size',
      measured: paged
        .map(
          ({ scenario, hub }) =>
            `${scenario.name} ${Object.entries(hub!.sqlStatementsByPageSize)
              .map(([size, n]) => `${n} at ${size}`)
              .join(', ')}`,
        )
        .join('; '),
      met: constant,
    });
  }
  const spend = byName('spend-by-supplier-month');
  if (spend) {
    const hub = target(spend, 'hub');
    const sql = target(spend, 'sql');
    const aggregate = `aggregate within ${AGGREGATE_LIMIT}x of the plain SQL time`;
    out.push(
      !hub || !sql
        ? { target: aggregate, measured: 'not available in this build (no reporting field yet); floor measured', met: null }
        : !measured(hub, sql)
          ? { target: aggregate, measured: TOO_FEW, met: null }
          : {
              target: aggregate,
              measured: `p50 ${fixed(hub.summary.p50.median / sql.summary.p50.median, 2)}x`,
              met: hub.summary.p50.median <= AGGREGATE_LIMIT * sql.summary.p50.median,
            },
    );
  }
  const extract = byName('payments-extract');
  const hub = target(extract, 'hub');
  const sql = target(extract, 'sql');
  if (extract && hub && sql) {
    out.push(
      !measured(hub, sql)
        ? { target: "extract at least a quarter of plain SQL's rows per second", measured: TOO_FEW, met: null }
        : {
            target: "extract at least a quarter of plain SQL's rows per second",
            measured: `${fixed(rps(hub) / rps(sql), 2)}x`,
            met: rps(hub) >= rps(sql) * EXTRACT_SHARE,
          },
    );

    const walk = extract.longExtract;
    const peaks = (memory: MemoryFlatness) => `${fixed(memory.earlyPeakMiB, 0)} then ${fixed(memory.latePeakMiB, 0)} MiB`;
    out.push(
      walk
        ? {
            target: 'memory flat over a long extract',
            measured:
              `all ${walk.rows.toLocaleString('en-GB')} payments in ${walk.pages} pages (${fixed(walk.seconds, 0)} s) through the hub: ` +
              `gateway ${peaks(walk.memory.gateway)}, subgraph ${peaks(walk.memory.subgraph)} (peak resident memory of the earlier and later half after warm-up)`,
            met: walk.memory.gateway.flat && walk.memory.subgraph.flat,
          }
        : { target: 'memory flat over a long extract', measured: 'no long extract in these results', met: null },
    );
  }
  return out;
}

// ---- tables

function scenarioTable(scenario: ScenarioResult): string {
  const hub = target(scenario, 'hub');
  const rowsPerRequest = scenario.rowsPerRequest;
  const header = [
    'gateway',
    'req/s median (min–max)',
    ...(rowsPerRequest ? ['rows/s'] : []),
    'p50 ms',
    'p97.5 ms',
    'p99 ms (min–max)',
    'failures',
    'hub ÷ this, req/s',
    'hub ÷ this, p99',
    'gateway CPU cores',
    'gateway peak MiB',
    'subgraphs CPU cores',
    'subgraphs peak MiB',
    'SQL statements / request',
    'subgraph requests / request',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const result of scenario.targets) {
    const s = result.summary;
    const requests = result.perRequest
      ? Object.entries(result.perRequest.subgraphRequests)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ')
      : '';
    lines.push(
      `| ${[
        result.label,
        spreadText(s.requestsPerSecond),
        ...(rowsPerRequest ? [fixed(s.requestsPerSecond.median * rowsPerRequest, 0)] : []),
        fixed(s.p50.median, 0),
        fixed(s.p97_5.median, 0),
        spreadText(s.p99, 0),
        String(s.failures),
        hub && result !== hub && measured(hub, result) ? `${fixed(rps(hub) / rps(result), 2)}x` : '',
        hub && result !== hub && measured(hub, result) ? `${fixed(p99(hub) / p99(result), 2)}x` : '',
        s.gatewayCpuCores ? fixed(s.gatewayCpuCores.median, 2) : '',
        s.gatewayPeakMiB !== null ? fixed(s.gatewayPeakMiB, 0) : '',
        fixed(s.subgraphCpuCores.median, 2),
        fixed(s.subgraphPeakMiB, 0),
        result.perRequest ? fixed(result.perRequest.sqlStatements, 1) : '1 (by construction)',
        requests,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

// ---- the headline: many users at once

/** The many-users targets (issue 23): against Hive Gateway with its Rust planner, and against the baseline hub. */
const MIX_PEER_RATIO = 1.0;
const MIX_BASELINE_RATIO = 1.5;

/** A ratio against a target that answered wrongly or failed under load says nothing: it is not judged. */
function judgedOnRightAnswers(hub: TargetResult, other: TargetResult, met: boolean): boolean | null {
  return hub.summary.failures > 0 || other.summary.failures > 0 ? null : met;
}

function failedAnswers(hub: TargetResult, other: TargetResult): string {
  const failed = [hub, other].filter((result) => result.summary.failures > 0);
  return failed.length === 0 ? '' : `; not judged: ${failed.map((result) => `${result.label} failed ${result.summary.failures} requests`).join(', ')}`;
}

function manyUsersVerdicts(scenario: ScenarioResult): Verdict[] {
  const hub = target(scenario, 'hub');
  const out: Verdict[] = [];
  const router = target(scenario, 'hive-router');
  if (hub && router && measured(hub, router)) {
    out.push({
      target: `hub at least ${fixed(MIX_PEER_RATIO, 1)}x Hive Gateway with its Rust query planner, p99 no worse`,
      measured: againstPeer(hub, router) + failedAnswers(hub, router),
      met: judgedOnRightAnswers(hub, router, rps(hub) >= MIX_PEER_RATIO * rps(router) && p99(hub) <= p99(router)),
    });
  }
  const baseline = target(scenario, 'baseline');
  out.push(
    baseline && hub && measured(hub, baseline)
      ? {
          target: `hub at least ${fixed(MIX_BASELINE_RATIO, 1)}x the baseline hub's throughput`,
          measured: againstPeer(hub, baseline).replace("the peer's", "the baseline's") + failedAnswers(hub, baseline),
          met: judgedOnRightAnswers(hub, baseline, rps(hub) >= MIX_BASELINE_RATIO * rps(baseline)),
        }
      : {
          target: `hub at least ${fixed(MIX_BASELINE_RATIO, 1)}x the baseline hub's throughput`,
          measured: 'baseline not measured in this run (needs DATABASE_URL)',
          met: null,
        },
  );
  return out;
}

const verdictRow = (v: Verdict) =>
  `| ${v.target} | ${v.measured} | ${v.met === 'information' ? '(no target)' : v.met === null ? 'not measurable' : v.met ? 'yes' : '**no**'} |`;

/** The headline section: the newest run's many-users table, with how it was measured. */
function manyUsersSection(results: Results, scenario: ScenarioResult): string {
  const { machine, settings } = results;
  const mix = scenario.mix!;
  const kinds = Object.entries(mix.byKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const command = settings.mode === 'many-users' ? 'npm run bench -- --many-users' : settings.mode === 'full' ? 'npm run bench -- --full' : 'npm run bench';
  const warmups = scenario.targets
    .filter((result) => result.warmup)
    .map((result) => `${result.label} ${result.warmup!.map((n) => fixed(n, 0)).join(' → ')}`)
    .join('; ');
  return [
    `## Many users at once`,
    '',
    results.development
      ? '> **Development run** on a machine shared with other work (two cores; other tests ran at the same time): absolute numbers are noisy; the ratios, measured side by side in one run with the targets alternating, are the useful part.'
      : '> Published run on a quiet machine.',
    '',
    `${mix.councilStaff} council staff (half of Somerset County Council, half of Taunton Deane) and ${mix.policeAnalysts} police analysts, each with a token of their own, ` +
      `send ${mix.requests} distinct requests in a shuffled, weighted mix (${kinds}): profiles of ${mix.distinctPeople} different people across four subgraphs, asked by staff of the person's own council; ` +
      `${mix.staffListPages} pages of 20-person staff lists across four subgraphs; ${mix.caseListPages} pages of the force's case lists, each analyst stating a purpose of their own (audited reads). ` +
      'Every answer is checked, and must be the same through every target.',
    '',
    `**Method.** \`DATABASE_URL=postgres://… ${command}\` (${results.date.slice(0, 16).replace('T', ' ')} UTC), PostgreSQL at seed scale ${settings.scale}, ` +
      `the same five subgraph processes behind every gateway except the baseline hub, which runs its own at commit ${mix.baselineCommit ? `\`${mix.baselineCommit.slice(0, 12)}\`` : '(not measured)'}. ` +
      `Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node.js ${machine.node}. ` +
      `Load: autocannon in its own process, ${mix.connections} connections; each target warmed up in 5 s windows until throughput stopped rising (at most ${settings.mixWarmupSeconds ?? '?'} s; req/s per window: ${warmups}); ` +
      `then ${settings.rounds} rounds of ${settings.durationSeconds} s per target, the targets alternating in a different order each round${settings.mixSettleSeconds ? ` and each round preceded by ${settings.mixSettleSeconds} s of unmeasured load on its target (so no target starts a round with the connections its pools closed while the others ran)` : ''}; medians with the range over rounds (the spread of the rounds is in brackets).`,
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...manyUsersVerdicts(scenario).map(verdictRow),
    '',
    scenarioTable(scenario),
    '',
  ].join('\n');
}

// ---- the chart: throughput and p99 per gateway, one row per scenario (plain SVG)

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function chartSvg(results: Results): string {
  const scenarios = results.scenarios;
  const barHeight = 16;
  const labelWidth = 250;
  const panelWidth = 330;
  const gap = 40;
  const width = labelWidth + 2 * panelWidth + gap + 20;
  let y = 50;
  const parts: string[] = [
    `<text x="${labelWidth}" y="30" font-weight="bold">requests per second (more is better)</text>`,
    `<text x="${labelWidth + panelWidth + gap}" y="30" font-weight="bold">p99 latency, ms (less is better)</text>`,
  ];
  for (const scenario of scenarios) {
    parts.push(`<text x="10" y="${y + 12}" font-weight="bold">${escapeXml(scenario.title)}</text>`);
    y += 22;
    if (!scenario.graphqlAvailable) {
      parts.push(`<text x="20" y="${y + 12}" fill="#555">GraphQL side not available in this build: floor only</text>`);
      y += 20;
    }
    const maxRps = Math.max(...scenario.targets.map(rps));
    const maxP99 = Math.max(...scenario.targets.map(p99));
    for (const result of scenario.targets) {
      const colour = TARGET_COLOURS[result.target];
      const rpsWidth = (rps(result) / maxRps) * (panelWidth - 70);
      const p99Width = (p99(result) / maxP99) * (panelWidth - 70);
      const p99X = labelWidth + panelWidth + gap;
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 12}" text-anchor="end">${escapeXml(result.label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${rpsWidth.toFixed(1)}" height="${barHeight}" fill="${colour}"/>`,
        `<text x="${(labelWidth + rpsWidth + 4).toFixed(1)}" y="${y + 12}">${fixed(rps(result))}</text>`,
        `<rect x="${p99X}" y="${y}" width="${p99Width.toFixed(1)}" height="${barHeight}" fill="${colour}"/>`,
        `<text x="${(p99X + p99Width + 4).toFixed(1)}" y="${y + 12}">${fixed(p99(result), 0)}</text>`,
      );
      y += barHeight + 4;
    }
    y += 14;
  }
  const caption = `${results.database}, scale ${results.settings.scale}, ${results.settings.connections} connections, median of ${results.settings.rounds} x ${results.settings.durationSeconds} s, ${results.date.slice(0, 10)}${results.development ? ' (development run)' : ''}`;
  parts.push(`<text x="10" y="${y + 10}" fill="#555">${escapeXml(caption)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 24}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

// ---- BENCHMARKS.md

/** A results section's heading: engine, preset and when the run was made. */
function sectionTitle(results: Results): string {
  return `${results.database === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${results.settings.mode} run of ${results.date.slice(0, 16).replace('T', ' ')} UTC`;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function section(results: Results, chartFile: string): string {
  const { machine, settings } = results;
  const lines = [
    `## ${sectionTitle(results)}`,
    '',
    results.development
      ? '> **Development run** on a machine shared with other work: absolute numbers are noisy; ratios measured side by side are the useful part. A published run is made with `--published` on a quiet machine.'
      : '> Published run on a quiet machine.',
    '',
    `Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node.js ${machine.node}. Database: ${results.database}, seed scale ${settings.scale} (${settings.payments.toLocaleString('en-GB')} payments). ` +
      `Load: autocannon in its own process, ${settings.connections} connections, warm-up ${settings.warmupSeconds} s, then ${settings.rounds} rounds of ${settings.durationSeconds} s per gateway (gateways alternating within each round); medians with the range over rounds.`,
    '',
    `![throughput and p99 per gateway](${chartFile})`,
    '',
    '### Against the targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...verdicts(results).map(verdictRow),
    '',
  ];
  for (const scenario of results.scenarios) {
    lines.push(
      `### ${scenario.title}`,
      '',
      `Viewer: ${scenario.viewer}${scenario.purpose ? `, with X-Purpose "${scenario.purpose}"` : ''}.` +
        (scenario.graphqlAvailable
          ? ''
          : ' **The GraphQL side is not available in this build** (the reporting field comes with issue 5): only the plain-SQL floor is measured.') +
        (scenario.rowsPerRequest ? ` ${fixed(scenario.rowsPerRequest, 0)} rows per request.` : ''),
      '',
      scenarioTable(scenario),
      '',
    );
  }
  return lines.join('\n');
}

const ENGINE_ORDER = ['postgres-many-users', 'postgres-full', 'postgres-quick', 'pglite-full', 'pglite-quick'];

export function renderReport(): void {
  const files = readdirSync(RESULTS_DIR)
    .filter((file) => /^bench-.+\.json$/.test(file))
    .sort((a, b) => ENGINE_ORDER.indexOf(a.slice(6, -5)) - ENGINE_ORDER.indexOf(b.slice(6, -5)));
  const sections: string[] = [];
  const sectionTitles: string[] = [];
  let headline: { results: Results; scenario: ScenarioResult } | undefined;
  for (const file of files) {
    const results = JSON.parse(readFileSync(`${RESULTS_DIR}/${file}`, 'utf8')) as Results;
    // The headline is the newest run of the many-users scenario; a run of that alone has no section of its own.
    const mix = results.scenarios.find((scenario) => scenario.mix);
    if (mix && (!headline || results.date > headline.results.date)) headline = { results, scenario: mix };
    if (results.scenarios.every((scenario) => scenario.mix)) continue;
    sectionTitles.push(sectionTitle(results));
    const chart = `${RESULTS_DIR}/${file.replace(/\.json$/, '.svg')}`;
    writeFileSync(chart, chartSvg(results));
    sections.push(section(results, chart));
  }
  const findings = existsSync('bench/findings.md') ? readFileSync('bench/findings.md', 'utf8').trim() : '';
  const document = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench:report` from bench/results/bench-*.json and bench/findings.md: edit those (or bench/report.ts), not this file. -->',
    '',
    'How the hub is measured, the targets it is measured against, what the current code falls short of and why, and the current results. ' +
      'The history of how a figure moved belongs in the commit messages of the changes that moved it.',
    '',
    ...(headline ? ['- [Many users at once](#many-users-at-once)'] : []),
    '- [Method](#method)',
    '- [Running it](#running-it)',
    '- [Targets](#targets)',
    ...(findings ? ['- [Findings](#findings)'] : []),
    ...sectionTitles.map((title) => `- [${title}](#${anchor(title)})`),
    '',
    ...(headline ? [manyUsersSection(headline.results, headline.scenario)] : []),
    '## Method',
    '',
    'The hub against the gateways a team would consider, over the same subgraph processes, the same data and the same tokens, ' +
      'measured side by side in one run (see [bench/run.ts](bench/run.ts)). ' +
      'Every answer is checked: each gateway must return the same data as the first one measured, and under load every response is compared with that answer, so a fast wrong answer counts as a failure.',
    '',
    "- **hub**: the hub's own gateway with everything on (authorisation at the gateway, in the subgraphs and in PostgreSQL row-level security; the audit trail; the limits).",
    '- **hub, authorisation off**: the same gateway and subgraphs built with authorisation off (a bench-only entry), over a second set of subgraph processes: what authorisation and audit together cost (with the shield rules off no read is recorded).',
    '- **hub, audit off**: the same gateway, authorisation on, over a third set of subgraph processes that keep no audit trail (a bench-only entry): what the audit trail alone costs.',
    "- **bare @apollo/gateway**: `@apollo/gateway` and `@apollo/server` with none of the hub's plugins, passing on Authorization and X-Purpose.",
    '- **Hive Gateway**: `@graphql-hive/gateway` loading the same `schema/supergraph.graphql`, passing on the same two headers, as it comes: it merges identical subgraph requests in flight at the same time (same URL, body and headers), which this load (one query, one token, ten connections) favours.',
    '- **Hive Gateway, in-flight requests unmerged**: the same with `deduplicateInflightRequests: false`, so it makes one set of subgraph requests per client request, as the hub does (the hub may not merge: each client read needs its own audit records).',
    "- **Hive Gateway, Rust query planner** (many users): the same with `@graphql-hive/router-runtime`'s `unifiedGraphHandler`, Hive Router's Rust planner and executor.",
    '- **baseline hub** (many users): the hub at an earlier commit (`BASELINE_COMMIT` in [bench/baseline.ts](bench/baseline.ts), or `--baseline <commit>`), checked out with `git worktree` into the temporary directory, installed with `npm ci` once, and run by the same process entries over five subgraph processes of its own on the same database (PostgreSQL only): progress is a ratio measured in the same run.',
    '- **subgraph called directly**: where a query touches one subgraph only.',
    '- **plain SQL through pg** (or PGlite): the same result from one SQL statement behind a minimal HTTP endpoint, the floor for the aggregate and the extract.',
    '',
    'The subgraphs run with `NODE_ENV=production`, as deployed; load comes from autocannon in its own process; gateways alternate within each round, and each table gives the median with the range over rounds. ' +
      'SQL statements and subgraph requests per client request are counted exactly over sequential requests (the subgraph processes report their `sqlStatements` counter over IPC; transaction control and row-security settings are not counted). CPU is user plus system time per second of the measurement, from `/proc/<pid>/stat`; peak memory is the highest resident set size sampled every 250 ms. ' +
      `Memory over a long extract: after the rounds, one client reads every page of the extract's organisation through the hub, one after another; the gateway's and the subgraph's resident memory is sampled every 250 ms, the first fifth of the samples is left out as warm-up, and memory is flat when the peak of the later half of the rest is less than ${FLAT_MEMORY_SHARE * 100}% above the peak of the earlier half (a leak, or a buffer that grows with the rows read, raises every later peak).`,
    '',
    '## Running it',
    '',
    '`npm run bench -- --many-users` (the many-users scenario alone: scale 1, warm-up until throughput stops rising, 3 rounds of 8 s per target; about six minutes on two cores, plus a one-off `npm ci` of the baseline), ' +
      '`npm run bench` (quick: scale 1, every scenario, about ten minutes on two cores) and `npm run bench -- --full` (scale 20: a million payments; seeding takes about 9 minutes on PostgreSQL and the whole preset about 70; ' +
      '`--rounds`, `--duration` and `--warmup` shorten it) seed the database, start the subgraphs and every gateway, run the scenarios, write `bench/results/` and regenerate this file (`npm run bench:report` alone regenerates it). ' +
      'With `DATABASE_URL` (the setting for published numbers; use a database of its own, it is reseeded) each subgraph is its own process; without it the embedded database (`.data/bench`) belongs to one process, so the subgraphs share one while gateways and load stay separate. ' +
      '`--published` marks a run made on a quiet machine; any other run says it is a development run.',
    '',
    'Scenarios and gateways are data in `bench/scenarios.ts` and `bench/run.ts`; the harness uses ports 5160-5259 (`BENCH_PORT_BASE=6160` moves them, for two runs on one machine). ' +
      'For a quick comparison while developing, `--only` picks scenarios and `--targets` the targets measured beside the hub, e.g. `npm run bench -- --only police-analyst --targets hub-unaudited` (such a run rewrites this file with just those tables: do not commit it). ' +
      'For profiling under load, `BENCH_GATEWAY_NODE_OPTIONS` adds Node flags to every gateway process and `BENCH_SUBGRAPH_NODE_OPTIONS` to the subgraph processes, e.g. ' +
      '`BENCH_SUBGRAPH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- --only police-analyst` writes one `.cpuprofile` per process when the run ends (the harness prints each gateway\'s process id, which names its profile).',
    '',
    '## Targets',
    '',
    'Each run judges itself against these: every results section below opens with its verdicts.',
    '',
    '| scenario | target | why |',
    '| --- | --- | --- |',
    ...TARGETS.map(([scenario, bar, why]) => `| ${scenario} | ${bar} | ${why} |`),
    '',
    ...(findings ? [findings, ''] : []),
    ...sections,
  ].join('\n');
  writeFileSync('BENCHMARKS.md', document);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) renderReport();
