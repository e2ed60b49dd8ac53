// A contact-centre agent's everyday writes through the gateway: notes on cases, moves
// through the case state machine, closing with an outcome, and assigning to colleagues
// (whom contacts finds by asking the people subgraph as the caller). One transaction
// each, optimistic concurrency, idempotent creates, and the same markings and policy as reads.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactCase } from '../drizzle/contacts.js';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { asPersona, asStaffOf, graphql, sqlRows, testConfig, testDatabase, testHub } from './support/hub.js';
import { expectedWriteCode, matrixHeaders, UNKNOWN_ID, writeMatrixCases } from './support/write-matrix.js';

let hub: RunningHub;
const SOMERSET = 'E10000027';
const TAUNTON = 'E07000190';
const POLICE = 'E23000036';

beforeAll(async () => {
  hub = await testHub();
});

const MOVE = /* GraphQL */ `
  mutation Move($input: MoveContactCaseInput!) { moveContactCase(input: $input) { id status version closedAt } }
`;
const ADD_NOTE = /* GraphQL */ `
  mutation AddNote($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id version notes { body } } }
`;
const CLOSE = /* GraphQL */ `
  mutation Close($input: CloseContactCaseInput!) { closeContactCase(input: $input) { id status outcome outcomeNote closedAt version } }
`;
const ASSIGN = /* GraphQL */ `
  mutation Assign($input: AssignContactCaseInput!) { assignContactCase(input: $input) { id version assignedTo { id displayName } } }
`;
/** The same, asking only for what the contacts subgraph itself serves, for calls straight to it. */
const ASSIGN_IDS = /* GraphQL */ `
  mutation Assign($input: AssignContactCaseInput!) { assignContactCase(input: $input) { id version assignedTo { id } } }
`;

/** Somerset cases in a status, far from the rows other suites pick (they take the lowest ids). */
async function somersetCases(status: string, count: number): Promise<{ id: string; version: number }[]> {
  return sqlRows(sql`
    select id, version from contacts.contact_case
    where organisation_code = ${SOMERSET} and kind = 'COUNCIL_SERVICE' and status = ${status}
    order by id desc limit ${count}`);
}

/** The n-th Somerset case in a status (0 first), in the same order. */
async function somersetCase(status: string, index: number): Promise<{ id: string; version: number }> {
  const rows = await somersetCases(status, index + 1);
  return rows[index]!;
}

async function caseRow(id: string) {
  const [row] = await sqlRows<{
    status: string;
    version: number;
    notes: number;
    assigned: string | null;
    outcome: string | null;
    outcomeNote: string | null;
    closedAt: Date | null;
  }>(sql`
    select status, version, (select count(*)::int from contacts.case_note n where n.case_id = c.id) as notes,
      assigned_person_id as assigned, outcome, outcome_note as "outcomeNote", closed_at as "closedAt"
    from contacts.contact_case c where id = ${id}`);
  return row!;
}

/** Staff of an organisation, from the test database (the test may look; the contacts subgraph never does). */
async function staffOf(organisation: string, count: number): Promise<string[]> {
  const rows = await sqlRows<{ id: string }>(sql`
    select id from people.person where organisation_code = ${organisation} order by id desc limit ${count}`);
  return rows.map((row) => row.id);
}

