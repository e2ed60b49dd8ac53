// Tables owned by the people (HR) subgraph, in the `people` PostgreSQL schema.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgSchema, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { idempotencyTable } from './idempotency.js';

export const people = pgSchema('people');

export const sector = people.enum('sector', ['COUNCIL', 'POLICE', 'SHARED_SERVICE']);
export const workerType = people.enum('worker_type', ['COUNCIL_STAFF', 'POLICE_OFFICER', 'POLICE_STAFF', 'PCSO', 'SPECIAL_CONSTABLE']);
export const policeRank = people.enum('police_rank', [
  'CONSTABLE',
  'SERGEANT',
  'INSPECTOR',
  'CHIEF_INSPECTOR',
  'SUPERINTENDENT',
  'CHIEF_SUPERINTENDENT',
  'ASSISTANT_CHIEF_CONSTABLE',
  'DEPUTY_CHIEF_CONSTABLE',
  'CHIEF_CONSTABLE',
]);
export const vettingLevel = people.enum('vetting_level', ['RV', 'NPPV1', 'NPPV2', 'NPPV3', 'SC', 'DV']);

export const organisationStatus = people.enum('organisation_status', ['CANDIDATE', 'MEMBER', 'SUSPENDED', 'LEFT']);

// The organisation registry: the one source of who the hub serves (platform/organisations.ts
// follows it in every process). The shared-service company's administrators change it
// through the graph; each change bumps `version`, and its history is in organisation_status_change.
export const organisation = people.table('organisation', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sector: sector('sector').notNull(),
  status: organisationStatus('status').notNull().default('CANDIDATE'),
  // The prefix of the contact cases it opens (SCC-2026-000124); unique across the hub.
  caseReferencePrefix: text('case_reference_prefix').unique(),
  joinedOn: date('joined_on'),
  // The last day it is served: from the next day its tokens are refused.
  leavingOn: date('leaving_on'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
});

// The services each organisation draws down, each from a day; a service given up keeps its
// row with the day it ended, so the registry says what it drew down when.
export const organisationService = people.table(
  'organisation_service',
  {
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => organisation.code),
    service: text('service').notNull(),
    fromDate: date('from_date').notNull(),
    untilDate: date('until_date'),
  },
  (t) => [primaryKey({ columns: [t.organisationCode, t.service, t.fromDate] })],
);

// Every change of an organisation's standing: joining, suspension, reinstatement, leaving.
export const organisationStatusChange = people.table(
  'organisation_status_change',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => organisation.code),
    status: organisationStatus('status').notNull(),
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
    // The token subject of the administrator who recorded it.
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('organisation_status_change_organisation_idx').on(t.organisationCode, t.recordedAt)],
);

export const agreementStatus = people.enum('agreement_status', ['DRAFT', 'ACTIVE', 'SUSPENDED', 'ENDED']);

// Information-sharing agreements between two organisations (docs/sharing.md). A record crosses
// from the provider to the recipient only when the provider discloses it under an agreement
// that is ACTIVE (approved by an information-governance lead of each party) and in force
// (between its start and end dates, both included, UK days). Suspension clears both approvals.
export const sharingAgreement = people.table(
  'sharing_agreement',
  {
    id: uuid('id').primaryKey(),
    // ISA-2026-0001: quoted by people, unique across the hub.
    reference: text('reference').notNull().unique(),
    title: text('title').notNull(),
    providerCode: text('provider_code')
      .notNull()
      .references(() => organisation.code),
    recipientCode: text('recipient_code')
      .notNull()
      .references(() => organisation.code),
    // The statute and section it relies on, as written in the signed agreement.
    lawfulBasis: text('lawful_basis').notNull(),
    // Purpose codes (SAFEGUARDING, ...): a recipient reads only when its X-Purpose names one.
    purposes: text('purposes').array().notNull(),
    // Field coordinates (ContactCase.summary): exactly what a disclosure under it shares.
    sharedFields: text('shared_fields').array().notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    status: agreementStatus('status').notNull().default('DRAFT'),
    // Why it was last suspended or ended.
    statusReason: text('status_reason'),
    proposedBy: text('proposed_by').notNull(),
    providerApprovedBy: text('provider_approved_by'),
    providerApprovedAt: timestamp('provider_approved_at', { withTimezone: true, mode: 'date', precision: 3 }),
    recipientApprovedBy: text('recipient_approved_by'),
    recipientApprovedAt: timestamp('recipient_approved_at', { withTimezone: true, mode: 'date', precision: 3 }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [
    index('sharing_agreement_provider_idx').on(t.providerCode),
    index('sharing_agreement_recipient_idx').on(t.recipientCode),
    check('sharing_agreement_two_parties', sql`${t.providerCode} <> ${t.recipientCode}`),
    check('sharing_agreement_dates', sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

export const orgUnit = people.table(
  'org_unit',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => organisation.code),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnit.id),
    name: text('name').notNull(),
  },
  (t) => [index('org_unit_organisation_idx').on(t.organisationCode, t.name, t.id), index('org_unit_parent_idx').on(t.parentId)],
);

export const grade = people.table(
  'grade',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => organisation.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    minSalaryPence: integer('min_salary_pence').notNull(),
    maxSalaryPence: integer('max_salary_pence').notNull(),
  },
  (t) => [index('grade_organisation_idx').on(t.organisationCode)],
);

export const position = people.table(
  'position',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => organisation.code),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnit.id),
    gradeId: uuid('grade_id').references(() => grade.id),
    title: text('title').notNull(),
  },
  (t) => [index('position_organisation_idx').on(t.organisationCode), index('position_org_unit_idx').on(t.orgUnitId), index('position_grade_idx').on(t.gradeId)],
);

