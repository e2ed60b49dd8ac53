import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDateProblem, todayInUk, yearsFrom } from '../../../platform/dates.js';
import { personalDetails } from '../../../platform/personalDetails.js';
import { sectorOf } from '../../../platform/organisations.js';
import type { Database } from '../../../platform/database.js';
import {
  amountInput,
  conflict,
  idempotencyKeyInput,
  idempotently,
  invalidField,
  invalidFields,
  textInput,
  uuidInput,
  validated,
  versionInput,
  writer,
} from '../../../platform/mutations.js';
import { penceToDecimal } from '../../../platform/money.js';
import { grade, orgUnit, payChange, peopleIdempotencyKey, person, type PersonRow } from '../../../drizzle/people.js';
import { organisationAdministration } from '../administration.js';
import { sharingAgreementGovernance } from '../agreements.js';
import type { MutationResolvers } from '../generated/resolvers.js';
import { managerProblem, takeTurnsAtLineManagement } from '../lineManagement.js';

// The youngest age at which anyone is employed (school leaving age).
const MINIMUM_WORKING_AGE = 16;
// No grade's range comes near it; a salary above it is a typing slip, not a pay rise.
const MAX_ANNUAL_SALARY_PENCE = 250_000_00;
// Pay is often backdated (pay awards) or agreed ahead (increments): a year either way.
const PAY_CHANGE_WINDOW_YEARS = 1;

/** A reference the person always has (their unit): it can be replaced, never removed. */
const requiredReference = z.string({ error: 'must be given (it cannot be removed)' }).pipe(uuidInput);

const ChangeJobInput = z
  .object({
    personId: uuidInput,
    version: versionInput,
    jobTitle: textInput(200).optional(),
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
  reason: textInput(200),
  idempotencyKey: idempotencyKeyInput,
});

const ChangeVettingInput = z.object({
  personId: uuidInput,
  version: versionInput,
  vettingLevel: z.enum(['RV', 'NPPV1', 'NPPV2', 'NPPV3', 'SC', 'DV'], { error: 'must be given: a level, or null for none' }).nullable(),
});

const CreateOrgUnitInput = z.object({
  name: textInput(200),
  parentId: uuidInput.nullish(),
  idempotencyKey: idempotencyKeyInput,
});

const CreateGradeInput = z
  .object({
    code: textInput(40),
    name: textInput(200),
    minimumSalary: annualSalary,
    maximumSalary: annualSalary,
    idempotencyKey: idempotencyKeyInput,
  })
  .refine(({ minimumSalary, maximumSalary }) => maximumSalary >= minimumSalary, { path: ['maximumSalary'], message: 'must be at least minimumSalary' });

// HMRC's shape: two letters, six digits, a letter A to D (QQ, never issued, is the demo data's prefix).
const NI_NUMBER = /^[A-Z]{2}[0-9]{6}[A-D]$/;

