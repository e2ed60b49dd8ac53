// The audit trail's guarantees (docs/audit-trail.md): append-only for the application
// and even for the owner, one chain under concurrent requests, tampering behind the
// application's back caught by the verifier (in-process and `npm run audit:verify`),
// and fail-closed: a request whose records cannot be written gets no restricted data,
// and a change whose record cannot be written is not made.
import { SCC_SAFEGUARDING_AGREEMENT } from '../drizzle/seed/agreements.js';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { ReadTrail, RequestAudit, type AuditEntry } from '../platform/audit.js';
import type { Access, RowOwner, Viewer } from '../platform/policy.js';
import { contentHash, recordHash, verifyChain, type ChainVerdict } from '../platform/auditChain.js';
import { openDatabase, sqlStatements, type Database, type DatabaseHandle } from '../platform/database.js';
import { asPersona, followWorkerRegistry, graphql, sqlRows, testConfig, testDatabase, testHub } from './support/hub.js';
import { onboard } from '../subgraphs/people/registry.js';
import { listeningUrl } from './support/listening.js';
import { until } from './support/until.js';
import { SERVICES } from '../subgraphs/registry.js';

const POLICE_VIEWER = { organisation: 'E23000036', sector: 'POLICE', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', purpose: '' } as const;
const POLICE_CASES = `query Cases { contactCases(organisation: "E23000036", first: 2) { edges { node { id summary } } } }`;

class RolledBack extends Error {}

/**
 * Runs `tamper` and the verifier in one transaction of the owner's, then rolls it all back.
 * The transaction holds the chain head from the start, so the head `tamper` is given stays
 * the head: other test files' appends wait until the rollback.
 */
async function verdictAfter(tamper: (tx: Database, head: number) => Promise<void>): Promise<ChainVerdict> {
  const { db } = await testDatabase();
  let verdict: ChainVerdict | undefined;
  await db
    .transaction(async (tx) => {
      const locked = (await tx.execute(sql`select seq from audit.chain_head for update`)) as unknown as { rows: { seq: string }[] };
      const [head] = locked.rows;
      // What someone with the owner's rights would do to get past the triggers.
      await tx.execute(sql`set local session_replication_role = replica`);
      await tamper(tx as unknown as Database, Number(head!.seq));
      verdict = await verifyChain(tx as unknown as Database);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return verdict!;
}

/** A record's contents: one person's salary read by nobody in particular. */
const personRead = (requestId: string): Omit<AuditEntry, 'contentHash'> => ({
  requestId,
  subject: null,
  organisationCode: null,
  sector: null,
  purpose: null,
  operationName: null,
  operationHash: 'h',
  subgraph: 'people',
  action: 'CONSULTATION',
  outcome: 'RETURNED',
  entityType: 'Person',
  ownerOrganisation: null,
  sharingRoute: null,
  entityIds: ['person-1'],
  fields: ['salary'],
});

const withContentHash = (content: Omit<AuditEntry, 'contentHash'>): AuditEntry => ({ ...content, contentHash: contentHash(content) });

async function append(tx: Database, entries: readonly AuditEntry[]): Promise<void> {
  await tx.execute(sql`select audit.append(${JSON.stringify(entries)}::jsonb)`);
}

async function headSeq(): Promise<number> {
  const [head] = await sqlRows<{ seq: string }>(sql`select seq from audit.chain_head`);
  return Number(head!.seq);
}

describe('the audit store', () => {
  beforeAll(async () => {
    // At least three records to tamper with.
    const hub = await testHub();
    const analyst = await asPersona('police-analyst', `Chain seed ${randomUUID()}`);
    for (let i = 0; i < 3; i += 1) await graphql(hub.url, POLICE_CASES, {}, analyst);
  });

  it('gives the application role no way to read, change or delete records, nor to write one past audit.append', async () => {
    const database = await testDatabase();
    const asApplication = (statement: ReturnType<typeof sql>) => database.writeAs(POLICE_VIEWER, (db) => db.execute(statement));
    for (const statement of [
      sql`select * from audit.record`,
      sql`update audit.record set purpose = 'changed'`,
      sql`delete from audit.record`,
      sql`insert into audit.record select * from audit.record limit 1`,
      sql`update audit.chain_head set seq = 0`,
    ]) {
      await expect(asApplication(statement)).rejects.toMatchObject({
        cause: expect.objectContaining({ message: expect.stringMatching(/^permission denied for table (record|chain_head)$/) }),
      });
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE even to the owner', async () => {
    const { db } = await testDatabase();
    const seq = await headSeq();
    for (const [statement, operation] of [
      [sql`update audit.record set purpose = 'changed' where seq = ${seq}`, 'UPDATE'],
      [sql`delete from audit.record where seq = ${seq}`, 'DELETE'],
      [sql`truncate audit.record`, 'TRUNCATE'],
    ] as const) {
      await expect(db.execute(statement)).rejects.toMatchObject({
        cause: expect.objectContaining({ message: `the audit trail is append-only: ${operation} on audit.record is refused` }),
      });
    }
  });

  it('keeps one chain when requests finish together', async () => {
    const hub = await testHub();
    const run = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => graphql(hub.url, POLICE_CASES, {}, await asPersona('police-analyst', `Concurrent ${run} ${i}`))),
    );
    expect(responses.every((response) => response.status === 200 && !response.body.errors)).toBe(true);
    const verdict = await verifyChain((await testDatabase()).db);
    expect(verdict).toMatchObject({ ok: true });
    const recorded = await sqlRows<{ purpose: string; records: string }>(
      sql`select purpose, count(*) as records from audit.record where purpose like ${`Concurrent ${run} %`} group by purpose`,
    );
    expect(recorded).toHaveLength(24);
    expect(recorded.every((row) => Number(row.records) === 1)).toBe(true);
  });

  it('verifies as a whole, and again after each tampering test rolled back', async () => {
    expect(await verifyChain((await testDatabase()).db)).toMatchObject({ ok: true, records: expect.any(Number) });
  });

  it('catches a record changed behind the application’s back, naming it', async () => {
    let target = 0;
    const verdict = await verdictAfter(async (tx, head) => {
      target = head - 1;
      await tx.execute(sql`update audit.record set purpose = 'nothing to see' where seq = ${target}`);
    });
    expect(verdict).toEqual({
      ok: false,
      records: target - 1,
      firstBad: target,
      problem: `record ${target} was altered (its hash does not match its contents)`,
    });
  });

  it('catches a record deleted from the middle, and one removed from the end', async () => {
    let middle = 0;
    const middleVerdict = await verdictAfter(async (tx, head) => {
      middle = head - 1;
      await tx.execute(sql`delete from audit.record where seq = ${middle}`);
    });
    expect(middleVerdict).toEqual({
      ok: false,
      records: middle - 1,
      firstBad: middle,
      problem: `record ${middle} is missing (the next record is ${middle + 1})`,
    });
    let last = 0;
    const lastVerdict = await verdictAfter(async (tx, head) => {
      last = head;
      await tx.execute(sql`delete from audit.record where seq = ${last}`);
    });
    expect(lastVerdict).toEqual({ ok: false, records: last - 1, firstBad: last, problem: `record ${last} is missing (the chain head is record ${last})` });
  });

  it('catches a record whose writer gave a content hash that is not of its contents', async () => {
    let target = 0;
    const verdict = await verdictAfter(async (tx, head) => {
      target = head + 1;
      await append(tx, [{ ...personRead(randomUUID()), contentHash: contentHash({ ...personRead(randomUUID()), fields: ['bank account'] }) }]);
    });
    expect(verdict).toEqual({
      ok: false,
      records: target - 1,
      firstBad: target,
      problem: `record ${target} was altered (its hash does not match its contents)`,
    });
  });

  it('refuses a record without a content hash, and keeps the chain as it was', async () => {
    const [hashedId, unhashedId] = [randomUUID(), randomUUID()];
    const { contentHash: _, ...unhashed } = withContentHash(personRead(unhashedId));
    await expect(append((await testDatabase()).db, [withContentHash(personRead(hashedId)), unhashed as AuditEntry])).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining('record_content_hash_given') }),
    });
    // The batch is one statement: the record before the refused one is not appended either.
    expect(await sqlRows(sql`select seq from audit.record where request_id in (${hashedId}, ${unhashedId})`)).toEqual([]);
    expect(await verifyChain((await testDatabase()).db)).toMatchObject({ ok: true });
  });

  it('verifies records appended before content hashes existed (hashed over all their columns), and catches one altered', async () => {
    // A record as the audit_access migration's append wrote it, followed by one of today's
    // (the check that every new record has a content hash is lifted, as before that migration).
    const legacyAfter = async (tx: Database, head: number) => {
      await tx.execute(sql`alter table audit.record drop constraint record_content_hash_given`);
      const [previous] = ((await tx.execute(sql`select hash from audit.chain_head`)) as unknown as { rows: { hash: string }[] }).rows;
      const record = { ...personRead(randomUUID()), seq: head + 1, id: randomUUID(), recordedAt: new Date('2026-01-05T10:00:00.123Z'), contentHash: null };
      const hash = recordHash(previous!.hash, record);
      await tx.execute(sql`
        insert into audit.record (seq, id, recorded_at, request_id, subgraph, operation_hash, action, outcome, entity_type, entity_ids, fields, previous_hash, hash)
        values (${record.seq}, ${record.id}, ${record.recordedAt.toISOString()}, ${record.requestId}, ${record.subgraph}, ${record.operationHash},
          ${record.action}, ${record.outcome}, ${record.entityType}, ${`{${record.entityIds}}`}::text[], ${`{${record.fields}}`}::text[], ${previous!.hash}, ${hash})`);
      await tx.execute(sql`update audit.chain_head set seq = ${record.seq}, hash = ${hash}`);
      await append(tx, [withContentHash(personRead(randomUUID()))]);
      return record.seq;
    };
    expect(await verdictAfter(async (tx, head) => void (await legacyAfter(tx, head)))).toMatchObject({ ok: true });
    let legacy = 0;
    const verdict = await verdictAfter(async (tx, head) => {
      legacy = await legacyAfter(tx, head);
      await tx.execute(sql`update audit.record set fields = array['salary', 'bank account'] where seq = ${legacy}`);
    });
    expect(verdict).toEqual({
      ok: false,
      records: legacy - 1,
      firstBad: legacy,
      problem: `record ${legacy} was altered (its hash does not match its contents)`,
    });
  });

  it('catches two records swapped', async () => {
    let first = 0;
    const verdict = await verdictAfter(async (tx, head) => {
      first = head - 2;
      await tx.execute(sql`update audit.record set seq = -1 where seq = ${first}`);
      await tx.execute(sql`update audit.record set seq = ${first} where seq = ${first + 1}`);
      await tx.execute(sql`update audit.record set seq = ${first + 1} where seq = -1`);
    });
    expect(verdict).toEqual({
      ok: false,
      records: first - 1,
      firstBad: first,
      problem: `record ${first} does not follow record ${first - 1} (its previous hash differs)`,
    });
  });
});

