// An HR officer's everyday writes through the gateway: job changes, pay changes kept as
// history, and (police HR only) vetting changes. One transaction each, optimistic
// concurrency, idempotent creates, and the same markings and policy as reads. Tests
// change only people they pick for themselves (never a persona), read versions as they
// are now, and compare with the history as it was, so a rerun on one database passes.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { payChange as payChangeTable, person as personTable } from '../drizzle/people.js';
import { sqlStatements } from '../platform/database.js';
import { takeTurnsAtLineManagement } from '../subgraphs/people/lineManagement.js';
import { PERSONAS } from '../platform/personas.js';
import { asPersona, asStaffOf, graphql, sqlRows, testDatabase, testHub } from './support/hub.js';
import { expectedWriteCode, matrixHeaders, UNKNOWN_ID, writeMatrixCases } from './support/write-matrix.js';

let hub: RunningHub;
let hr: Record<string, string>;
const TAUNTON = 'E07000190';
const SOMERSET = 'E10000027';
const POLICE = 'E23000036';
const PURPOSE = 'Vetting review VR-2026-118';

beforeAll(async () => {
  hub = await testHub();
  hr = await asPersona('council-hr');
});

const PERSON_FIELDS = 'id jobTitle orgUnit { id } manager { id } grade { id } version';
const CHANGE_JOB = /* GraphQL */ `
  mutation ChangeJob($input: ChangeJobInput!) { changeJob(input: $input) { ${PERSON_FIELDS} } }
`;
const RECORD_PAY = /* GraphQL */ `
  mutation RecordPay($input: RecordPayChangeInput!) {
    recordPayChange(input: $input) { id salary { amount currency } payHistory { id effectiveDate annualSalary { amount currency } reason recordedAt } version }
  }
`;
const CHANGE_VETTING = /* GraphQL */ `
  mutation ChangeVetting($input: ChangeVettingInput!) { changeVetting(input: $input) { id vettingLevel version } }
`;

const key = (what: string) => `${what}-${randomUUID()}`;
const PERSONA_IDS = Object.values(PERSONAS).map((persona) => persona.subject);

/** The UK day `days` from today, as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface PickedPerson {
  id: string;
  version: number;
  org_unit_id: string;
  manager_id: string | null;
  grade_id: string | null;
}

/**
 * The `offset`-th person of an organisation matching `where`, from the end of the id
 * order (other suites take the lowest ids), never a persona: each test its own people.
 */
async function pickPerson(organisation: string, offset: number, where = sql`true`): Promise<PickedPerson> {
  const [row] = await sqlRows<PickedPerson>(sql`
    select id, version, org_unit_id, manager_id, grade_id from people.person
    where organisation_code = ${organisation} and id not in ${PERSONA_IDS} and ${where}
    order by id desc offset ${offset} limit 1`);
  if (!row) throw new Error(`no person of ${organisation} at offset ${offset}`);
  return row;
}

/** Everything recorded about a person and their pay, to prove a refusal changed nothing. */
async function recordOf(id: string) {
  const [person] = await sqlRows<Record<string, unknown>>(sql`select * from people.person where id = ${id}`);
  const pay = await sqlRows<Record<string, unknown>>(sql`select * from people.pay_change where person_id = ${id} order by id`);
  return { person, pay };
}

/** What every HR write could touch: pay changes, idempotency keys, and every person's version. */
async function fingerprint() {
  const [row] = await sqlRows<Record<string, number>>(sql`
    select (select count(*)::int from people.pay_change) as "payChanges",
           (select count(*)::int from people.idempotency_key) as "keys",
           (select sum(version)::int from people.person) as "versions"`);
  return row!;
}

async function tauntonRow(table: 'org_unit' | 'grade', notId: string | null): Promise<string> {
  const [row] = await sqlRows<{ id: string }>(sql`
    select id from ${sql.raw(`people.${table}`)} where organisation_code = ${TAUNTON} and id is distinct from ${notId} order by id desc limit 1`);
  return row!.id;
}

async function topOf(organisation: string): Promise<string> {
  const [row] = await sqlRows<{ id: string }>(sql`
    select id from people.person where organisation_code = ${organisation} and manager_id is null order by id limit 1`);
  return row!.id;
}