export const person = people.table(
  'person',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => organisation.code),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnit.id),
    positionId: uuid('position_id').references(() => position.id),
    gradeId: uuid('grade_id').references(() => grade.id),
    managerId: uuid('manager_id').references((): AnyPgColumn => person.id),
    staffNumber: text('staff_number').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    jobTitle: text('job_title').notNull(),
    workerType: workerType('worker_type').notNull(),
    workEmail: text('work_email').notNull(),
    startDate: date('start_date').notNull(),
    // Pence; null for unpaid roles (special constables are volunteers). The salary on
    // record before any pay change: people.pay_change holds what followed.
    salaryPence: integer('salary_pence'),
    dateOfBirth: date('date_of_birth').notNull(),
    nationalInsuranceNumber: text('national_insurance_number').notNull(),
    homeAddressLine1: text('home_address_line1').notNull(),
    homeTown: text('home_town').notNull(),
    homePostcode: text('home_postcode').notNull(),
    collarNumber: text('collar_number'),
    rank: policeRank('rank'),
    vettingLevel: vettingLevel('vetting_level'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [
    // A person's natural key within the organisation: imports match staff by it.
    unique('person_organisation_staff_number_key').on(t.organisationCode, t.staffNumber),
    index('person_organisation_name_idx').on(t.organisationCode, t.familyName, t.givenName, t.id),
    index('person_org_unit_name_idx').on(t.orgUnitId, t.familyName, t.givenName, t.id),
    index('person_position_idx').on(t.positionId),
    index('person_grade_idx').on(t.gradeId),
    index('person_manager_idx').on(t.managerId),
  ],
);

// A person's pay history: each change is a new row, never updated or deleted. The
// salary in force on a day is that of the latest change effective on or before it
// (the last recorded wins between changes effective the same day); before the first
// change, the salary on the person's record.
export const payChange = people.table(
  'pay_change',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    // The person's organisation, copied so row-level security needs no join.
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => organisation.code),
    effectiveDate: date('effective_date').notNull(),
    annualSalaryPence: integer('annual_salary_pence').notNull(),
    reason: text('reason').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
    // The token subject of the HR officer who recorded it.
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('pay_change_person_effective_idx').on(t.personId, t.effectiveDate, t.recordedAt, t.id)],
);

// Named for its schema: every subgraph has one, and drizzle/index.ts exports them all.
export const peopleIdempotencyKey = idempotencyTable(people);

export type OrganisationRow = typeof organisation.$inferSelect;
export type OrganisationServiceRow = typeof organisationService.$inferSelect;
export type OrgUnitRow = typeof orgUnit.$inferSelect;
export type GradeRow = typeof grade.$inferSelect;
export type PositionRow = typeof position.$inferSelect;
export type PersonRow = typeof person.$inferSelect;
export type PayChangeRow = typeof payChange.$inferSelect;
export type SharingAgreementRow = typeof sharingAgreement.$inferSelect;
