import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDateProblem, todayInUk, yearsFrom } from '../../../platform/dates.js';
import type { Database } from '../../../platform/database.js';
import {
  amountInput,
  conflict,
  idempotencyKeyInput,
  idempotently,
  invalidField,
  invalidFields,
  uuidInput,
  validated,
  versionInput,
  writer,
} from '../../../platform/mutations.js';
import { penceToDecimal } from '../../../platform/money.js';
import { grade, orgUnit, payChange, peopleIdempotencyKey, person, type PersonRow } from '../../../drizzle/people.js';
import type { MutationResolvers } from '../generated/resolvers.js';
import { managerProblem, takeTurnsAtLineManagement } from '../lineManagement.js';

// No grade's range comes near it; a salary above it is a typing slip, not a pay rise.
const MAX_ANNUAL_SALARY_PENCE = 250_000_00;
// Pay is often backdated (pay awards) or agreed ahead (increments): a year either way.
const PAY_CHANGE_WINDOW_YEARS = 1;

const text = (max: number) =>
  z.string({ error: 'must be given (it cannot be removed)' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A reference the person always has (their unit): it can be replaced, never removed. */
const requiredReference = z.string({ error: 'must be given (it cannot be removed)' }).pipe(uuidInput);

const ChangeJobInput = z
  .object({
    personId: uuidInput,
    version: versionInput,
    jobTitle: text(200).optional(),
    orgUnitId: requiredReference.optional(),
    managerId: uuidInput.nullable().optional(),
    gradeId: uuidInput.nullable().optional(),
  })
  .refine(({ personId: _id, version: _version, ...changes }) => Object.values(changes).some((value) => value !== undefined), {
    message: 'must change at least one of jobTitle, orgUnitId, managerId and gradeId',
  });

const annualSalary = amountInput(MAX_ANNUAL_SALARY_PENCE);

const effectiveDate = z.string().superRefine((value, context) => {
  const today = todayInUk();
  const [earliest, latest] = [yearsFrom(today, -PAY_CHANGE_WINDOW_YEARS), yearsFrom(today, PAY_CHANGE_WINDOW_YEARS)];
  const problem =
    calendarDateProblem(value) ??
    (value < earliest ? `must not be before ${earliest} (a year ago)` : value > latest ? `must not be after ${latest} (a year ahead)` : null);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const RecordPayChangeInput = z.object({
  personId: uuidInput,
  annualSalary,
  effectiveDate,
  reason: text(200),
  idempotencyKey: idempotencyKeyInput,
});

const ChangeVettingInput = z.object({
  personId: uuidInput,
  version: versionInput,
  vettingLevel: z.enum(['RV', 'NPPV1', 'NPPV2', 'NPPV3', 'SC', 'DV'], { error: 'must be given: a level, or null for none' }).nullable(),
});

// Another organisation's person is answered as unknown: their existence is not the caller's to learn.
const unknownPerson = () => invalidField('input.personId', 'no person of your organisation has this id');

/**
 * The person, locked until commit (a concurrent change waits, then sees the new
 * version), when they belong to the writer's organisation; unknown otherwise.
 */
async function lockedPerson(db: Database, id: string, organisation: string): Promise<PersonRow> {
  const [current] = await db.select().from(person).where(eq(person.id, id)).for('update');
  if (!current || current.organisationCode !== organisation) throw unknownPerson();
  return current;
}

export const Mutation: MutationResolvers = {
  changeJob: async (_parent, { input }, { viewer, write, loaders }) => {
    const { personId, version, ...change } = validated(ChangeJobInput, input);
    const { organisation } = writer(viewer);
    await write(async (db) => {
      // Taken before the row lock, so that manager changes queue in one order.
      if (change.managerId) await takeTurnsAtLineManagement(db, organisation);
      const current = await lockedPerson(db, personId, organisation);
      if (current.version !== version) throw conflict('The person', current.version);
      const problems: { field: string; message: string }[] = [];
      if (change.orgUnitId) {
        const [unit] = await db
          .select({ id: orgUnit.id })
          .from(orgUnit)
          .where(and(eq(orgUnit.id, change.orgUnitId), eq(orgUnit.organisationCode, current.organisationCode)));
        if (!unit) problems.push({ field: 'input.orgUnitId', message: "no org unit of the person's organisation has this id" });
      }
      if (change.managerId) {
        const problem = await managerProblem(db, current, change.managerId);
        if (problem) problems.push({ field: 'input.managerId', message: problem });
      }
      if (change.gradeId) {
        const [known] = await db
          .select({ id: grade.id })
          .from(grade)
          .where(and(eq(grade.id, change.gradeId), eq(grade.organisationCode, current.organisationCode)));
        if (!known) problems.push({ field: 'input.gradeId', message: "no grade of the person's organisation has this id" });
      }
      if (problems.length > 0) throw invalidFields(problems);
      // Only the fields given change; undefined leaves a column as it is.
      await db
        .update(person)
        .set({ ...change, version: current.version + 1, updatedAt: new Date() })
        .where(and(eq(person.id, current.id), eq(person.version, current.version)));
    });
    return loaders.personById.clear(personId).load(personId);
  },

  recordPayChange: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...pay } = validated(RecordPayChangeInput, input);
    const { organisation, subject } = writer(viewer);
    // The amount in pence, so "32500" and "32500.00" are the same request.
    const request = { ...pay, annualSalary: pay.annualSalary.toString() };
    await write((db, changes) =>
      idempotently(db, { table: peopleIdempotencyKey, viewer, key, operation: 'recordPayChange', input: request }, async (changeId) => {
        const current = await lockedPerson(db, pay.personId, organisation);
        if (current.workerType === 'SPECIAL_CONSTABLE') throw invalidField('input.personId', 'special constables are volunteers: they have no pay');
        const problems: { field: string; message: string }[] = [];
        const [range] = current.gradeId ? await db.select().from(grade).where(eq(grade.id, current.gradeId)) : [];
        if (range && (pay.annualSalary < range.minSalaryPence || pay.annualSalary > range.maxSalaryPence)) {
          const [minimum, maximum] = [penceToDecimal(range.minSalaryPence), penceToDecimal(range.maxSalaryPence)];
          problems.push({ field: 'input.annualSalary', message: `must be within the person's grade ${range.code}: ${minimum} to ${maximum}` });
        }
        if (pay.effectiveDate < current.startDate) {
          problems.push({ field: 'input.effectiveDate', message: `must not be before the person's start date, ${current.startDate}` });
        }
        if (problems.length > 0) throw invalidFields(problems);
        await db.insert(payChange).values({
          id: changeId,
          personId: current.id,
          organisationCode: current.organisationCode,
          effectiveDate: pay.effectiveDate,
          annualSalaryPence: pay.annualSalary,
          reason: pay.reason,
          recordedAt: new Date(),
          recordedBy: subject,
        });
        // The person's pay changed: a writer holding the old version must read again.
        await db
          .update(person)
          .set({ version: current.version + 1, updatedAt: new Date() })
          .where(eq(person.id, current.id));
        const ownerOrganisation = current.organisationCode;
        changes.record({
          action: 'COLLECTION',
          entityType: 'PayChange',
          ids: [changeId],
          fields: ['annualSalary', 'effectiveDate', 'reason'],
          ownerOrganisation,
        });
        changes.record({ action: 'ALTERATION', entityType: 'Person', ids: [current.id], fields: ['payHistory', 'salary'], ownerOrganisation });
      }),
    );
    return loaders.personById.clear(pay.personId).load(pay.personId);
  },

  changeVetting: async (_parent, { input }, { viewer, write, loaders }) => {
    const { personId, version, vettingLevel } = validated(ChangeVettingInput, input);
    await write(async (db, changes) => {
      const current = await lockedPerson(db, personId, writer(viewer).organisation);
      if (current.version !== version) throw conflict('The person', current.version);
      await db
        .update(person)
        .set({ vettingLevel, version: current.version + 1, updatedAt: new Date() })
        .where(and(eq(person.id, current.id), eq(person.version, current.version)));
      changes.record({ action: 'ALTERATION', entityType: 'Person', ids: [current.id], fields: ['vettingLevel'], ownerOrganisation: current.organisationCode });
    });
    return loaders.personById.clear(personId).load(personId);
  },
};
