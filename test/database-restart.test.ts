// A database restart does not take the hub down. The hub runs as real processes (the
// gateway and five subgraphs apart, then everything in one process as `npm start` runs it),
// on the PostgreSQL server through a TCP proxy, under a load of audited police reads, staff
// lists and idempotent writes. Mid-load every connection the hub holds (pools and audit
// trail connections) is terminated by the server, twice, and then the server is cut off
// for a while, as during a restart. No process may exit; every answer in the gap is full or
// says DATABASE_UNAVAILABLE; answers are full again within RECOVERY_BOUND_MS of the server
// returning; each write is whole with its audit record or absent, and a retry with its key
// gives the first result; the audit chain verifies. PostgreSQL only: PGlite is in-process.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { tokenFor } from '../platform/personas.js';
import { testConfig, testDatabase, sqlRows } from './support/hub.js';
import { codesOf, isFull, post, startProcesses, TSX_BIN, type Answer } from './support/processes.js';
import { tcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { until } from './support/until.js';

const provided = inject('database');
const onPostgres = provided.engine === 'postgres';

/** How soon after the server accepts connections again every answer is full (the reconnection's longest wait is 2 s). */
const RECOVERY_BOUND_MS = 5_000;
const GAP_MS = 2_500;
const POLICE = 'E23000036';
const TAUNTON_DEANE = 'E07000190';
const PURPOSE = 'Op BLUEBELL case 4471/2024';

const ANALYST_CASES = /* GraphQL */ `
  query AnalystCases($organisation: ID!) {
    contactCases(organisation: $organisation, first: 20) {
      edges { node { reference status summary customer { displayName } notes { body } assignedTo { displayName collarNumber rank } } }
    }
  }
`;
const STAFF_LIST = /* GraphQL */ `
  query StaffList($organisation: ID!) {
    people(organisation: $organisation, first: 20) {
      edges { node { id displayName jobTitle salary { amount } orgUnit { name } manager { displayName } } }
    }
  }
`;
const CREATE_CUSTOMER = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id familyName version } }
`;

/** A connection string for the hub under test: through the proxy, named so the server can find its connections. */
function hubDatabaseUrl(proxy: TcpProxy, applicationName: string): string {
  const url = new URL(proxy.url);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}

/** Has the server end every connection of the hub under test, the audit trail's included; how many it ended. */
async function terminateHubConnections(applicationName: string): Promise<number> {
  const rows = await sqlRows<{ ended: boolean }>(
    sql`select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = ${applicationName}`,
  );
  return rows.filter((row) => row.ended).length;
}

interface Write {
  input: { familyName: string; idempotencyKey: string } & Record<string, unknown>;
  first: Answer;
}

describe.skipIf(!onPostgres)('a database restart', () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  for (const layout of ['separate processes', 'one process'] as const) {
    it(`takes no process of the hub down (${layout}): coded errors in the gap, full answers within ${RECOVERY_BOUND_MS} ms after, writes whole or absent`, {
      timeout: 240_000,
    }, async () => {
      if (provided.engine !== 'postgres') return;
      const proxy = await tcpProxy(provided.url, 5432);
      stops.push(() => proxy.close());
      const applicationName = `hub_restart_${randomUUID().slice(0, 8)}`;
      const hub = await startProcesses(layout, hubDatabaseUrl(proxy, applicationName));
      stops.push(() => hub.stop());

      const config = testConfig();
      const analyst = { authorization: `Bearer ${await tokenFor('police-analyst', config)}`, 'x-purpose': PURPOSE };
      const hr = { authorization: `Bearer ${await tokenFor('council-hr', config)}` };
      const agent = { authorization: `Bearer ${await tokenFor('contact-centre', config)}` };
      const reads = [
        () => post(hub.url, ANALYST_CASES, { organisation: POLICE }, analyst),
        () => post(hub.url, STAFF_LIST, { organisation: TAUNTON_DEANE }, hr),
      ];
      const writeCustomer = (input: Write['input']) => post(hub.url, CREATE_CUSTOMER, { input }, agent);

      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // Every answer before, during and after the outage, and every write's first attempt.
      const answers: Answer[] = [];
      const writes: Write[] = [];
      let loading = true;
      const readers = [0, 1, 0, 1].map(async (which) => {
        while (loading) answers.push(await reads[which]!());
      });
      const writer = (async () => {
        while (loading) {
          const input = {
            givenName: 'Ada',
            familyName: `Restart-${randomUUID().slice(0, 8)}`,
            address: { line1: '1 Station Road', town: 'Taunton', postcode: 'TA1 1AA' },
            idempotencyKey: `restart-${randomUUID()}`,
          };
          const first = await writeCustomer(input);
          answers.push(first);
          writes.push({ input, first });
          // Paced, so the customers this adds to the shared test database stay few (test/seed.test.ts counts them).
          await pause(100);
        }
      })();

      await until(() => answers.length >= 8, { deadlineMs: 60_000, what: 'the load to be running' });
      // The server ends every connection mid-request (57P01), twice, then goes away as in a restart.
      await until(async () => (await terminateHubConnections(applicationName)) > 0, { deadlineMs: 10_000, what: 'hub connections to terminate' });
      await pause(400);
      await terminateHubConnections(applicationName);
      await pause(400);
      proxy.cut();
      await pause(GAP_MS / 2);
      const readyDuringGap = await fetch(hub.url.replace('/graphql', '/ready'));
      await pause(GAP_MS / 2);
      const answersInGap = answers.length;
      proxy.restore();
      let lastTry: Answer[] = [];
      const recoveredIn = await until(
        async () => {
          lastTry = await Promise.all(reads.map((read) => read()));
          return lastTry.every(isFull);
        },
        { deadlineMs: 30_000, everyMs: 50, what: 'full answers after the database returned' },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; last answers: ${JSON.stringify(lastTry.map((answer) => [answer.status, answer.body.errors]))}\n${hub.output()}`);
      });
      await pause(1_000);
      loading = false;
      await Promise.all([...readers, writer]);

      // No process died, and each still answers in full.
      expect(
        hub.processes.filter(({ child }) => child.exitCode !== null).map(({ name }) => name),
        hub.output(),
      ).toEqual([]);
      expect(hub.output()).not.toMatch(/Unhandled 'error' event|uncaughtException|ERR_UNHANDLED/);
      for (const read of reads) expect(isFull(await read())).toBe(true);
      expect(recoveredIn).toBeLessThan(RECOVERY_BOUND_MS);

      // While the database was away, the hub said so: not ready, and coded errors, never a 500.
      expect(readyDuringGap.status).toBe(503);
      expect(answersInGap).toBeGreaterThan(10);
      const codes = new Set(answers.flatMap(codesOf));
      expect(
        [...codes].filter((code) => code !== 'DATABASE_UNAVAILABLE'),
        hub.output(),
      ).toEqual([]);
      expect(codes.has('DATABASE_UNAVAILABLE')).toBe(true);
      for (const answer of answers.filter((a) => codesOf(a).includes('DATABASE_UNAVAILABLE'))) expect(answer.retryAfter).toBe('2');
      expect(answers.some((answer) => answer.status === 503)).toBe(true);

      // Each write is whole or absent: a retry with its key gives the first result (or makes it now,
      // once), and every customer made has the audit record of its making.
      const { db } = await testDatabase();
      for (const write of writes) {
        const firstResult = write.first.body.data?.createCustomer as { id: string } | null | undefined;
        const retry = await writeCustomer(write.input);
        expect(codesOf(retry)).toEqual([]);
        const retried = retry.body.data!.createCustomer as { id: string };
        if (firstResult) expect(retried).toEqual(firstResult);
        const rows = (await db.execute(
          sql`select c.id, exists (select 1 from audit.record r where r.entity_ids @> array[c.id::text] and r.action = 'COLLECTION') as recorded
              from contacts.customer c where c.family_name = ${write.input.familyName}`,
        )) as unknown as { rows: { id: string; recorded: boolean }[] };
        expect(rows.rows).toEqual([{ id: retried.id, recorded: true }]);
      }
      expect(writes.some((write) => codesOf(write.first).includes('DATABASE_UNAVAILABLE'))).toBe(true);

      // The chain verifies, as `npm run audit:verify` checks it.
      const verify = spawn(TSX_BIN, ['scripts/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: provided.url, LOG_LEVEL: 'silent' } });
      let verdict = '';
      verify.stdout.on('data', (chunk: Buffer) => (verdict += chunk.toString()));
      verify.stderr.on('data', (chunk: Buffer) => (verdict += chunk.toString()));
      expect(await new Promise((resolve) => verify.once('exit', resolve)), verdict).toBe(0);
      expect(verdict).toMatch(/^Audit trail verified: \d+ records/);
    });
  }
});