describe('moving a case', () => {
  it('moves an open case on, returning the changed case with its new version', async () => {
    const [target] = await somersetCases('OPEN', 1);
    const agent = await asPersona('contact-centre');
    const moved = await graphql(hub.url, MOVE, { input: { caseId: target!.id, version: target!.version, status: 'IN_PROGRESS' } }, agent);
    expect(moved.body).toEqual({ data: { moveContactCase: { id: target!.id, status: 'IN_PROGRESS', version: target!.version + 1, closedAt: null } } });
    expect(await caseRow(target!.id)).toMatchObject({ status: 'IN_PROGRESS', version: target!.version + 1 });

    const resolved = await graphql(hub.url, MOVE, { input: { caseId: target!.id, version: target!.version + 1, status: 'RESOLVED' } }, agent);
    expect(resolved.body.errors).toBeUndefined();
    expect(resolved.body.data!.moveContactCase).toMatchObject({ status: 'RESOLVED', version: target!.version + 2 });
  });

  it('leaves closing to closeContactCase, which records the outcome, and writes nothing', async () => {
    const target = await somersetCase('RESOLVED', 0);
    const before = await caseRow(target.id);
    const closing = await graphql(
      hub.url,
      MOVE,
      { input: { caseId: target.id, version: target.version, status: 'CLOSED' } },
      await asPersona('contact-centre'),
    );
    expect(closing.body).toEqual({
      data: { moveContactCase: null },
      errors: [
        {
          message: 'Invalid input: input.status: a case is closed with closeContactCase, which records its outcome',
          path: ['moveContactCase'],
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [{ field: 'input.status', message: 'a case is closed with closeContactCase, which records its outcome' }],
            serviceName: 'contacts',
          },
        },
      ],
    });
    expect(await caseRow(target.id)).toEqual(before);
  });

  it('refuses a stale version as a conflict and writes nothing', async () => {
    const [target] = await somersetCases('OPEN', 2).then((rows) => rows.slice(1));
    const before = await caseRow(target!.id);
    const stale = await graphql(
      hub.url,
      MOVE,
      { input: { caseId: target!.id, version: target!.version - 1 || 99, status: 'IN_PROGRESS' } },
      await asPersona('contact-centre'),
    );
    expect(stale.body).toEqual({
      data: { moveContactCase: null },
      errors: [
        {
          message: `The case has changed since you read it (it is now version ${before.version}): read it again and retry`,
          path: ['moveContactCase'],
          extensions: { code: 'CONFLICT', currentVersion: before.version, serviceName: 'contacts' },
        },
      ],
    });
    expect(await caseRow(target!.id)).toEqual(before);
  });

  it('refuses an illegal move, naming the allowed ones, and writes nothing', async () => {
    const [target] = await somersetCases('CLOSED', 1);
    const before = await caseRow(target!.id);
    const illegal = await graphql(
      hub.url,
      MOVE,
      { input: { caseId: target!.id, version: target!.version, status: 'OPEN' } },
      await asPersona('contact-centre'),
    );
    expect(illegal.body.errors).toEqual([
      {
        message: 'Invalid input: input.status: A CLOSED case cannot be moved: CLOSED is final',
        path: ['moveContactCase'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.status', message: 'A CLOSED case cannot be moved: CLOSED is final' }],
          serviceName: 'contacts',
        },
      },
    ]);
    const [open] = await somersetCases('OPEN', 3).then((rows) => rows.slice(2));
    const openBefore = await caseRow(open!.id);
    const stay = await graphql(hub.url, MOVE, { input: { caseId: open!.id, version: open!.version, status: 'OPEN' } }, await asPersona('contact-centre'));
    expect(stay.body.errors![0]!.message).toBe(
      'Invalid input: input.status: A OPEN case cannot move to OPEN; it can move to IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED',
    );
    expect(await caseRow(target!.id)).toEqual(before);
    expect(await caseRow(open!.id)).toEqual(openBefore);
  });

  it('lets exactly one of two racing writers win', async () => {
    const [target] = await somersetCases('AWAITING_CUSTOMER', 1);
    const agent = await asPersona('contact-centre');
    const race = await Promise.all(
      (['IN_PROGRESS', 'RESOLVED'] as const).map((status) =>
        graphql(hub.url, MOVE, { input: { caseId: target!.id, version: target!.version, status } }, agent),
      ),
    );
    const winners = race.filter((response) => !response.body.errors);
    const losers = race.filter((response) => response.body.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map((response) => response.body.errors![0]!.extensions!.code)).toEqual(['CONFLICT']);
    const after = await caseRow(target!.id);
    expect(after).toMatchObject({ status: winners[0]!.body.data!.moveContactCase.status, version: target!.version + 1 });
  });

  it("answers another organisation's case, or a police case, as unknown and writes nothing", async () => {
    const [taunton] = await sqlRows<{ id: string; version: number }>(sql`
      select id, version from contacts.contact_case where organisation_code = 'E07000190' and status = 'OPEN' order by id desc limit 1`);
    const [police] = await sqlRows<{ id: string; version: number }>(sql`
      select id, version from contacts.contact_case where organisation_code = 'E23000036' and status = 'OPEN' order by id desc limit 1`);
    for (const target of [taunton!, police!]) {
      const before = await caseRow(target.id);
      const response = await graphql(
        hub.url,
        MOVE,
        { input: { caseId: target.id, version: target.version, status: 'IN_PROGRESS' } },
        await asPersona('contact-centre'),
      );
      expect(response.body.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.caseId', message: 'no case of your organisation has this id' }],
        serviceName: 'contacts',
      });
      expect(await caseRow(target.id)).toEqual(before);
    }
  });
});