const AddPersonInput = z
  .object({
    givenName: personalDetails.name,
    familyName: personalDetails.name,
    jobTitle: textInput(200),
    orgUnitId: uuidInput,
    gradeId: uuidInput.nullish(),
    managerId: uuidInput.nullish(),
    staffNumber: textInput(40),
    workEmail: personalDetails.email,
    startDate: z.string().superRefine((value, context) => {
      const problem = calendarDateProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
    dateOfBirth: personalDetails.dateOfBirth,
    nationalInsuranceNumber: z
      .string()
      .transform((value) => value.replace(/\s+/g, '').toUpperCase())
      .refine((value) => NI_NUMBER.test(value), 'must be a National Insurance number such as QQ123456C'),
    homeAddress: personalDetails.address,
    idempotencyKey: idempotencyKeyInput,
  })
  .refine(({ startDate, dateOfBirth }) => yearsFrom(startDate, -MINIMUM_WORKING_AGE) >= dateOfBirth, {
    path: ['dateOfBirth'],
    message: `must be at least ${MINIMUM_WORKING_AGE} years before startDate`,
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

  createOrgUnit: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...unit } = validated(CreateOrgUnitInput, input);
    const { organisation } = writer(viewer);
    const id = await write((db, changes) =>
      idempotently(db, { table: peopleIdempotencyKey, viewer, key, operation: 'createOrgUnit', input: unit }, async (unitId) => {
        if (unit.parentId) {
          const [parent] = await db
            .select({ id: orgUnit.id })
            .from(orgUnit)
            .where(and(eq(orgUnit.id, unit.parentId), eq(orgUnit.organisationCode, organisation)));
          if (!parent) throw invalidField('input.parentId', 'no org unit of your organisation has this id');
        }
        await db.insert(orgUnit).values({ id: unitId, organisationCode: organisation, name: unit.name, parentId: unit.parentId ?? null });
        changes.record({ action: 'COLLECTION', entityType: 'OrgUnit', ids: [unitId], fields: ['name', 'parent'], ownerOrganisation: organisation });
      }),
    );
    return loaders.orgUnitById.clear(id).load(id);
  },

  createGrade: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...range } = validated(CreateGradeInput, input);
    const { organisation } = writer(viewer);
    const request = { ...range, minimumSalary: range.minimumSalary.toString(), maximumSalary: range.maximumSalary.toString() };
    const id = await write((db, changes) =>
      idempotently(db, { table: peopleIdempotencyKey, viewer, key, operation: 'createGrade', input: request }, async (gradeId) => {
        const [same] = await db
          .select({ id: grade.id })
          .from(grade)
          .where(and(eq(grade.organisationCode, organisation), eq(grade.code, range.code)));
        if (same) throw invalidField('input.code', 'your organisation has a grade with this code already');
        await db.insert(grade).values({
          id: gradeId,
          organisationCode: organisation,
          code: range.code,
          name: range.name,
          minSalaryPence: range.minimumSalary,
          maxSalaryPence: range.maximumSalary,
        });
        changes.record({
          action: 'COLLECTION',
          entityType: 'Grade',
          ids: [gradeId],
          fields: ['code', 'name', 'minimumSalary', 'maximumSalary'],
          ownerOrganisation: organisation,
        });
      }),
    );
    return loaders.gradeById.clear(id).load(id);
  },

  addPerson: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, homeAddress, ...details } = validated(AddPersonInput, input);
    const { organisation } = writer(viewer);
    // Officers, PCSOs and specials need a rank or collar number the hub does not take here.
    const workerType = sectorOf(organisation) === 'POLICE' ? 'POLICE_STAFF' : 'COUNCIL_STAFF';
    const id = await write((db, changes) =>
      idempotently(db, { table: peopleIdempotencyKey, viewer, key, operation: 'addPerson', input: { ...details, homeAddress } }, async (personId) => {
        const problems: { field: string; message: string }[] = [];
        const [unit] = await db
          .select({ id: orgUnit.id })
          .from(orgUnit)
          .where(and(eq(orgUnit.id, details.orgUnitId), eq(orgUnit.organisationCode, organisation)));
        if (!unit) problems.push({ field: 'input.orgUnitId', message: 'no org unit of your organisation has this id' });
        if (details.gradeId) {
          const [known] = await db
            .select({ id: grade.id })
            .from(grade)
            .where(and(eq(grade.id, details.gradeId), eq(grade.organisationCode, organisation)));
          if (!known) problems.push({ field: 'input.gradeId', message: 'no grade of your organisation has this id' });
        }
        if (details.managerId) {
          const [manager] = await db
            .select({ id: person.id })
            .from(person)
            .where(and(eq(person.id, details.managerId), eq(person.organisationCode, organisation)));
          if (!manager) problems.push({ field: 'input.managerId', message: 'no person of your organisation has this id' });
        }
        const [sameNumber] = await db
          .select({ id: person.id })
          .from(person)
          .where(and(eq(person.organisationCode, organisation), eq(person.staffNumber, details.staffNumber)));
        if (sameNumber) problems.push({ field: 'input.staffNumber', message: 'a person of your organisation has this staff number already' });
        if (problems.length > 0) throw invalidFields(problems);
        await db.insert(person).values({
          id: personId,
          organisationCode: organisation,
          orgUnitId: details.orgUnitId,
          gradeId: details.gradeId ?? null,
          managerId: details.managerId ?? null,
          staffNumber: details.staffNumber,
          givenName: details.givenName,
          familyName: details.familyName,
          jobTitle: details.jobTitle,
          workerType,
          workEmail: details.workEmail,
          startDate: details.startDate,
          dateOfBirth: details.dateOfBirth,
          nationalInsuranceNumber: details.nationalInsuranceNumber,
          homeAddressLine1: homeAddress.line1,
          homeTown: homeAddress.town,
          homePostcode: homeAddress.postcode,
        });
        changes.record({
          action: 'COLLECTION',
          entityType: 'Person',
          ids: [personId],
          fields: [...Object.keys(details).filter((field) => details[field as keyof typeof details] != null), 'homeAddress'],
          ownerOrganisation: organisation,
        });
      }),
    );
    return loaders.personById.clear(id).load(id);
  },

  ...organisationAdministration,
  ...sharingAgreementGovernance,
};
