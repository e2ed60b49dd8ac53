// The audit trail of police and personal data (Data Protection Act 2018, section 62),
// in its own `audit` PostgreSQL schema. Append-only: rows are added only by the
// audit.append() function (see the audit_access and audit_content_hashed_by_writer
// migrations), each carrying the hash of its predecessor, and triggers refuse every
// UPDATE, DELETE and TRUNCATE. Holds who read or changed which rows and fields, never
// the values.
import { bigint, boolean, index, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const audit = pgSchema('audit');

/** What was done with the data, in the terms of section 62. */
export const auditAction = audit.enum('action', ['CONSULTATION', 'DISCLOSURE', 'COLLECTION', 'ALTERATION', 'ERASURE']);
/** Whether the data went out (a read), was refused, or was changed (a write). */
export const auditOutcome = audit.enum('outcome', ['RETURNED', 'REFUSED', 'CHANGED']);

export const auditRecord = audit.table(
  'record',
  {
    // Position in the chain: 1, 2, 3, ... with no gaps, assigned by audit.append().
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    requestId: text('request_id').notNull(),
    // The viewer: null for anonymous callers.
    subject: text('subject'),
    organisationCode: text('organisation_code'),
    sector: text('sector'),
    purpose: text('purpose'),
    operationName: text('operation_name'),
    // SHA-256 of the operation text the subgraph received.
    operationHash: text('operation_hash').notNull(),
    subgraph: text('subgraph').notNull(),
    action: auditAction('action').notNull(),
    outcome: auditOutcome('outcome').notNull(),
    entityType: text('entity_type').notNull(),
    // The organisation whose rows these are; null when not established.
    ownerOrganisation: text('owner_organisation'),
    // The information-sharing route a cross-sector read went through (`safeguarding`).
    sharingRoute: text('sharing_route'),
    // Compared byte by byte (COLLATE "C", set by the audit_entity_ids_compared_bytewise migration).
    entityIds: text('entity_ids').array().notNull(),
    fields: text('fields').array().notNull(),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
    // SHA-256 of the columns above but the chain's own, computed by the subgraph that wrote the
    // record; null on records appended before the audit_content_hashed_by_writer migration.
    contentHash: text('content_hash'),
  },
  (t) => [
    index('record_recorded_at_idx').on(t.recordedAt),
    index('record_subject_idx').on(t.subject, t.seq),
    index('record_organisation_idx').on(t.organisationCode, t.seq),
    index('record_entity_ids_idx').using('gin', t.entityIds),
  ],
);

/** The end of the chain: one row, locked by each append, so concurrent appends never fork the chain. */
export const auditChainHead = audit.table('chain_head', {
  singleton: boolean('singleton').primaryKey().default(true),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

export type AuditRecordRow = typeof auditRecord.$inferSelect;