describe('adding a note', () => {
  it('adds a note once, however often the request is retried with its key', async () => {
    const [target] = await somersetCases('IN_PROGRESS', 1);
    const before = await caseRow(target!.id);
    const agent = await asPersona('contact-centre');
    const input = { caseId: target!.id, body: 'Called the resident back; collection rebooked for Tuesday.', idempotencyKey: `note-${randomUUID()}` };
    const first = await graphql(hub.url, ADD_NOTE, { input }, agent);
    const retry = await graphql(hub.url, ADD_NOTE, { input }, agent);
    expect(first.body.errors).toBeUndefined();
    expect(retry.body).toEqual(first.body);
    expect(first.body.data!.addCaseNote.notes.map((note: { body: string }) => note.body)).toContain(input.body);
    expect(await caseRow(target!.id)).toEqual({ ...before, version: before.version + 1, notes: before.notes + 1 });

    const reused = await graphql(hub.url, ADD_NOTE, { input: { ...input, body: 'Something else entirely.' } }, agent);
    expect(reused.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.idempotencyKey', message: 'already used for a different request' }],
      serviceName: 'contacts',
    });
    expect(await caseRow(target!.id)).toEqual({ ...before, version: before.version + 1, notes: before.notes + 1 });
  });

  it('names every bad field and writes nothing', async () => {
    const [target] = await somersetCases('IN_PROGRESS', 2).then((rows) => rows.slice(1));
    const before = await caseRow(target!.id);
    const response = await graphql(
      hub.url,
      ADD_NOTE,
      { input: { caseId: 'not-a-case', body: 'x'.repeat(4001), idempotencyKey: 'short' } },
      await asPersona('contact-centre'),
    );
    expect(response.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.caseId', message: 'must be a UUID' },
        { field: 'input.body', message: 'must be at most 4000 characters' },
        { field: 'input.idempotencyKey', message: 'must be 8 to 100 letters, digits, - or _' },
      ],
      serviceName: 'contacts',
    });
    expect(await caseRow(target!.id)).toEqual(before);
  });
});

