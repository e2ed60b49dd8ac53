// Tables owned by the contacts (CRM) subgraph, in the `contacts` PostgreSQL schema.
// Organisations and people are plain references to the people subgraph.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgSchema, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { idempotencyTable } from './idempotency.js';

export const contacts = pgSchema('contacts');

export const caseKind = contacts.enum('case_kind', ['COUNCIL_SERVICE', 'POLICE_101', 'CRIME_REPORT']);
export const contactChannel = contacts.enum('contact_channel', ['PHONE', 'EMAIL', 'WEB', 'FACE_TO_FACE', 'LETTER', 'SOCIAL_MEDIA']);
export const caseStatus = contacts.enum('case_status', ['OPEN', 'IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED', 'CLOSED']);
export const caseOutcome = contacts.enum('case_outcome', [
  'RESOLVED_FIRST_CONTACT',
  'RESOLVED_AFTER_FOLLOW_UP',
  'REFERRED',
  'NO_FURTHER_ACTION',
  'WITHDRAWN',
  'NO_RESPONSE',
  'DUPLICATE',
]);

export const customer = contacts.table(
  'customer',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth'),
    email: text('email'),
    phone: text('phone'),
    addressLine1: text('address_line1').notNull(),
    town: text('town').notNull(),
    postcode: text('postcode').notNull(),
    // Unique Property Reference Number: up to 12 digits.
    uprn: text('uprn'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [
    index('customer_organisation_name_idx').on(t.organisationCode, t.familyName, t.givenName, t.id),
    index('customer_duplicate_check_idx').on(t.familyName, t.dateOfBirth, t.postcode),
  ],
);

export const contactCase = contacts.table(
  'contact_case',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull().unique(),
    organisationCode: text('organisation_code').notNull(),
    customerId: uuid('customer_id').references(() => customer.id),
    kind: caseKind('kind').notNull(),
    channel: contactChannel('channel').notNull(),
    // Identifier and label from the LGA Local Government Service List.
    serviceCode: text('service_code').notNull(),
    serviceName: text('service_name').notNull(),
    status: caseStatus('status').notNull(),
    summary: text('summary').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date', precision: 3 }),
    // Recorded when the case is closed; cases closed before outcomes were recorded have none.
    outcome: caseOutcome('outcome'),
    outcomeNote: text('outcome_note'),
    assignedPersonId: uuid('assigned_person_id'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [
    index('contact_case_organisation_opened_idx').on(t.organisationCode, t.openedAt, t.id),
    index('contact_case_customer_opened_idx').on(t.customerId, t.openedAt, t.id),
    index('contact_case_assigned_opened_idx').on(t.assignedPersonId, t.openedAt, t.id),
    check('contact_case_outcome_when_closed', sql`${t.outcome} is null or ${t.status} = 'CLOSED'`),
    check('contact_case_outcome_note_with_outcome', sql`${t.outcomeNote} is null or ${t.outcome} is not null`),
  ],
);

export const caseNote = contacts.table(
  'case_note',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => contactCase.id),
    authorPersonId: uuid('author_person_id'),
    writtenAt: timestamp('written_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    body: text('body').notNull(),
  },
  (t) => [index('case_note_case_idx').on(t.caseId, t.writtenAt, t.id), index('case_note_author_idx').on(t.authorPersonId)],
);

// A case disclosed by its owner to another organisation under an information-sharing agreement
// (the people subgraph's; read through people.agreement_terms). Never deleted: when the
// agreement stops being in force, the recipient's reads stop, and the record of what was shared stays.
export const caseDisclosure = contacts.table(
  'case_disclosure',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => contactCase.id),
    // The case's reference, which never changes: a lookup by reference finds the disclosure too.
    caseReference: text('case_reference').notNull(),
    agreementId: uuid('agreement_id').notNull(),
    providerCode: text('provider_code').notNull(),
    recipientCode: text('recipient_code').notNull(),
    reason: text('reason').notNull(),
    // The token subject of who disclosed it.
    disclosedBy: text('disclosed_by').notNull(),
    disclosedAt: timestamp('disclosed_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [
    unique('case_disclosure_case_agreement_unique').on(t.caseId, t.agreementId),
    index('case_disclosure_recipient_idx').on(t.recipientCode, t.disclosedAt, t.id),
    index('case_disclosure_agreement_idx').on(t.agreementId, t.disclosedAt, t.id),
    index('case_disclosure_reference_idx').on(t.caseReference),
  ],
);

// A staff-safety warning the police place on an address (by UPRN) under an agreement with a
// council: the council's staff see the warning on their customers there, and nothing of the
// police record behind it (policeReference is POLICE-marked).
export const warningMarker = contacts.table(
  'warning_marker',
  {
    id: uuid('id').primaryKey(),
    organisationCode: text('organisation_code').notNull(),
    agreementId: uuid('agreement_id').notNull(),
    recipientCode: text('recipient_code').notNull(),
    uprn: text('uprn').notNull(),
    warning: text('warning').notNull(),
    policeReference: text('police_reference').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [index('warning_marker_recipient_uprn_idx').on(t.recipientCode, t.uprn), index('warning_marker_agreement_idx').on(t.agreementId, t.placedAt, t.id)],
);

export const idempotencyKey = idempotencyTable(contacts);

export type CustomerRow = typeof customer.$inferSelect;
export type ContactCaseRow = typeof contactCase.$inferSelect;
export type CaseNoteRow = typeof caseNote.$inferSelect;
export type CaseDisclosureRow = typeof caseDisclosure.$inferSelect;
export type WarningMarkerRow = typeof warningMarker.$inferSelect;
