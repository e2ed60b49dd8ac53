import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { isUuid } from '../../kit/ids.js';
import { conflict, idempotencyKeyInput, idempotently, invalidField, uuidInput, validated } from '../../kit/mutations.js';
import type { Viewer } from '../../kit/policy.js';
import { caseNote, contactCase, customer, idempotencyKey } from '../../../drizzle/contacts.js';
import { COUNCIL_CASE_PREFIX, nextCaseReference } from '../caseReference.js';
import { illegalMove } from '../caseStatus.js';
import { fields, NewCustomerDetails, recordCustomer, type NewCustomer } from '../customerDetails.js';
import type { MutationResolvers } from '../generated/resolvers.js';

const MAX_NOTE_LENGTH = 4000;


const AddCaseNoteInput = z.object({
  caseId: uuidInput,
  body: z.string().trim().min(1, 'must not be empty').max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`),
  idempotencyKey: idempotencyKeyInput,
});

const CreateCustomerInput = NewCustomerDetails.extend({ idempotencyKey: idempotencyKeyInput });

const CorrectCustomerInput = z
  .object({
    customerId: uuidInput,
    version: z.number().int().min(1, 'must be a version you read (1 or more)'),
    givenName: fields.name.optional(),
    familyName: fields.name.optional(),
    dateOfBirth: fields.dateOfBirth.nullable().optional(),
    email: fields.email.nullable().optional(),
    phone: fields.phone.nullable().optional(),
    address: fields.address.optional(),
    uprn: fields.uprn.nullable().optional(),
  })
  .refine(({ customerId: _id, version: _version, ...changes }) => Object.values(changes).some((value) => value !== undefined), {
    message: 'must change at least one field',
  });

const OpenContactCaseInput = z
  .object({
    customerId: uuidInput.nullish(),
    // The case's idempotencyKey covers the new customer: a second key would be a second, conflicting promise.
    newCustomer: NewCustomerDetails.extend({
      idempotencyKey: z.null({ error: "must be left out: the case's idempotencyKey covers the new customer" }).optional(),
    }).nullish(),
    channel: z.enum(['PHONE', 'EMAIL', 'WEB', 'FACE_TO_FACE', 'LETTER', 'SOCIAL_MEDIA']),
    serviceCode: z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, 'must be 1 to 20 letters, digits or -'),
    serviceName: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    summary: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
    idempotencyKey: idempotencyKeyInput,
  })
  .superRefine((open, context) => {
    if ((open.customerId == null) === (open.newCustomer == null)) {
      const message = 'give exactly one of customerId and newCustomer';
      context.addIssue({ code: 'custom', path: ['customerId'], message });
      context.addIssue({ code: 'custom', path: ['newCustomer'], message });
    }
  });

const MoveContactCaseInput = z.object({
  caseId: uuidInput,
  version: z.number().int().min(1, 'must be a version you read (1 or more)'),
  status: z.enum(['OPEN', 'IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED', 'CLOSED']),
});

// Another organisation's case is answered as unknown: its existence is not the caller's to learn.
const unknownCase = () => invalidField('input.caseId', 'no case of your organisation has this id');

// The same for customers: a police customer and another council's are both "unknown".
const unknownCustomer = () => invalidField('input.customerId', 'no customer of your organisation has this id');

function ownOrganisation(viewer: Viewer): string | null {
  return viewer.kind === 'user' ? viewer.organisation.code : null;
}

/** The viewer's organisation, for a create: the marking's checks already refused anyone without one. */
function creatingOrganisation(viewer: Viewer): string {
  const organisation = ownOrganisation(viewer);
  if (!organisation) throw new GraphQLError('Only staff of an organisation may create records', { extensions: { code: 'FORBIDDEN' } });
  return organisation;
}

/** The customer fields a new customer is recorded with, for the audit trail (never their values). */
function recordedFields({ allowDuplicate: _allow, ...details }: NewCustomer): string[] {
  return Object.entries(details).flatMap(([field, value]) => (value === null ? [] : [field]));
}

export const Mutation: MutationResolvers = {
  addCaseNote: async (_parent, { input }, { viewer, write, loaders }) => {
    const note = validated(AddCaseNoteInput, input);
    await write((db, changes) =>
      idempotently(
        db,
        { table: idempotencyKey, viewer, key: note.idempotencyKey, operation: 'addCaseNote', input: { caseId: note.caseId, body: note.body } },
        async (noteId) => {
          // Row-level security lets the viewer change only their organisation's cases.
          const [changed] = await db
            .update(contactCase)
            .set({ version: sql`${contactCase.version} + 1`, updatedAt: new Date() })
            .where(and(eq(contactCase.id, note.caseId), eq(contactCase.organisationCode, ownOrganisation(viewer) ?? '')))
            .returning({ id: contactCase.id });
          if (!changed) throw unknownCase();
          await db.insert(caseNote).values({
            id: noteId,
            caseId: note.caseId,
            authorPersonId: viewer.kind === 'user' && isUuid(viewer.subject) ? viewer.subject : null,
            writtenAt: new Date(),
            body: note.body,
          });
          const ownerOrganisation = ownOrganisation(viewer)!;
          changes.record({ action: 'COLLECTION', entityType: 'CaseNote', ids: [noteId], fields: ['author', 'body', 'writtenAt'], ownerOrganisation });
          changes.record({ action: 'ALTERATION', entityType: 'ContactCase', ids: [note.caseId], fields: ['notes'], ownerOrganisation });
        },
      ),
    );
    return loaders.contactCaseById.clear(note.caseId).load(note.caseId);
  },

  moveContactCase: async (_parent, { input }, { viewer, write, loaders }) => {
    const move = validated(MoveContactCaseInput, input);
    await write(async (db, changes) => {
      // Locked until commit: a concurrent move waits, then sees the new version.
      const [current] = await db.select().from(contactCase).where(eq(contactCase.id, move.caseId)).for('update');
      if (!current || current.organisationCode !== ownOrganisation(viewer)) throw unknownCase();
      if (current.version !== move.version) throw conflict('The case', current.version);
      const illegal = illegalMove(current.status, move.status);
      if (illegal) throw invalidField('input.status', illegal);
      const now = new Date();
      await db
        .update(contactCase)
        .set({
          status: move.status,
          version: current.version + 1,
          updatedAt: now,
          closedAt: move.status === 'CLOSED' ? now : move.status === 'RESOLVED' ? current.closedAt : null,
        })
        .where(and(eq(contactCase.id, current.id), eq(contactCase.version, current.version)));
      changes.record({
        action: 'ALTERATION',
        entityType: 'ContactCase',
        ids: [current.id],
        fields: ['closedAt', 'status'],
        ownerOrganisation: current.organisationCode,
      });
    });
    return loaders.contactCaseById.clear(move.caseId).load(move.caseId);
  },

  createCustomer: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...details } = validated(CreateCustomerInput, input);
    const organisation = creatingOrganisation(viewer);
    const id = await write((db, changes) =>
      idempotently(db, { table: idempotencyKey, viewer, key, operation: 'createCustomer', input: details }, async (newId) => {
        await recordCustomer(db, newId, organisation, details, 'input');
        changes.record({ action: 'COLLECTION', entityType: 'Customer', ids: [newId], fields: recordedFields(details), ownerOrganisation: organisation });
      }),
    );
    return loaders.customerById.clear(id).load(id);
  },

  correctCustomer: async (_parent, { input }, { viewer, write, loaders }) => {
    const { customerId: id, version, address, ...details } = validated(CorrectCustomerInput, input);
    await write(async (db, changes) => {
      // Locked until commit, as moveContactCase: a concurrent correction waits, then sees the new version.
      const [current] = await db.select().from(customer).where(eq(customer.id, id)).for('update');
      if (!current || current.organisationCode !== ownOrganisation(viewer)) throw unknownCustomer();
      if (current.version !== version) throw conflict('The customer', current.version);
      // Only the fields given change; undefined leaves a column as it is.
      await db
        .update(customer)
        .set({
          ...details,
          ...(address ? { addressLine1: address.line1, town: address.town, postcode: address.postcode } : {}),
          version: current.version + 1,
          updatedAt: new Date(),
        })
        .where(and(eq(customer.id, current.id), eq(customer.version, current.version)));
      const corrected = Object.entries({ ...details, address }).flatMap(([field, value]) => (value === undefined ? [] : [field]));
      changes.record({ action: 'ALTERATION', entityType: 'Customer', ids: [current.id], fields: corrected, ownerOrganisation: current.organisationCode });
    });
    return loaders.customerById.clear(id).load(id);
  },

  openContactCase: async (_parent, { input }, { viewer, write, loaders }) => {
    const { idempotencyKey: key, ...open } = validated(OpenContactCaseInput, input);
    const organisation = creatingOrganisation(viewer);
    const prefix = COUNCIL_CASE_PREFIX[organisation];
    if (!prefix) throw new GraphQLError('Only a member council opens council service cases', { extensions: { code: 'FORBIDDEN' } });
    const id = await write((db, changes) =>
      idempotently(db, { table: idempotencyKey, viewer, key, operation: 'openContactCase', input: open }, async (caseId) => {
        let customerIdOfCase: string;
        if (open.customerId) {
          const [known] = await db
            .select({ id: customer.id })
            .from(customer)
            .where(and(eq(customer.id, open.customerId), eq(customer.organisationCode, organisation)));
          if (!known) throw unknownCustomer();
          customerIdOfCase = known.id;
        } else {
          const { idempotencyKey: _none, ...details } = open.newCustomer!;
          customerIdOfCase = randomUUID();
          await recordCustomer(db, customerIdOfCase, organisation, details, 'input.newCustomer');
          changes.record({
            action: 'COLLECTION',
            entityType: 'Customer',
            ids: [customerIdOfCase],
            fields: recordedFields(details),
            ownerOrganisation: organisation,
          });
        }
        const openedAt = new Date();
        await db.insert(contactCase).values({
          id: caseId,
          reference: await nextCaseReference(db, organisation, prefix, openedAt),
          organisationCode: organisation,
          customerId: customerIdOfCase,
          kind: 'COUNCIL_SERVICE',
          channel: open.channel,
          serviceCode: open.serviceCode,
          serviceName: open.serviceName,
          status: 'OPEN',
          summary: open.summary,
          openedAt,
          version: 1,
          updatedAt: openedAt,
        });
        changes.record({
          action: 'COLLECTION',
          entityType: 'ContactCase',
          ids: [caseId],
          fields: ['channel', 'customer', 'kind', 'openedAt', 'reference', 'service', 'status', 'summary'],
          ownerOrganisation: organisation,
        });
      }),
    );
    return loaders.contactCaseById.clear(id).load(id);
  },
};