describe('closing a case', () => {
  it('closes a resolved case with its outcome and note, once: the case is then final', async () => {
    const target = await somersetCase('RESOLVED', 1);
    const agent = await asPersona('contact-centre');
    const input = { caseId: target.id, version: target.version, outcome: 'REFERRED', outcomeNote: 'Passed to Highways, who will inspect the drain this week.' };
    const closed = await graphql(hub.url, CLOSE, { input }, agent);
    expect(closed.body).toEqual({
      data: {
        closeContactCase: {
          id: target.id,
          status: 'CLOSED',
          outcome: 'REFERRED',
          outcomeNote: input.outcomeNote,
          closedAt: expect.any(String),
          version: target.version + 1,
        },
      },
    });
    const after = await caseRow(target.id);
    expect(after).toMatchObject({ status: 'CLOSED', version: target.version + 1, outcome: 'REFERRED', outcomeNote: input.outcomeNote });
    expect(new Date(after.closedAt!).toISOString()).toBe(closed.body.data!.closeContactCase.closedAt);

    // A retry of the same close is stale; at the new version, CLOSED is final.
    const retry = await graphql(hub.url, CLOSE, { input }, agent);
    expect(retry.body.errors![0]!.extensions).toEqual({ code: 'CONFLICT', currentVersion: target.version + 1, serviceName: 'contacts' });
    const again = await graphql(hub.url, CLOSE, { input: { ...input, version: target.version + 1, outcome: 'NO_FURTHER_ACTION' } }, agent);
    expect(again.body.errors).toEqual([
      {
        message: 'Invalid input: input.caseId: A CLOSED case cannot be moved: CLOSED is final',
        path: ['closeContactCase'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.caseId', message: 'A CLOSED case cannot be moved: CLOSED is final' }],
          serviceName: 'contacts',
        },
      },
    ]);
    expect(await caseRow(target.id)).toEqual(after);
  });

  it('closes without a note', async () => {
    const target = await somersetCase('RESOLVED', 2);
    const closed = await graphql(
      hub.url,
      CLOSE,
      { input: { caseId: target.id, version: target.version, outcome: 'RESOLVED_FIRST_CONTACT' } },
      await asPersona('contact-centre'),
    );
    expect(closed.body.data!.closeContactCase).toMatchObject({ status: 'CLOSED', outcome: 'RESOLVED_FIRST_CONTACT', outcomeNote: null });
  });

  it('refuses to close a case that is not resolved, naming the moves it allows, and writes nothing', async () => {
    const target = await somersetCase('IN_PROGRESS', 3);
    const before = await caseRow(target.id);
    const response = await graphql(
      hub.url,
      CLOSE,
      { input: { caseId: target.id, version: target.version, outcome: 'WITHDRAWN' } },
      await asPersona('contact-centre'),
    );
    expect(response.body.errors).toEqual([
      {
        message: 'Invalid input: input.caseId: A IN_PROGRESS case cannot move to CLOSED; it can move to AWAITING_CUSTOMER, RESOLVED',
        path: ['closeContactCase'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.caseId', message: 'A IN_PROGRESS case cannot move to CLOSED; it can move to AWAITING_CUSTOMER, RESOLVED' }],
          serviceName: 'contacts',
        },
      },
    ]);
    expect(await caseRow(target.id)).toEqual(before);
  });

  it('names every bad field, refuses an unknown outcome, and writes nothing', async () => {
    const target = await somersetCase('RESOLVED', 3);
    const before = await caseRow(target.id);
    const agent = await asPersona('contact-centre');
    const response = await graphql(hub.url, CLOSE, { input: { caseId: 'not-a-case', version: 0, outcome: 'REFERRED', outcomeNote: 'x'.repeat(2001) } }, agent);
    expect(response.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.caseId', message: 'must be a UUID' },
        { field: 'input.version', message: 'must be a version you read (1 or more)' },
        { field: 'input.outcomeNote', message: 'must be at most 2000 characters' },
      ],
      serviceName: 'contacts',
    });
    const blank = await graphql(hub.url, CLOSE, { input: { caseId: target.id, version: target.version, outcome: 'REFERRED', outcomeNote: '   ' } }, agent);
    expect(blank.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.outcomeNote', message: 'must not be empty' }]);
    const unknown = await graphql(hub.url, CLOSE, { input: { caseId: target.id, version: target.version, outcome: 'SORTED' } }, agent);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(await caseRow(target.id)).toEqual(before);
  });

  it('is kept by the database too: an outcome belongs to a closed case only', async () => {
    const database = await testDatabase();
    const target = await somersetCase('RESOLVED', 4);
    const before = await caseRow(target.id);
    const somersetStaff = { organisation: SOMERSET, sector: 'COUNCIL', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', purpose: '' } as const;
    await expect(
      database.writeAs(somersetStaff, (db) => db.update(contactCase).set({ outcome: 'REFERRED' }).where(eq(contactCase.id, target.id))),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('contact_case_outcome_when_closed') } });
    expect(await caseRow(target.id)).toEqual(before);
  });

  it("answers another organisation's case as unknown and writes nothing", async () => {
    const [taunton] = await sqlRows<{ id: string; version: number }>(sql`
      select id, version from contacts.contact_case where organisation_code = ${TAUNTON} and status = 'RESOLVED' order by id desc limit 1`);
    const before = await caseRow(taunton!.id);
    const response = await graphql(
      hub.url,
      CLOSE,
      { input: { caseId: taunton!.id, version: taunton!.version, outcome: 'REFERRED' } },
      await asPersona('contact-centre'),
    );
    expect(response.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.caseId', message: 'no case of your organisation has this id' }]);
    expect(await caseRow(taunton!.id)).toEqual(before);
  });
});

