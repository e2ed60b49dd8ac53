// A contact-centre agent's everyday writes through the gateway: notes on cases and
// moves through the case state machine. One transaction each, optimistic concurrency,
// idempotent creates, and the same markings and policy as reads.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { asPersona, asStaffOf, graphql, sqlRows, testHub } from './support/hub.js';
import { expectedWriteCode, matrixHeaders, UNKNOWN_ID, writeMatrixCases } from './support/write-matrix.js';

let hub: RunningHub;
const SOMERSET = 'E10000027';

beforeAll(async () => {
  hub = await testHub();
});

const MOVE = /* GraphQL */ `
  mutation Move($input: MoveContactCaseInput!) { moveContactCase(input: $input) { id status version closedAt } }
`;
const ADD_NOTE = /* GraphQL */ `
  mutation AddNote($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id version notes { body } } }
`;

/** Somerset cases in a status, far from the rows other suites pick (they take the lowest ids). */
async function somersetCases(status: string, count: number): Promise<{ id: string; version: number }[]> {
  return sqlRows(sql`
    select id, version from contacts.contact_case
    where organisation_code = ${SOMERSET} and kind = 'COUNCIL_SERVICE' and status = ${status}
    order by id desc limit ${count}`);
}

async function caseRow(id: string) {
  const [row] = await sqlRows<{ status: string; version: number; notes: number }>(sql`
    select status, version, (select count(*)::int from contacts.case_note n where n.case_id = c.id) as notes
    from contacts.contact_case c where id = ${id}`);
  return row!;
}

describe('moving a case', () => {
  it('moves an open case on, returning the changed case with its new version', async () => {
    const [target] = await somersetCases('OPEN', 1);
    const agent = await asPersona('contact-centre');
    const moved = await graphql(hub.url, MOVE, { input: { caseId: target!.id, version: target!.version, status: 'IN_PROGRESS' } }, agent);
    expect(moved.body).toEqual({ data: { moveContactCase: { id: target!.id, status: 'IN_PROGRESS', version: target!.version + 1, closedAt: null } } });
    expect(await caseRow(target!.id)).toMatchObject({ status: 'IN_PROGRESS', version: target!.version + 1 });

    const resolved = await graphql(hub.url, MOVE, { input: { caseId: target!.id, version: target!.version + 1, status: 'RESOLVED' } }, agent);
    const closed = await graphql(hub.url, MOVE, { input: { caseId: target!.id, version: target!.version + 2, status: 'CLOSED' } }, agent);
    expect(resolved.body.errors).toBeUndefined();
    expect(closed.body.data!.moveContactCase).toMatchObject({ status: 'CLOSED', version: target!.version + 3, closedAt: expect.any(String) });
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
    const illegal = await graphql(hub.url, MOVE, { input: { caseId: target!.id, version: target!.version, status: 'OPEN' } }, await asPersona('contact-centre'));
    expect(illegal.body.errors).toEqual([
      {
        message: 'Invalid input: input.status: A CLOSED case cannot be moved: CLOSED is final',
        path: ['moveContactCase'],
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.status', message: 'A CLOSED case cannot be moved: CLOSED is final' }], serviceName: 'contacts' },
      },
    ]);
    const [open] = await somersetCases('OPEN', 3).then((rows) => rows.slice(2));
    const skip = await graphql(hub.url, MOVE, { input: { caseId: open!.id, version: open!.version, status: 'CLOSED' } }, await asPersona('contact-centre'));
    expect(skip.body.errors![0]!.message).toBe(
      'Invalid input: input.status: A OPEN case cannot move to CLOSED; it can move to IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED',
    );
    expect(await caseRow(target!.id)).toEqual(before);
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
      const response = await graphql(hub.url, MOVE, { input: { caseId: target.id, version: target.version, status: 'IN_PROGRESS' } }, await asPersona('contact-centre'));
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

describe('who may write', () => {
  // Each probe names a case nobody has: refused by the subgraph when it gets there.
  const probes = {
    moveContactCase: { query: MOVE, input: { caseId: UNKNOWN_ID, version: 1, status: 'IN_PROGRESS' } },
    addCaseNote: { query: ADD_NOTE, input: { caseId: UNKNOWN_ID, body: 'matrix probe', idempotencyKey: 'matrix-probe-key' } },
  };

  it.each(writeMatrixCases(Object.keys(probes) as (keyof typeof probes)[]))('$name', async ({ viewer, mutation }) => {
    const response = await graphql(hub.url, probes[mutation].query, { input: probes[mutation].input }, await matrixHeaders(viewer));
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