describe('changing a job', () => {
  it('changes only the fields given, returning the changed person with its new version', async () => {
    const target = await pickPerson(TAUNTON, 0, sql`manager_id is not null and grade_id is not null`);
    const title = `Senior Planning Officer ${randomUUID().slice(0, 6)}`;
    const retitled = await graphql(hub.url, CHANGE_JOB, { input: { personId: target.id, version: target.version, jobTitle: title } }, hr);
    expect(retitled.body).toEqual({
      data: {
        changeJob: {
          id: target.id,
          jobTitle: title,
          orgUnit: { id: target.org_unit_id },
          manager: { id: target.manager_id },
          grade: { id: target.grade_id },
          version: target.version + 1,
        },
      },
    });

    const [unit, grade, manager] = [await tauntonRow('org_unit', target.org_unit_id), await tauntonRow('grade', target.grade_id), await topOf(TAUNTON)];
    const moved = await graphql(
      hub.url,
      CHANGE_JOB,
      { input: { personId: target.id, version: target.version + 1, orgUnitId: unit.toUpperCase(), managerId: manager, gradeId: grade } },
      hr,
    );
    expect(moved.body).toEqual({
      data: {
        changeJob: { id: target.id, jobTitle: title, orgUnit: { id: unit }, manager: { id: manager }, grade: { id: grade }, version: target.version + 2 },
      },
    });
    expect((await recordOf(target.id)).person).toMatchObject({
      job_title: title,
      org_unit_id: unit,
      manager_id: manager,
      grade_id: grade,
      version: target.version + 2,
    });
  });

  it('removes a manager and a grade with null', async () => {
    const target = await pickPerson(TAUNTON, 1, sql`manager_id is not null and grade_id is not null`);
    const cleared = await graphql(hub.url, CHANGE_JOB, { input: { personId: target.id, version: target.version, managerId: null, gradeId: null } }, hr);
    expect(cleared.body.data!.changeJob).toMatchObject({ manager: null, grade: null, version: target.version + 1 });
    // Put back as it was, so the organisation keeps its shape for the next run.
    const restored = await graphql(
      hub.url,
      CHANGE_JOB,
      { input: { personId: target.id, version: target.version + 1, managerId: target.manager_id, gradeId: target.grade_id } },
      hr,
    );
    expect(restored.body.data!.changeJob).toMatchObject({ manager: { id: target.manager_id }, grade: { id: target.grade_id }, version: target.version + 2 });
  });

  it('refuses a stale version as a conflict and writes nothing', async () => {
    const target = await pickPerson(TAUNTON, 2);
    const before = await recordOf(target.id);
    const stale = await graphql(hub.url, CHANGE_JOB, { input: { personId: target.id, version: target.version + 5, jobTitle: 'Stale' } }, hr);
    expect(stale.body).toEqual({
      data: { changeJob: null },
      errors: [
        {
          message: `The person has changed since you read it (it is now version ${target.version}): read it again and retry`,
          path: ['changeJob'],
          extensions: { code: 'CONFLICT', currentVersion: target.version, serviceName: 'people' },
        },
      ],
    });
    expect(await recordOf(target.id)).toEqual(before);
  });

  it('names every bad field and writes nothing', async () => {
    const target = await pickPerson(TAUNTON, 3);
    const before = await fingerprint();
    const bad = await graphql(
      hub.url,
      CHANGE_JOB,
      { input: { personId: 'someone', version: 0, jobTitle: 'x'.repeat(201), orgUnitId: null, managerId: 'nobody' } },
      hr,
    );
    expect(bad.body.errors).toEqual([
      {
        message:
          'Invalid input: input.personId: must be a UUID; input.version: must be a version you read (1 or more); input.jobTitle: must be at most 200 characters; input.orgUnitId: must be given (it cannot be removed); input.managerId: must be a UUID',
        path: ['changeJob'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [
            { field: 'input.personId', message: 'must be a UUID' },
            { field: 'input.version', message: 'must be a version you read (1 or more)' },
            { field: 'input.jobTitle', message: 'must be at most 200 characters' },
            { field: 'input.orgUnitId', message: 'must be given (it cannot be removed)' },
            { field: 'input.managerId', message: 'must be a UUID' },
          ],
          serviceName: 'people',
        },
      },
    ]);
    const nothing = await graphql(hub.url, CHANGE_JOB, { input: { personId: target.id, version: target.version, jobTitle: '   ' } }, hr);
    expect(nothing.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.jobTitle', message: 'must not be empty' }]);
    const noChange = await graphql(hub.url, CHANGE_JOB, { input: { personId: target.id, version: target.version } }, hr);
    expect(noChange.body.errors![0]!.extensions!.fields).toEqual([
      { field: 'input', message: 'must change at least one of jobTitle, orgUnitId, managerId and gradeId' },
    ]);
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses a unit, manager and grade of another organisation, naming each, and writes nothing', async () => {
    const target = await pickPerson(TAUNTON, 4);
    const before = await recordOf(target.id);
    const [somersetUnit] = await sqlRows<{ id: string }>(sql`select id from people.org_unit where organisation_code = ${SOMERSET} limit 1`);
    const [somersetGrade] = await sqlRows<{ id: string }>(sql`select id from people.grade where organisation_code = ${SOMERSET} limit 1`);
    const somersetManager = await topOf(SOMERSET);
    const refused = await graphql(
      hub.url,
      CHANGE_JOB,
      { input: { personId: target.id, version: target.version, orgUnitId: somersetUnit!.id, managerId: somersetManager, gradeId: somersetGrade!.id } },
      hr,
    );
    expect(refused.body.errors).toEqual([
      {
        message:
          "Invalid input: input.orgUnitId: no org unit of the person's organisation has this id; input.managerId: no person of the person's organisation has this id; input.gradeId: no grade of the person's organisation has this id",
        path: ['changeJob'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [
            { field: 'input.orgUnitId', message: "no org unit of the person's organisation has this id" },
            { field: 'input.managerId', message: "no person of the person's organisation has this id" },
            { field: 'input.gradeId', message: "no grade of the person's organisation has this id" },
          ],
          serviceName: 'people',
        },
      },
    ]);
    const unknown = await graphql(
      hub.url,
      CHANGE_JOB,
      { input: { personId: target.id, version: target.version, orgUnitId: UNKNOWN_ID, managerId: UNKNOWN_ID } },
      hr,
    );
    expect(unknown.body.errors![0]!.extensions!.fields).toEqual([
      { field: 'input.orgUnitId', message: "no org unit of the person's organisation has this id" },
      { field: 'input.managerId', message: "no person of the person's organisation has this id" },
    ]);
    expect(await recordOf(target.id)).toEqual(before);
  });

  it('refuses a person as their own manager, and a manager who reports to the person, and writes nothing', async () => {
    const [boss] = await sqlRows<{ id: string; version: number; report: string }>(sql`
      select p.id, p.version, (select r.id from people.person r where r.manager_id = p.id order by r.id desc limit 1) as report
      from people.person p
      where p.organisation_code = ${TAUNTON} and p.manager_id is not null and p.id not in ${PERSONA_IDS}
        and exists (select 1 from people.person r where r.manager_id = p.id and exists (select 1 from people.person rr where rr.manager_id = r.id))
      order by p.id desc limit 1`);
    // Two levels down: someone who reports to the boss through another.
    const [indirect] = await sqlRows<{ id: string }>(sql`
      select rr.id from people.person r join people.person rr on rr.manager_id = r.id where r.manager_id = ${boss!.id} order by rr.id limit 1`);
    const before = await recordOf(boss!.id);
    const self = await graphql(hub.url, CHANGE_JOB, { input: { personId: boss!.id, version: boss!.version, managerId: boss!.id } }, hr);
    expect(self.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.managerId', message: 'a person cannot be their own manager' }],
      serviceName: 'people',
    });
    for (const report of [boss!.report, indirect!.id]) {
      const loop = await graphql(hub.url, CHANGE_JOB, { input: { personId: boss!.id, version: boss!.version, managerId: report } }, hr);
      expect(loop.body.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.managerId', message: 'reports, directly or through others, to this person: that would make a loop' }],
        serviceName: 'people',
      });
    }
    expect(await recordOf(boss!.id)).toEqual(before);
  });

  it("answers another organisation's person, or a police officer, as unknown and writes nothing", async () => {
    for (const target of [await pickPerson(SOMERSET, 0), await pickPerson(POLICE, 0)]) {
      const before = await recordOf(target.id);
      const response = await graphql(hub.url, CHANGE_JOB, { input: { personId: target.id, version: target.version, jobTitle: 'Taken over' } }, hr);
      expect(response.body).toEqual({
        data: { changeJob: null },
        errors: [
          {
            message: 'Invalid input: input.personId: no person of your organisation has this id',
            path: ['changeJob'],
            extensions: {
              code: 'BAD_USER_INPUT',
              fields: [{ field: 'input.personId', message: 'no person of your organisation has this id' }],
              serviceName: 'people',
            },
          },
        ],
      });
      expect(await recordOf(target.id)).toEqual(before);
    }
  });

  it('lets exactly one of two racing writers win', async () => {
    const target = await pickPerson(TAUNTON, 5);
    const race = await Promise.all(
      ['Team Leader', 'Principal Officer'].map((jobTitle) =>
        graphql(hub.url, CHANGE_JOB, { input: { personId: target.id, version: target.version, jobTitle } }, hr),
      ),
    );
    const winners = race.filter((response) => !response.body.errors);
    const losers = race.filter((response) => response.body.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map((response) => response.body.errors![0]!.extensions!.code)).toEqual(['CONFLICT']);
    expect((await recordOf(target.id)).person).toMatchObject({ job_title: winners[0]!.body.data!.changeJob.jobTitle, version: target.version + 1 });
  });

  it('refuses the second of two writers who would make a loop together, and restores the first', async () => {
    const leaf = sql`manager_id is not null and not exists (select 1 from people.person r where r.manager_id = person.id)`;
    const [a, b] = [await pickPerson(TAUNTON, 20, leaf), await pickPerson(TAUNTON, 21, leaf)];
    const race = await Promise.all([
      graphql(hub.url, CHANGE_JOB, { input: { personId: a.id, version: a.version, managerId: b.id } }, hr),
      graphql(hub.url, CHANGE_JOB, { input: { personId: b.id, version: b.version, managerId: a.id } }, hr),
    ]);
    const winners = race.filter((response) => !response.body.errors);
    const losers = race.filter((response) => response.body.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map((response) => response.body.errors![0]!.extensions!.fields)).toEqual([
      [{ field: 'input.managerId', message: 'reports, directly or through others, to this person: that would make a loop' }],
    ]);
    const winner = winners[0]!.body.data!.changeJob.id === a.id ? a : b;
    const restored = await graphql(hub.url, CHANGE_JOB, { input: { personId: winner.id, version: winner.version + 1, managerId: winner.manager_id } }, hr);
    expect(restored.body.data!.changeJob).toMatchObject({ manager: { id: winner.manager_id }, version: winner.version + 2 });
  });

  it("serves police HR the same way for the force's own people, without a purpose", async () => {
    const target = await pickPerson(POLICE, 4, sql`worker_type = 'POLICE_STAFF'`);
    const title = `Vetting Officer ${randomUUID().slice(0, 6)}`;
    const changed = await graphql(
      hub.url,
      CHANGE_JOB,
      { input: { personId: target.id, version: target.version, jobTitle: title } },
      await asPersona('police-hr'),
    );
    expect(changed.body).toEqual({
      data: {
        changeJob: {
          id: target.id,
          jobTitle: title,
          orgUnit: { id: target.org_unit_id },
          manager: target.manager_id ? { id: target.manager_id } : null,
          grade: target.grade_id ? { id: target.grade_id } : null,
          version: target.version + 1,
        },
      },
    });
  });
});