/** A database of its own, migrated and empty, so a test can break its audit store without touching anyone else's. */
/** A private database's registry: the shared-service company (from the migrations) and Somerset, whose customer the tests read. */
async function registerSomerset(handle: DatabaseHandle): Promise<void> {
  await onboard(handle.db, {
    code: 'E10000027',
    name: 'Somerset County Council',
    sector: 'COUNCIL',
    services: SERVICES,
    joinedOn: '2024-04-01',
    reason: 'Audit trail tests',
    recordedBy: 'tests',
  });
}

async function privateDatabase(): Promise<{ handle: DatabaseHandle; url?: string; drop(): Promise<void> }> {
  const provided = inject('database');
  if (provided.engine === 'pglite') {
    const handle = await openDatabase({ pgliteDir: 'memory://' });
    await handle.migrate();
    await registerSomerset(handle);
    return { handle, drop: () => handle.close() };
  }
  const url = new URL(provided.url);
  const name = `${url.pathname.slice(1)}_private_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: provided.url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const privateUrl = new URL(provided.url);
  privateUrl.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: privateUrl.toString(), pgliteDir: '', poolSize: 4 });
  await handle.migrate();
  await registerSomerset(handle);
  return {
    handle,
    url: privateUrl.toString(),
    async drop() {
      await handle.close();
      const cleaner = new pg.Client({ connectionString: provided.url });
      await cleaner.connect();
      await cleaner.query(`drop database if exists "${name}" with (force)`);
      await cleaner.end();
    },
  };
}

describe("a subgraph process's appends of read records", () => {
  it("share one statement when requests finish together, and one request's refused records withhold no other's", async () => {
    const database = await testDatabase();
    const trail = new ReadTrail(database.soleWriterAs('hub_app'));
    const run = randomUUID();
    const entry = (i: number, action = 'CONSULTATION'): AuditEntry =>
      withContentHash({ ...personRead(`${run}-${i}`), action: action as AuditEntry['action'], entityIds: [String(i)] });
    const before = sqlStatements.count;
    // The first goes out at once; the three that arrive meanwhile wait for it, then go out together.
    await Promise.all([0, 1, 2, 3].map((i) => trail.append([entry(i)])));
    expect(sqlStatements.count - before).toBe(2);
    const settled = await Promise.allSettled([
      trail.append([entry(4)]),
      trail.append([entry(5)]),
      trail.append([entry(6, 'GOSSIP')]),
      trail.append([entry(7)]),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const recorded = await sqlRows<{ requestId: string }>(
      sql`select request_id as "requestId" from audit.record where request_id like ${`${run}-%`} order by seq`,
    );
    expect(recorded.map((row) => row.requestId)).toEqual([0, 1, 2, 3, 4, 5, 7].map((i) => `${run}-${i}`));
    expect(await verifyChain(database.db)).toMatchObject({ ok: true });
  });
});

describe("one request's reads", () => {
  it('become one record per kind of access and set of fields: rows read alike share one, in the order first read', async () => {
    const database = await testDatabase();
    const requestId = randomUUID();
    const viewer: Viewer = {
      kind: 'user',
      subject: 'analyst-1',
      organisation: { code: 'E23000036', sector: 'POLICE' },
      scopes: new Set(['contacts', 'contacts:sensitive']),
      services: new Set(SERVICES),
      purpose: 'Records of one request',
    };
    const audit = new RequestAudit({ subgraph: 'contacts', requestId, viewer, trail: new ReadTrail(database.soleWriterAs('hub_app')), enabled: true });
    const police: RowOwner = { organisationCode: 'E23000036', sector: 'POLICE', policeOnly: true };
    const council: RowOwner = {
      organisationCode: 'E10000027',
      sector: 'COUNCIL',
      sharedUnder: {
        agreementId: SCC_SAFEGUARDING_AGREEMENT,
        reference: 'ISA-2024-0001',
        recipientCode: 'E23000036',
        standing: 'IN_FORCE',
        purposes: ['SAFEGUARDING'],
        fields: new Set(),
      },
    };
    const sensitive: Access = { marking: 'SENSITIVE', scopes: ['contacts:sensitive'] };
    const official: Access = { marking: 'OFFICIAL', scopes: ['contacts'] };
    // case-a and case-c are read alike, their fields in two orders; case-b has one field more;
    // case-a is met twice (as two cases' parent would be), its fields counted once.
    for (const [rowId, fields] of [
      ['case-a', ['summary', 'reference']],
      ['case-b', ['summary', 'reference', 'status']],
      ['case-c', ['reference', 'summary']],
      ['case-a', ['summary']],
    ] as const) {
      const row = audit.fieldsRead('ContactCase', rowId, official, police, true);
      for (const field of fields) row!.add(field);
    }
    audit.read('ContactCase', 'case-d', 'summary', official, council, false);
    audit.read('CaseNote', 'note-1', 'body', sensitive, police, true);
    // What needs no record: the owning force's own OFFICIAL read of a row on its side of the line.
    expect(audit.fieldsRead('ContactCase', 'case-e', official, { organisationCode: 'E23000036', sector: 'POLICE' }, true)).toBeNull();
    await audit.flushReads();
    const records = await sqlRows<{ entityType: string; action: string; outcome: string; entityIds: string[]; fields: string[] }>(
      sql`select entity_type as "entityType", action, outcome, entity_ids as "entityIds", fields from audit.record where request_id = ${requestId} order by seq`,
    );
    expect(records).toEqual([
      { entityType: 'ContactCase', action: 'CONSULTATION', outcome: 'RETURNED', entityIds: ['case-a', 'case-c'], fields: ['reference', 'summary'] },
      { entityType: 'ContactCase', action: 'CONSULTATION', outcome: 'RETURNED', entityIds: ['case-b'], fields: ['reference', 'status', 'summary'] },
      { entityType: 'ContactCase', action: 'DISCLOSURE', outcome: 'REFUSED', entityIds: ['case-d'], fields: ['summary'] },
      { entityType: 'CaseNote', action: 'CONSULTATION', outcome: 'RETURNED', entityIds: ['note-1'], fields: ['body'] },
    ]);
  });
});

describe('when the audit store rejects writes', () => {
  let store: Awaited<ReturnType<typeof privateDatabase>>;
  let hub: RunningHub;
  const customerId = randomUUID();

  beforeAll(async () => {
    store = await privateDatabase();
    await store.handle.db.execute(sql`
      insert into contacts.customer (id, organisation_code, given_name, family_name, address_line1, town, postcode)
      values (${customerId}, 'E10000027', 'Private', 'Resident', '1 Test Lane', 'Taunton', 'TA1 1AA')`);
    hub = await startHub(testConfig(), { database: store.handle });
    // Served normally first: the store takes records.
    const served = await graphql(hub.url, `{ customer(id: "${customerId}") { id givenName } }`, {}, await asPersona('contact-centre'));
    expect(served.body).toEqual({ data: { customer: { id: customerId, givenName: 'Private' } } });
    await store.handle.db.execute(sql`revoke execute on function audit.append(jsonb) from hub_app`);
  });

  afterAll(async () => {
    await hub?.stop();
    await store?.drop();
    // The hub followed the private database's registry; the worker's other files read the worker's.
    await followWorkerRegistry();
  });

  it('withholds the restricted data and says the request could not be audited', async () => {
    const response = await graphql(hub.url, `{ customer(id: "${customerId}") { id givenName } }`, {}, await asPersona('contact-centre'));
    expect(response.body).toMatchInlineSnapshot(`
      {
        "data": {
          "customer": null,
        },
        "errors": [
          {
            "extensions": {
              "code": "AUDIT_UNAVAILABLE",
              "serviceName": "contacts",
            },
            "message": "This request could not be audited: its restricted data was withheld and nothing was changed; try again later",
          },
        ],
      }
    `);
  });

  it('withholds it at the subgraph too, data and all', async () => {
    const response = await graphql(hub.subgraphs.contacts.url, `{ customer(id: "${customerId}") { id givenName } }`, {}, await asPersona('contact-centre'));
    expect(response.body).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "AUDIT_UNAVAILABLE",
            },
            "message": "This request could not be audited: its restricted data was withheld and nothing was changed; try again later",
          },
        ],
      }
    `);
  });

  it('still serves what needs no record', async () => {
    const response = await graphql(hub.url, `{ organisations { code } }`, {});
    expect(response.body).toEqual({ data: { organisations: [{ code: 'E10000027' }, { code: 'SWONE' }] } });
  });

  it('makes no change whose record cannot be written', async () => {
    const familyName = `Unaudited-${randomUUID().slice(0, 8)}`;
    const response = await graphql(
      hub.url,
      `mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      {
        input: {
          givenName: 'Never',
          familyName,
          address: { line1: '2 Test Lane', town: 'Taunton', postcode: 'TA1 1AA' },
          idempotencyKey: `unaudited-${randomUUID()}`,
        },
      },
      await asPersona('contact-centre'),
    );
    expect(response.body).toMatchInlineSnapshot(`
      {
        "data": {
          "createCustomer": null,
        },
        "errors": [
          {
            "extensions": {
              "code": "AUDIT_UNAVAILABLE",
              "serviceName": "contacts",
            },
            "message": "This request could not be audited: its restricted data was withheld and nothing was changed; try again later",
          },
        ],
      }
    `);
    const rows = (await store.handle.db.execute(sql`select count(*)::int as n from contacts.customer where family_name = ${familyName}`)) as unknown as {
      rows: { n: number }[];
    };
    expect(rows.rows[0]!.n).toBe(0);
  });
});

describe('when the process that writes the records is killed mid-request', () => {
  // PostgreSQL only: the test holds the chain head from a connection of its own, so the
  // killed subgraph's requests are waiting in their appends, which PGlite (one process,
  // one connection) cannot show. Fail-closed on PGlite is the ordering proved above: the
  // records are committed before the response is written.
  const engine = inject('database').engine;

  it.runIf(engine === 'postgres')(
    'returns no data and makes no change: the killed write is undone with its record, the killed read returns nothing',
    async () => {
      const store = await privateDatabase();
      const url = store.url!;
      const customerId = randomUUID();
      await store.handle.db.execute(sql`
      insert into contacts.customer (id, organisation_code, given_name, family_name, address_line1, town, postcode)
      values (${customerId}, 'E10000027', 'Private', 'Resident', '1 Test Lane', 'Taunton', 'TA1 1AA')`);
      const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/contacts/index.ts'], {
        // Any free port: the subgraph logs the one it got.
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: url, CONTACTS_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));

      const exited = new Promise((resolve) => child.once('exit', resolve));
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        const subgraph = await listeningUrl(child, () => stdout, 'subgraph listening');
        const agent = await asPersona('contact-centre');
        await holder.query('begin');
        await holder.query('select seq from audit.chain_head for update');
        const read = graphql(subgraph, `{ customer(id: "${customerId}") { id givenName } }`, {}, { ...agent, 'x-request-id': 'killed-read' });
        const write = graphql(
          subgraph,
          `mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
          {
            input: {
              givenName: 'Never',
              familyName: 'Killed',
              address: { line1: '2 Test Lane', town: 'Taunton', postcode: 'TA1 1AA' },
              idempotencyKey: `killed-${randomUUID()}`,
            },
          },
          { ...agent, 'x-request-id': 'killed-write' },
        );
        const outcomes = Promise.allSettled([read, write]);
        // Both are in their appends once two other sessions wait for the head's lock.
        // Inside the holder's transaction PostgreSQL would keep showing its first snapshot of the activity.
        const waiting = async () => {
          await holder.query('select pg_stat_clear_snapshot()');
          return Number(
            (await holder.query(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0].n,
          );
        };
        await until(async () => (await waiting()) >= 2, { deadlineMs: 30_000, everyMs: 50, what: 'the read and the write to wait for the chain head' });
        child.kill('SIGKILL');
        await exited;
        expect((await outcomes).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
        await holder.query('rollback');
        // The killed process's sessions end once their statements finish and they find the client gone.
        const busy = async () =>
          Number(
            (
              await holder.query(
                `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
              )
            ).rows[0].n,
          );
        await until(async () => (await busy()) === 0, { deadlineMs: 30_000, everyMs: 50, what: "the killed process's sessions to end" });
        const left = await holder.query(`
        select (select count(*)::int from audit.record where request_id = 'killed-write') as "writeRecords",
               (select count(*)::int from contacts.customer where family_name = 'Killed') as created`);
        // The write is undone with its record. The read's append and its commit were already
        // sent together, so its record may commit after the process died: a consultation recorded
        // that never reached the caller, the side the issue allows (never data without a record).
        expect(left.rows[0]).toEqual({ writeRecords: 0, created: 0 });
      } finally {
        child.kill('SIGKILL');
        await holder.query('rollback').catch(() => undefined);
        await holder.end();
        await store.drop();
      }
    },
    120_000,
  );
});

describe('npm run audit:verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-audit-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // On the embedded database, whatever the suite runs on: the script reads PGLITE_DIR when DATABASE_URL is unset.
  const { DATABASE_URL: _url, ...environment } = process.env;
  const verify = () =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      env: { ...environment, PGLITE_DIR: dir, NODE_ENV: 'test' },
      encoding: 'utf8',
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('streams the chain in pages, and exits 1 naming the first bad record of a tampered one', async () => {
    const handle = await openDatabase({ pgliteDir: dir });
    await handle.migrate();
    const entry = (i: number) => withContentHash({ ...personRead(`r${i}`), entityIds: [String(i)] });
    for (let i = 1; i <= 7; i += 1) {
      await handle.writeAs(POLICE_VIEWER, (db) => append(db, [entry(i)]));
    }
    // Bounded memory: one statement for the head and one per page of 2 records.
    const before = sqlStatements.count;
    expect(await verifyChain(handle.db, 2)).toMatchObject({ ok: true, records: 7, head: { seq: 7 } });
    expect(sqlStatements.count - before).toBe(1 + 4);
    // Behind the application's back, committed this time: the script runs in another process.
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit.record set fields = array['id'] where seq = 4`);
    });
    await handle.close();
    const broken = await verify();
    expect(broken).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Audit trail broken at record 4: record 4 was altered (its hash does not match its contents) (3 records verified before it)\n',
    });
  }, 180_000);
});
