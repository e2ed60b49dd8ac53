import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { isUuid } from '../../../platform/ids.js';
import { conflict, idempotencyKeyInput, idempotently, invalidField, uuidInput, validated, versionInput } from '../../../platform/mutations.js';
import type { Database } from '../../../platform/database.js';
import type { Peers } from '../../../platform/peers.js';
import type { Viewer } from '../../../platform/policy.js';
import { caseNote, caseOutcome, contactCase, customer, idempotencyKey, type ContactCaseRow } from '../../../drizzle/contacts.js';
import { registeredOrganisation } from '../../../platform/organisations.js';
import { nextCaseReference } from '../caseReference.js';
import { illegalMove } from '../caseStatus.js';
import { fields, NewCustomerDetails, recordCustomer, type NewCustomer } from '../customerDetails.js';
import type { MutationResolvers } from '../generated/resolvers.js';
import { sharingMutations } from '../sharing.js';

const MAX_NOTE_LENGTH = 4000;
const MAX_OUTCOME_NOTE_LENGTH = 2000;

const AddCaseNoteInput = z.object({
  caseId: uuidInput,
  body: z.string().trim().min(1, 'must not be empty').max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`),
  idempotencyKey: idempotencyKeyInput,
});

const CreateCustomerInput = NewCustomerDetails.extend({ idempotencyKey: idempotencyKeyInput });

const CorrectCustomerInput = z
  .object({
    customerId: uuidInput,
    version: versionInput,
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
    serviceCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,20}$/, 'must be 1 to 20 letters, digits or -'),
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
  version: versionInput,
  // Closing records an outcome, which a move has no room for.
  status: z
    .enum(['OPEN', 'IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED', 'CLOSED'])
    .refine((status) => status !== 'CLOSED', 'a case is closed with closeContactCase, which records its outcome'),
});

const CloseContactCaseInput = z.object({
  caseId: uuidInput,
  version: versionInput,
  outcome: z.enum(caseOutcome.enumValues),
  outcomeNote: z.string().trim().min(1, 'must not be empty').max(MAX_OUTCOME_NOTE_LENGTH, `must be at most ${MAX_OUTCOME_NOTE_LENGTH} characters`).nullish(),
});

const AssignContactCaseInput = z.object({
  caseId: uuidInput,
  version: versionInput,
  // Required, so that leaving it out is not taken for unassigning.
  personId: z.union([uuidInput, z.null()], { error: 'must be a UUID, or null to unassign' }),
});

// Another organisation's case is answered as unknown: its existence is not the caller's to learn.
const unknownCase = () => invalidField('input.caseId', 'no case of your organisation has this id');

// The same for customers: a police customer and another council's are both "unknown".
const unknownCustomer = () => invalidField('input.customerId', 'no customer of your organisation has this id');

// People the viewer may not read in the staff directory are "unknown" too, whoever they are.
const unknownPerson = () => invalidField('input.personId', 'no member of staff of your organisation has this id');

function ownOrganisation(viewer: Viewer): string | null {
  return viewer.kind === 'user' ? viewer.organisation.code : null;
}

/**
 * The viewer's organisation's case, locked until commit (a concurrent change waits,
 * then sees the new version), at the version the caller read.
 */
async function caseToChange(db: Database, viewer: Viewer, caseId: string, version: number): Promise<ContactCaseRow> {
  const [current] = await db.select().from(contactCase).where(eq(contactCase.id, caseId)).for('update');
  if (!current || current.organisationCode !== ownOrganisation(viewer)) throw unknownCase();
  if (current.version !== version) throw conflict('The case', current.version);
  return current;
}

/**
 * Refuses anyone but staff of the viewer's organisation, asking the people subgraph as
 * the viewer (contacts never reads people's tables): someone the viewer may not read
 * comes back null, or without their organisation.
 */
async function requireColleague(peers: Peers, viewer: Viewer, personId: string): Promise<void> {
  const [person] = await peers.entities<{ organisation: { code: string } | null }>('people', 'Person', 'id organisation { code }', [{ id: personId }]);
  const own = ownOrganisation(viewer);
  if (!own || person?.organisation?.code !== own) throw unknownPerson();
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
      const current = await caseToChange(db, viewer, move.caseId, move.version);
      const illegal = illegalMove(current.status, move.status);
      if (illegal) throw invalidField('input.status', illegal);
      await db
        .update(contactCase)
        .set({
          status: move.status,
          version: current.version + 1,
          updatedAt: new Date(),
          closedAt: move.status === 'RESOLVED' ? current.closedAt : null,
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

  closeContactCase: async (_parent, { input }, { viewer, write, loaders }) => {
    const close = validated(CloseContactCaseInput, input);
    await write(async (db, changes) => {
      const current = await caseToChange(db, viewer, close.caseId, close.version);
      // The case's status is what makes the close illegal; the input names the case.
      const illegal = illegalMove(current.status, 'CLOSED');
      if (illegal) throw invalidField('input.caseId', illegal);
      const now = new Date();
      await db
        .update(contactCase)
        .set({ status: 'CLOSED', outcome: close.outcome, outcomeNote: close.outcomeNote ?? null, closedAt: now, version: current.version + 1, updatedAt: now })
        .where(and(eq(contactCase.id, current.id), eq(contactCase.version, current.version)));
      changes.record({
        action: 'ALTERATION',
        entityType: 'ContactCase',
        ids: [current.id],
        fields: ['closedAt', 'outcome', ...(close.outcomeNote ? ['outcomeNote'] : []), 'status'],
        ownerOrganisation: current.organisationCode,
      });
    });
    return loaders.contactCaseById.clear(close.caseId).load(close.caseId);
  },

  assignContactCase: async (_parent, { input }, { viewer, write, loaders, peers }) => {
    const assign = validated(AssignContactCaseInput, input);
    // Asked before the transaction opens, so no transaction waits on another service;
    // when people cannot be reached, nothing is written.
    if (assign.personId) await requireColleague(peers, viewer, assign.personId);
    await write(async (db, changes) => {
      const current = await caseToChange(db, viewer, assign.caseId, assign.version);
      if (current.status === 'CLOSED') throw invalidField('input.caseId', 'the case is CLOSED, which is final');
      await db
        .update(contactCase)
        .set({ assignedPersonId: assign.personId, version: current.version + 1, updatedAt: new Date() })
        .where(and(eq(contactCase.id, current.id), eq(contactCase.version, current.version)));
      changes.record({
        action: 'ALTERATION',
        entityType: 'ContactCase',
        ids: [current.id],
        fields: ['assignedTo'],
        ownerOrganisation: current.organisationCode,
      });
    });
    return loaders.contactCaseById.clear(assign.caseId).load(assign.caseId);
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
      // Locked until commit, as a case is: a concurrent correction waits, then sees the new version.
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
    const registered = registeredOrganisation(organisation);
    const prefix = registered?.sector === 'COUNCIL' ? registered.caseReferencePrefix : null;
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

  ...sharingMutations,
};