describe('recording a pay change', () => {
  /** A graded Taunton Deane person, and their grade's range in pence. */
  async function gradedPerson(offset: number) {
    const target = await pickPerson(TAUNTON, offset, sql`grade_id is not null and salary_pence is not null`);
    const [range] = await sqlRows<{ code: string; min: number; max: number }>(sql`
      select code, min_salary_pence as min, max_salary_pence as max from people.grade where id = ${target.grade_id}`);
    return { ...target, range: range! };
  }
  const pounds = (pence: number) => (pence / 100).toFixed(2);

  it('keeps every change as history; the salary follows the latest change already in effect', async () => {
    const target = await gradedPerson(10);
    const before = await recordOf(target.id);
    const known = new Set(before.pay.map((change) => change.id));
    type Change = { id: string; effectiveDate: string; annualSalary: { amount: string }; reason: string };
    const added = (history: Change[]) => history.filter((change) => !known.has(change.id));
    // From today: the latest change in effect, whatever earlier runs left in the history.
    const rise = pounds(target.range.max - 100_00);
    const recorded = await graphql(
      hub.url,
      RECORD_PAY,
      { input: { personId: target.id, annualSalary: rise, effectiveDate: dayFromToday(0), reason: 'Annual increment', idempotencyKey: key('pay') } },
      hr,
    );
    expect(recorded.body.errors).toBeUndefined();
    const person = recorded.body.data!.recordPayChange;
    expect(person).toMatchObject({ id: target.id, salary: { amount: rise, currency: 'GBP' }, version: target.version + 1 });
    expect(person.payHistory).toHaveLength(before.pay.length + 1);
    expect(added(person.payHistory)).toEqual([
      {
        id: expect.any(String),
        effectiveDate: dayFromToday(0),
        annualSalary: { amount: rise, currency: 'GBP' },
        reason: 'Annual increment',
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);

    // Agreed ahead: in the history at once, ahead of today's; in the salary only from its day.
    const award = pounds(target.range.max);
    const ahead = await graphql(
      hub.url,
      RECORD_PAY,
      { input: { personId: target.id, annualSalary: award, effectiveDate: dayFromToday(60), reason: 'Pay award 2027/28', idempotencyKey: key('pay') } },
      hr,
    );
    expect(ahead.body.data!.recordPayChange).toMatchObject({ salary: { amount: rise }, version: target.version + 2 });
    expect(added(ahead.body.data!.recordPayChange.payHistory).map((change) => [change.effectiveDate, change.annualSalary.amount])).toEqual([
      [dayFromToday(60), award],
      [dayFromToday(0), rise],
    ]);
    const after = await recordOf(target.id);
    // History only grows; the record's own salary (the one before any change) is left as it was.
    expect(after.pay).toHaveLength(before.pay.length + 2);
    expect(after.pay).toEqual(expect.arrayContaining(before.pay));
    expect(after.person).toEqual({ ...before.person, version: target.version + 2, updated_at: expect.anything() });
  });

  it('records a change once, however often the request is retried with its key, and refuses the key for another change', async () => {
    const target = await gradedPerson(11);
    const reason = `Regrading ${randomUUID().slice(0, 8)}`;
    const input = { personId: target.id, annualSalary: pounds(target.range.min), effectiveDate: dayFromToday(-1), reason, idempotencyKey: key('pay') };
    const first = await graphql(hub.url, RECORD_PAY, { input }, hr);
    const retry = await graphql(hub.url, RECORD_PAY, { input: { ...input, annualSalary: `${input.annualSalary.replace(/\.00$/, '')}` } }, hr);
    expect(first.body.errors).toBeUndefined();
    expect(retry.body).toEqual(first.body);
    const afterFirst = await recordOf(target.id);

    const reused = await graphql(hub.url, RECORD_PAY, { input: { ...input, annualSalary: pounds(target.range.min + 1_00) } }, hr);
    expect(reused.body.errors).toEqual([
      {
        message: 'This idempotencyKey was already used for a different request: use a new key for a new request',
        path: ['recordPayChange'],
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'input.idempotencyKey', message: 'already used for a different request' }],
          serviceName: 'people',
        },
      },
    ]);
    expect(await recordOf(target.id)).toEqual(afterFirst);
    expect(afterFirst.pay.filter((change) => change.reason === reason)).toHaveLength(1);
  });

  it('refuses negative, malformed and absurd amounts, dates out of range and oversized text, naming each field, and writes nothing', async () => {
    const target = await gradedPerson(12);
    const before = await fingerprint();
    const cases: [Record<string, unknown>, { field: string; message: string | RegExp }[]][] = [
      [
        { annualSalary: '-100.00', effectiveDate: '2026-02-30', reason: '' },
        [
          { field: 'input.annualSalary', message: 'must be more than 0' },
          { field: 'input.effectiveDate', message: 'must be a real date' },
          { field: 'input.reason', message: 'must not be empty' },
        ],
      ],
      [
        { annualSalary: '1e6', effectiveDate: dayFromToday(-800), reason: 'x'.repeat(201) },
        [
          { field: 'input.annualSalary', message: 'must be an amount in pounds with at most two decimal places, such as 12.50' },
          { field: 'input.effectiveDate', message: /^must not be before \d{4}-\d{2}-\d{2} \(a year ago\)$/ },
          { field: 'input.reason', message: 'must be at most 200 characters' },
        ],
      ],
      [
        { annualSalary: '99999999.00', effectiveDate: dayFromToday(800) },
        [
          { field: 'input.annualSalary', message: 'must be at most 250000.00' },
          { field: 'input.effectiveDate', message: /^must not be after \d{4}-\d{2}-\d{2} \(a year ahead\)$/ },
        ],
      ],
      [
        { annualSalary: '32500.005', effectiveDate: '01/04/2026' },
        [
          { field: 'input.annualSalary', message: 'must be an amount in pounds with at most two decimal places, such as 12.50' },
          { field: 'input.effectiveDate', message: 'must be a date as YYYY-MM-DD' },
        ],
      ],
      [
        { annualSalary: '0', idempotencyKey: 'short' },
        [
          { field: 'input.annualSalary', message: 'must be more than 0' },
          { field: 'input.idempotencyKey', message: 'must be 8 to 100 letters, digits, - or _' },
        ],
      ],
    ];
    for (const [overrides, fields] of cases) {
      const input = {
        personId: target.id,
        annualSalary: '30000.00',
        effectiveDate: dayFromToday(0),
        reason: 'Probe',
        idempotencyKey: key('pay'),
        ...overrides,
      };
      const response = await graphql(hub.url, RECORD_PAY, { input }, hr);
      expect(response.body.data).toEqual({ recordPayChange: null });
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: fields.map(({ field, message }) => ({ field, message: typeof message === 'string' ? message : expect.stringMatching(message) })),
        serviceName: 'people',
      });
    }
    expect(await fingerprint()).toEqual(before);
  });

  it("refuses pay outside the person's grade, and a change before their start date, and writes nothing", async () => {
    const target = await gradedPerson(13);
    // A recent starter: the seed has none, so this test makes its person one.
    await sqlRows(sql`update people.person set start_date = ${dayFromToday(-10)} where id = ${target.id}`);
    const before = await fingerprint();
    const response = await graphql(
      hub.url,
      RECORD_PAY,
      {
        input: {
          personId: target.id,
          annualSalary: pounds(target.range.max + 1),
          effectiveDate: dayFromToday(-20),
          reason: 'Probe',
          idempotencyKey: key('pay'),
        },
      },
      hr,
    );
    expect(response.body.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'input.annualSalary',
          message: `must be within the person's grade ${target.range.code}: ${pounds(target.range.min)} to ${pounds(target.range.max)}`,
        },
        { field: 'input.effectiveDate', message: `must not be before the person's start date, ${dayFromToday(-10)}` },
      ],
      serviceName: 'people',
    });
    const below = await graphql(
      hub.url,
      RECORD_PAY,
      {
        input: {
          personId: target.id,
          annualSalary: pounds(target.range.min - 1),
          effectiveDate: dayFromToday(-5),
          reason: 'Probe',
          idempotencyKey: key('pay'),
        },
      },
      hr,
    );
    expect(below.body.errors![0]!.extensions!.fields).toEqual([
      {
        field: 'input.annualSalary',
        message: `must be within the person's grade ${target.range.code}: ${pounds(target.range.min)} to ${pounds(target.range.max)}`,
      },
    ]);
    expect(await fingerprint()).toEqual(before);
  });

  it("answers another organisation's person as unknown, refuses pay for a volunteer, and writes nothing", async () => {
    const before = await fingerprint();
    const input = (personId: string) => ({ personId, annualSalary: '30000.00', effectiveDate: dayFromToday(0), reason: 'Probe', idempotencyKey: key('pay') });
    for (const target of [await pickPerson(SOMERSET, 1), await pickPerson(POLICE, 1)]) {
      const response = await graphql(hub.url, RECORD_PAY, { input: input(target.id) }, hr);
      expect(response.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.personId', message: 'no person of your organisation has this id' }]);
    }
    const special = await pickPerson(POLICE, 0, sql`worker_type = 'SPECIAL_CONSTABLE'`);
    const volunteer = await graphql(hub.url, RECORD_PAY, { input: input(special.id) }, await asPersona('police-hr'));
    expect(volunteer.body.errors![0]!.extensions!.fields).toEqual([
      { field: 'input.personId', message: 'special constables are volunteers: they have no pay' },
    ]);
    expect(await fingerprint()).toEqual(before);
  });

  it('serves pay history to HR of the organisation only', async () => {
    const target = await gradedPerson(10);
    const query = `query($id: ID!) { person(id: $id) { id payHistory { effectiveDate } } }`;
    const own = await graphql(hub.url, query, { id: target.id }, hr);
    const recorded = (await recordOf(target.id)).pay;
    expect(own.body.data!.person.payHistory.map((change: { effectiveDate: string }) => change.effectiveDate).sort()).toEqual(
      recorded.map((change) => change.effective_date).sort(),
    );
    const finance = await graphql(hub.url, query, { id: target.id }, await asStaffOf(TAUNTON, ['staff']));
    expect(finance.body).toEqual({
      data: { person: { id: target.id, payHistory: null } },
      errors: [{ message: 'Your access does not include the scope hr:sensitive', path: ['person', 'payHistory'], extensions: { code: 'FORBIDDEN' } }],
    });
    const shared = await graphql(hub.url, query, { id: target.id }, await asStaffOf('SWONE', ['staff', 'hr:sensitive']));
    expect(shared.body.data!.person.payHistory).toBeNull();
    expect(shared.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('reading pay', () => {
  it('reads salaries and pay histories of a whole page in one statement for both, and audits them in one more', async () => {
    const query = `query($first: Int!) { people(organisation: "${TAUNTON}", first: $first) { edges { node { salary { amount } payHistory { effectiveDate } } } } }`;
    const statementsFor = async (first: number) => {
      const before = sqlStatements.count;
      const response = await graphql(hub.url, query, { first }, hr);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.people.edges).toHaveLength(first);
      return sqlStatements.count - before;
    };
    // The page of people; the pay history of all of them; the audit record of the sensitive reads.
    expect(await statementsFor(10)).toBe(3);
    expect(await statementsFor(200)).toBe(3);
  });
});

describe('changing vetting', () => {
  async function officer(offset: number) {
    const target = await pickPerson(POLICE, offset, sql`worker_type = 'POLICE_OFFICER' and vetting_level is not null`);
    const [row] = await sqlRows<{ vetting_level: string }>(sql`select vetting_level::text from people.person where id = ${target.id}`);
    return { ...target, vetting: row!.vetting_level, next: row!.vetting_level === 'NPPV3' ? 'SC' : 'NPPV3' };
  }

  it("lets police HR change an officer's vetting with a stated purpose", async () => {
    const target = await officer(0);
    const changed = await graphql(
      hub.url,
      CHANGE_VETTING,
      { input: { personId: target.id, version: target.version, vettingLevel: target.next } },
      await asPersona('police-hr', PURPOSE),
    );
    expect(changed.body).toEqual({ data: { changeVetting: { id: target.id, vettingLevel: target.next, version: target.version + 1 } } });
    const lapsed = await graphql(
      hub.url,
      CHANGE_VETTING,
      { input: { personId: target.id, version: target.version + 1, vettingLevel: null } },
      await asPersona('police-hr', PURPOSE),
    );
    expect(lapsed.body.data).toEqual({ changeVetting: { id: target.id, vettingLevel: null, version: target.version + 2 } });
  });

  it('refuses council HR, and police HR without a purpose, at the gateway, and writes nothing', async () => {
    const target = await officer(1);
    const before = await recordOf(target.id);
    const input = { personId: target.id, version: target.version, vettingLevel: target.next };
    const council = await graphql(hub.url, CHANGE_VETTING, { input }, await asPersona('council-hr', PURPOSE));
    expect(council.body).toEqual({
      data: { changeVetting: null },
      errors: [{ message: 'Police data is readable by police staff only', path: ['changeVetting'], extensions: { code: 'FORBIDDEN' } }],
    });
    const noPurpose = await graphql(hub.url, CHANGE_VETTING, { input }, await asPersona('police-hr'));
    expect(noPurpose.body).toEqual({
      data: { changeVetting: null },
      errors: [{ message: 'Reading police data needs a stated purpose: send an X-Purpose header', path: ['changeVetting'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect(await recordOf(target.id)).toEqual(before);
  });

  it('refuses a stale version, an unknown level and a council person, and writes nothing', async () => {
    const target = await officer(2);
    const before = await recordOf(target.id);
    const police = await asPersona('police-hr', PURPOSE);
    const stale = await graphql(hub.url, CHANGE_VETTING, { input: { personId: target.id, version: target.version + 1, vettingLevel: target.next } }, police);
    expect(stale.body.errors![0]!.extensions).toEqual({ code: 'CONFLICT', currentVersion: target.version, serviceName: 'people' });
    const missing = await graphql(hub.url, CHANGE_VETTING, { input: { personId: target.id, version: target.version } }, police);
    expect(missing.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.vettingLevel', message: 'must be given: a level, or null for none' }]);
    const council = await pickPerson(TAUNTON, 6);
    const other = await graphql(hub.url, CHANGE_VETTING, { input: { personId: council.id, version: council.version, vettingLevel: 'RV' } }, police);
    expect(other.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.personId', message: 'no person of your organisation has this id' }]);
    expect(await recordOf(target.id)).toEqual(before);
  });
});

describe('who may write', () => {
  // Each probe names a person nobody has: refused by the subgraph when it gets there.
  const probes = {
    changeJob: { query: CHANGE_JOB, input: { personId: UNKNOWN_ID, version: 1, jobTitle: 'Matrix probe' } },
    recordPayChange: {
      query: RECORD_PAY,
      input: { personId: UNKNOWN_ID, annualSalary: '30000.00', effectiveDate: dayFromToday(0), reason: 'Matrix probe', idempotencyKey: 'matrix-probe-key' },
    },
    changeVetting: { query: CHANGE_VETTING, input: { personId: UNKNOWN_ID, version: 1, vettingLevel: 'RV' } },
  };

  it.each(writeMatrixCases(Object.keys(probes) as (keyof typeof probes)[]))('$name', async ({ viewer, mutation }) => {
    const before = await fingerprint();
    const response = await graphql(hub.url, probes[mutation].query, { input: probes[mutation].input }, await matrixHeaders(viewer));
    expect(response.body.data).toEqual({ [mutation]: null });
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual([expectedWriteCode(viewer, mutation)]);
    expect(await fingerprint()).toEqual(before);
  });

  it('lets only HR of the organisation through: a write scope without HR of that organisation changes nothing', async () => {
    const target = await pickPerson(TAUNTON, 7);
    const before = await recordOf(target.id);
    const input = { personId: target.id, version: target.version, jobTitle: 'Taken over' };
    const somersetHr = await graphql(hub.url, CHANGE_JOB, { input }, await asStaffOf(SOMERSET, ['staff', 'hr', 'hr:write']));
    const sharedService = await graphql(hub.url, CHANGE_JOB, { input }, await asStaffOf('SWONE', ['staff', 'hr', 'hr:write']));
    for (const response of [somersetHr, sharedService]) {
      expect(response.body.errors![0]!.extensions!.fields).toEqual([{ field: 'input.personId', message: 'no person of your organisation has this id' }]);
    }
    expect(await recordOf(target.id)).toEqual(before);
  });
});

describe('straight at the subgraph', () => {
  it("refuses what the gateway refuses, from the caller's own token, and writes nothing", async () => {
    const target = await pickPerson(POLICE, 3, sql`vetting_level is not null`);
    const before = await recordOf(target.id);
    const input = { personId: target.id, version: target.version, vettingLevel: null };
    const council = await graphql(hub.subgraphs.people.url, CHANGE_VETTING, { input }, await asPersona('council-hr', PURPOSE));
    const anonymous = await graphql(hub.subgraphs.people.url, CHANGE_JOB, { input: { personId: target.id, version: target.version, jobTitle: 'Probe' } });
    const noWriteScope = await graphql(
      hub.subgraphs.people.url,
      CHANGE_JOB,
      { input: { personId: target.id, version: target.version, jobTitle: 'Probe' } },
      await asStaffOf(POLICE, ['staff', 'hr', 'hr:sensitive']),
    );
    expect([council, anonymous, noWriteScope].map((response) => response.body)).toEqual([
      {
        data: { changeVetting: null },
        errors: [
          { message: 'Police data is readable by police staff only', path: ['changeVetting'], locations: expect.any(Array), extensions: { code: 'FORBIDDEN' } },
        ],
      },
      {
        data: { changeJob: null },
        errors: [
          { message: 'Sign in to read this field: it is not public', path: ['changeJob'], locations: expect.any(Array), extensions: { code: 'FORBIDDEN' } },
        ],
      },
      {
        data: { changeJob: null },
        errors: [
          { message: 'Your access does not include the scope hr:write', path: ['changeJob'], locations: expect.any(Array), extensions: { code: 'FORBIDDEN' } },
        ],
      },
    ]);
    expect(await recordOf(target.id)).toEqual(before);
  });
});

describe('the database itself', () => {
  const tauntonStaff = { organisation: TAUNTON, sector: 'COUNCIL', services: 'PEOPLE,FINANCE,PROCUREMENT,CONTACTS', purpose: '' } as const;
  const refusedBy = (reason: RegExp) => ({ cause: expect.objectContaining({ message: expect.stringMatching(reason) }) });

  it("changes no other organisation's person, writes no pay for one, and overwrites no history", async () => {
    const database = await testDatabase();
    const somerset = await pickPerson(SOMERSET, 2);
    const before = await recordOf(somerset.id);
    const counts = await fingerprint();
    const changed = await database.writeAs(tauntonStaff, (db) =>
      db.update(personTable).set({ jobTitle: 'Overwritten' }).where(eq(personTable.id, somerset.id)).returning({ id: personTable.id }),
    );
    expect(changed).toEqual([]);
    const pay = database.writeAs(tauntonStaff, (db) =>
      db.insert(payChangeTable).values({
        id: randomUUID(),
        personId: somerset.id,
        organisationCode: TAUNTON,
        effectiveDate: dayFromToday(0),
        annualSalaryPence: 1_00,
        reason: 'Probe',
        recordedBy: 'probe',
      }),
    );
    await expect(pay).rejects.toMatchObject(refusedBy(/row-level security/));
    await expect(database.writeAs(tauntonStaff, (db) => db.update(payChangeTable).set({ annualSalaryPence: 1_00 }))).rejects.toMatchObject(
      refusedBy(/permission denied/),
    );
    await expect(database.writeAs(tauntonStaff, (db) => db.delete(payChangeTable))).rejects.toMatchObject(refusedBy(/permission denied/));
    expect(await recordOf(somerset.id)).toEqual(before);
    expect(await fingerprint()).toEqual(counts);
  });

  it('makes a manager change wait for one not yet committed, so that the two cannot make a loop', async () => {
    const database = await testDatabase();
    const leaf = sql`manager_id is not null and not exists (select 1 from people.person r where r.manager_id = person.id)`;
    const [a, b] = [await pickPerson(TAUNTON, 22, leaf), await pickPerson(TAUNTON, 23, leaf)];
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    // A manager change held open, as a slow request would: a to report to b.
    const first = database.writeAs(tauntonStaff, async (db) => {
      await takeTurnsAtLineManagement(db, TAUNTON);
      await db
        .update(personTable)
        .set({ managerId: b.id, version: sql`${personTable.version} + 1` })
        .where(eq(personTable.id, a.id));
      await committing;
    });
    const second = graphql(hub.url, CHANGE_JOB, { input: { personId: b.id, version: b.version, managerId: a.id } }, hr);
    if (database.engine === 'postgres') {
      // Commit only once the second change is waiting for its turn (PGlite's one connection queues it anyway).
      await expect
        .poll(
          async () =>
            (
              await sqlRows<{ waiting: number }>(
                sql`select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`,
              )
            )[0]!.waiting,
        )
        .toBe(1);
    }
    commit();
    await first;
    expect((await second).body.errors![0]!.extensions!.fields).toEqual([
      { field: 'input.managerId', message: 'reports, directly or through others, to this person: that would make a loop' },
    ]);
    const restored = await graphql(hub.url, CHANGE_JOB, { input: { personId: a.id, version: a.version + 1, managerId: a.manager_id } }, hr);
    expect(restored.body.data!.changeJob).toMatchObject({ manager: { id: a.manager_id }, version: a.version + 2 });
  });

  it('lets no one write personal details or council vetting, and keeps nothing of a transaction that fails part-way', async () => {
    const database = await testDatabase();
    const target = await pickPerson(TAUNTON, 8);
    const before = await recordOf(target.id);
    const counts = await fingerprint();
    await expect(
      database.writeAs(tauntonStaff, (db) => db.update(personTable).set({ nationalInsuranceNumber: 'QQ123456C' }).where(eq(personTable.id, target.id))),
    ).rejects.toMatchObject(refusedBy(/permission denied/));
    await expect(
      database.writeAs(tauntonStaff, (db) => db.update(personTable).set({ vettingLevel: 'DV' }).where(eq(personTable.id, target.id))),
    ).rejects.toMatchObject(refusedBy(/vetting is recorded for police people only/));
    // A pay change and a version bump, then a statement the database refuses: none of it stays.
    const partWay = database.writeAs(tauntonStaff, async (db) => {
      await db.insert(payChangeTable).values({
        id: randomUUID(),
        personId: target.id,
        organisationCode: TAUNTON,
        effectiveDate: dayFromToday(0),
        annualSalaryPence: 30_000_00,
        reason: 'Probe',
        recordedBy: 'probe',
      });
      await db
        .update(personTable)
        .set({ version: sql`${personTable.version} + 1` })
        .where(eq(personTable.id, target.id));
      await db.update(personTable).set({ familyName: 'Overwritten' }).where(eq(personTable.id, target.id));
    });
    await expect(partWay).rejects.toMatchObject(refusedBy(/permission denied/));
    expect(await recordOf(target.id)).toEqual(before);
    expect(await fingerprint()).toEqual(counts);
  });
});
