// What authorisation costs: the same query against the same data, through a hub with
// the three authorisation layers on and through one with them off, measured side by
// side in one run (alternating, three rounds each) with autocannon in its own process.
// With `--measure audit`, what the audit trail costs instead: a police analyst's query
// with a stated purpose, through a hub that audits and one that does not (both with
// authorisation on).
//
//   npx tsx bench/auth-cost.ts [--measure authorisation|audit] [--duration 10] [--connections 10] [--rounds 3]
//
// Uses DATABASE_URL when set, otherwise the embedded database in PGLITE_DIR.
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { SignJWT } from 'jose';
import { startHub, type HubOptions } from '../gateway/hub.js';
import { loadConfig } from '../subgraphs/kit/config.js';
import { openDatabase } from '../subgraphs/kit/database.js';
import { tokenFor } from '../subgraphs/kit/personas.js';
import { prepareDatabase } from '../subgraphs/kit/prepare.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    measure: { type: 'string', default: 'authorisation' },
  },
});
if (values.measure !== 'authorisation' && values.measure !== 'audit') throw new Error('--measure must be authorisation or audit');
const measuring = values.measure;
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

const STAFF_QUERY = /* GraphQL */ `
  query StaffFanOut {
    people(organisation: "E10000027", first: 50) {
      edges {
        node {
          displayName jobTitle salary { amount }
          costCentresManaged { code name }
          ordersRaised(first: 5) { edges { node { orderNumber status total { amount } } } }
          casesAssigned(first: 5) { edges { node { reference status service { name } } } }
        }
      }
    }
  }
`;

// Every field here is audited: police cases (police-only rows), their customers and notes, collar numbers and ranks.
const POLICE_ANALYST_QUERY = /* GraphQL */ `
  query PoliceAnalysis {
    contactCases(organisation: "E23000036", first: 50) {
      edges { node { reference kind status summary openedAt customer { givenName familyName } notes { writtenAt body } } }
    }
    people(organisation: "E23000036", first: 50) { edges { node { displayName collarNumber rank } } }
  }
`;

const QUERY = measuring === 'audit' ? POLICE_ANALYST_QUERY : STAFF_QUERY;
const OFF: HubOptions = measuring === 'audit' ? { audit: false } : { authorisation: false };

const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', PEOPLE_PORT: '0', FINANCE_PORT: '0', PROCUREMENT_PORT: '0', CONTACTS_PORT: '0', AUDIT_PORT: '0' });
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: config.DATABASE_POOL_SIZE });
await prepareDatabase(database);
const withAuthorisation = await startHub(config, { database });
const withoutAuthorisation = await startHub(config, { database, ...OFF });

// A Somerset member of staff holding every read scope, so both hubs return the same data;
// for the audit, the police analyst persona with a stated purpose.
const now = Math.floor(Date.now() / 1000);
const token =
  measuring === 'audit'
    ? await tokenFor('police-analyst', config)
    : await new SignJWT({ org: 'E10000027', scope: 'staff hr hr:sensitive finance procurement contacts' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(config.AUTH_ISSUER)
        .setAudience(config.AUTH_AUDIENCE)
        .setSubject('bench-auth-cost')
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode(config.AUTH_SECRET));
const body = JSON.stringify({ query: QUERY });
const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
if (measuring === 'audit') headers['x-purpose'] = 'Benchmark: Op BLUEBELL 4471/2024';

async function answer(url: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const json = (await response.json()) as { errors?: unknown };
  if (json.errors) throw new Error(`the benchmark query failed at ${url}: ${JSON.stringify(json.errors)}`);
  return JSON.stringify(json);
}
if ((await answer(withAuthorisation.url)) !== (await answer(withoutAuthorisation.url))) {
  throw new Error('the two hubs answer differently: the comparison would not be fair');
}

interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function checked(measurement: Measurement, url: string): Measurement {
  if (measurement.errors > 0 || measurement.non2xx > 0 || measurement.requestsPerSecond === 0) {
    throw new Error(`load against ${url} failed: ${JSON.stringify(measurement)}`);
  }
  return measurement;
}

/** Runs autocannon in its own process (asynchronously: the hubs answer from this one). */
async function measure(url: string, seconds: number): Promise<Measurement> {
  const args = ['node_modules/autocannon/autocannon.js', '--json', '-c', String(connections), '-d', String(seconds), '-m', 'POST', '-b', body];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const run = await promisify(execFile)(process.execPath, [...args, url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(run.stdout);
  return checked({
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  }, url);
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

// Warm-up: plans cached, JIT warm (long enough for slow queries to complete a few times).
const warmUp = Math.max(3, Math.ceil(duration / 2));
await measure(withAuthorisation.url, warmUp);
await measure(withoutAuthorisation.url, warmUp);
const on: Measurement[] = [];
const off: Measurement[] = [];
for (let round = 0; round < rounds; round += 1) {
  on.push(await measure(withAuthorisation.url, duration));
  off.push(await measure(withoutAuthorisation.url, duration));
}
await withAuthorisation.stop();
await withoutAuthorisation.stop();
await database.close();

const summary = {
  benchmark:
    measuring === 'audit'
      ? 'audit cost: same police-analyst query with a purpose, audit trail on vs off (authorisation on in both)'
      : 'authorisation cost: same query, three layers on vs off',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  database: database.engine,
  query:
    measuring === 'audit'
      ? 'PoliceAnalysis: 50 police cases with summaries, customers and notes, and 50 officers with collar numbers and ranks (2 subgraphs, all audited)'
      : 'StaffFanOut: 50 people with salary, cost centres, orders and cases (4 subgraphs)',
  connections,
  durationSeconds: duration,
  rounds,
  on: { medianRequestsPerSecond: median(on.map((m) => m.requestsPerSecond)), medianP99: median(on.map((m) => m.p99)), runs: on },
  off: { medianRequestsPerSecond: median(off.map((m) => m.requestsPerSecond)), medianP99: median(off.map((m) => m.p99)), runs: off },
  throughputCost: 0,
};
summary.throughputCost = 1 - summary.on.medianRequestsPerSecond / summary.off.medianRequestsPerSecond;
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/${measuring === 'audit' ? 'audit' : 'auth'}-cost-${database.engine}.json`;
writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(
  `${measuring} on: ${summary.on.medianRequestsPerSecond.toFixed(1)} req/s (p99 ${summary.on.medianP99} ms); ` +
    `off: ${summary.off.medianRequestsPerSecond.toFixed(1)} req/s (p99 ${summary.off.medianP99} ms); ` +
    `cost ${(summary.throughputCost * 100).toFixed(1)}% of throughput. Written to ${file}\n`,
);