describe('assigning a case', () => {
  const unknownPerson = {
    message: 'Invalid input: input.personId: no member of staff of your organisation has this id',
    path: ['assignContactCase'],
    extensions: {
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.personId', message: 'no member of staff of your organisation has this id' }],
      serviceName: 'contacts',
    },
  };

  it('assigns a case to a colleague, returning the case with the person from the staff directory, and unassigns it', async () => {
    const target = await somersetCase('OPEN', 5);
    const [colleague] = await staffOf(SOMERSET, 1);
    const [person] = await sqlRows<{ name: string }>(sql`select given_name || ' ' || family_name as name from people.person where id = ${colleague!}`);
    const agent = await asPersona('contact-centre');
    const assigned = await graphql(hub.url, ASSIGN, { input: { caseId: target.id, version: target.version, personId: colleague!.toUpperCase() } }, agent);
    expect(assigned.body).toEqual({
      data: { assignContactCase: { id: target.id, version: target.version + 1, assignedTo: { id: colleague, displayName: person!.name } } },
    });
    expect(await caseRow(target.id)).toMatchObject({ assigned: colleague, version: target.version + 1 });

    const unassigned = await graphql(hub.url, ASSIGN, { input: { caseId: target.id, version: target.version + 1, personId: null } }, agent);
    expect(unassigned.body).toEqual({ data: { assignContactCase: { id: target.id, version: target.version + 2, assignedTo: null } } });
    expect(await caseRow(target.id)).toMatchObject({ assigned: null, version: target.version + 2 });
  });

  it('refuses an unknown person, staff of another council and a police officer as unknown, and writes nothing', async () => {
    const target = await somersetCase('IN_PROGRESS', 4);
    const before = await caseRow(target.id);
    const [taunton] = await staffOf(TAUNTON, 1);
    const [police] = await staffOf(POLICE, 1);
    for (const personId of ['00000000-0000-4000-8000-000000000000', taunton!, police!]) {
      const response = await graphql(hub.url, ASSIGN, { input: { caseId: target.id, version: target.version, personId } }, await asPersona('contact-centre'));
      expect(response.body).toEqual({ data: { assignContactCase: null }, errors: [unknownPerson] });
    }
    expect(await caseRow(target.id)).toEqual(before);
  });

  it('refuses staff of another organisation whom the caller may read: the shared-service company cannot assign a Somerset person', async () => {
    // Southwest One reads the councils' staff directories, so the person is known to it, and of another organisation.
    const target = await somersetCase('IN_PROGRESS', 5);
    const before = await caseRow(target.id);
    const [somerset] = await staffOf(SOMERSET, 1);
    const shared = await asStaffOf('SWONE', ['staff', 'contacts', 'contacts:write']);
    const response = await graphql(hub.url, ASSIGN, { input: { caseId: target.id, version: target.version, personId: somerset } }, shared);
    expect(response.body).toEqual({ data: { assignContactCase: null }, errors: [unknownPerson] });
    expect(await caseRow(target.id)).toEqual(before);
  });

  it('names every bad field, refuses a stale version and a closed case, and writes nothing', async () => {
    const agent = await asPersona('contact-centre');
    const [colleague] = await staffOf(SOMERSET, 1);
    const bad = await graphql(hub.url, ASSIGN, { input: { caseId: 'case-1', version: -1, personId: 'Chloe' } }, agent);
    expect(bad.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.caseId', message: 'must be a UUID' },
        { field: 'input.version', message: 'must be a version you read (1 or more)' },
        { field: 'input.personId', message: 'must be a UUID, or null to unassign' },
      ],
      serviceName: 'contacts',
    });
    const target = await somersetCase('AWAITING_CUSTOMER', 2);
    const before = await caseRow(target.id);
    const leftOut = await graphql(hub.url, ASSIGN, { input: { caseId: target.id, version: target.version } }, agent);
    expect(leftOut.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.personId', message: 'must be a UUID, or null to unassign' }]);
    const stale = await graphql(hub.url, ASSIGN, { input: { caseId: target.id, version: target.version + 1, personId: colleague } }, agent);
    expect(stale.body.errors).toEqual([
      {
        message: `The case has changed since you read it (it is now version ${target.version}): read it again and retry`,
        path: ['assignContactCase'],
        extensions: { code: 'CONFLICT', currentVersion: target.version, serviceName: 'contacts' },
      },
    ]);
    expect(await caseRow(target.id)).toEqual(before);

    const closed = await somersetCase('CLOSED', 2);
    const closedBefore = await caseRow(closed.id);
    const final = await graphql(hub.url, ASSIGN, { input: { caseId: closed.id, version: closed.version, personId: colleague } }, agent);
    expect(final.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.caseId', message: 'the case is CLOSED, which is final' }]);
    expect(await caseRow(closed.id)).toEqual(closedBefore);
  });

  it('lets exactly one of two racing assigners win', async () => {
    const target = await somersetCase('IN_PROGRESS', 6);
    const colleagues = await staffOf(SOMERSET, 2);
    const agent = await asPersona('contact-centre');
    const race = await Promise.all(
      colleagues.map((personId) => graphql(hub.url, ASSIGN, { input: { caseId: target.id, version: target.version, personId } }, agent)),
    );
    const winners = race.filter((response) => !response.body.errors);
    const losers = race.filter((response) => response.body.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map((response) => response.body.errors![0]!.extensions)).toEqual([
      { code: 'CONFLICT', currentVersion: target.version + 1, serviceName: 'contacts' },
    ]);
    expect(await caseRow(target.id)).toMatchObject({ assigned: winners[0]!.body.data!.assignContactCase.assignedTo.id, version: target.version + 1 });
  });

  it("asks the people subgraph with the caller's own credentials: a direct call without a token is refused, with one it works", async () => {
    const target = await somersetCase('OPEN', 6);
    const before = await caseRow(target.id);
    const [colleague] = await staffOf(SOMERSET, 1);
    const input = { caseId: target.id, version: target.version, personId: colleague };
    const anonymous = await graphql(hub.subgraphs.contacts.url, ASSIGN_IDS, { input });
    expect(anonymous.body).toEqual({
      data: { assignContactCase: null },
      errors: [
        {
          message: 'Sign in to read this field: it is not public',
          locations: [{ line: 2, column: 54 }],
          path: ['assignContactCase'],
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
    expect(await caseRow(target.id)).toEqual(before);

    const signedIn = await graphql(hub.subgraphs.contacts.url, ASSIGN_IDS, { input }, await asPersona('contact-centre'));
    expect(signedIn.body).toEqual({ data: { assignContactCase: { id: target.id, version: target.version + 1, assignedTo: { id: colleague } } } });
  });

  describe('while the people subgraph is down', () => {
    let downstairs: RunningHub;

    beforeAll(async () => {
      downstairs = await startHub(testConfig(), { database: await testDatabase() });
      await downstairs.subgraphs.people.close();
    });

    afterAll(async () => {
      await downstairs?.stop();
    });

    it('refuses an assignment with SUBGRAPH_UNAVAILABLE, naming people, and writes nothing; unassigning needs no people', async () => {
      const target = await somersetCase('AWAITING_CUSTOMER', 3);
      const before = await caseRow(target.id);
      const [colleague] = await staffOf(SOMERSET, 1);
      const agent = await asPersona('contact-centre');
      const response = await graphql(downstairs.url, ASSIGN, { input: { caseId: target.id, version: target.version, personId: colleague } }, agent);
      expect(response.body).toEqual({
        data: { assignContactCase: null },
        errors: [
          { message: 'The people service is unavailable', path: ['assignContactCase'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'contacts' } },
        ],
      });
      expect(await caseRow(target.id)).toEqual(before);

      const unassigned = await graphql(
        downstairs.url,
        `mutation Unassign($input: AssignContactCaseInput!) { assignContactCase(input: $input) { id version } }`,
        { input: { caseId: target.id, version: target.version, personId: null } },
        agent,
      );
      expect(unassigned.body).toEqual({ data: { assignContactCase: { id: target.id, version: target.version + 1 } } });
    });
  });
});

describe('who may write', () => {
  // Each probe names a case (and person) nobody has: refused by the subgraph when it gets there.
  const probes = {
    moveContactCase: { query: MOVE, input: { caseId: UNKNOWN_ID, version: 1, status: 'IN_PROGRESS' } },
    addCaseNote: { query: ADD_NOTE, input: { caseId: UNKNOWN_ID, body: 'matrix probe', idempotencyKey: 'matrix-probe-key' } },
    closeContactCase: { query: CLOSE, input: { caseId: UNKNOWN_ID, version: 1, outcome: 'REFERRED' } },
    // The person is asked of the people subgraph as the caller, who finds no such person.
    assignContactCase: { query: ASSIGN_IDS, input: { caseId: UNKNOWN_ID, version: 1, personId: UNKNOWN_ID } },
  };
  const mutations = Object.keys(probes) as (keyof typeof probes)[];

  it.each(writeMatrixCases(mutations))('$name', async ({ viewer, mutation }) => {
    const response = await graphql(hub.url, probes[mutation].query, { input: probes[mutation].input }, await matrixHeaders(viewer));
    expect(response.body.errors?.[0]?.extensions?.code).toBe(expectedWriteCode(viewer, mutation));
  });

  it.each(writeMatrixCases(mutations))('$name, straight at the contacts subgraph', async ({ viewer, mutation }) => {
    const response = await graphql(hub.subgraphs.contacts.url, probes[mutation].query, { input: probes[mutation].input }, await matrixHeaders(viewer));
    expect(response.body.errors?.[0]?.extensions?.code).toBe(expectedWriteCode(viewer, mutation));
  });

  it('refuses a write scope without the organisation: staff of another council cannot touch Somerset cases', async () => {
    const [target] = await somersetCases('OPEN', 4).then((rows) => rows.slice(3));
    const before = await caseRow(target!.id);
    const response = await graphql(
      hub.url,
      MOVE,
      { input: { caseId: target!.id, version: target!.version, status: 'IN_PROGRESS' } },
      await asStaffOf('E07000190', ['contacts', 'contacts:write']),
    );
    expect(response.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(await caseRow(target!.id)).toEqual(before);
  });
});
