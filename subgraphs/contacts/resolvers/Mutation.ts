import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isUuid } from '../../kit/ids.js';
import { conflict, idempotently, invalidField, validated } from '../../kit/mutations.js';
import type { Viewer } from '../../kit/policy.js';
import { caseNote, contactCase, idempotencyKey } from '../../../drizzle/contacts.js';
import { illegalMove } from '../caseStatus.js';
import type { MutationResolvers } from '../generated/resolvers.js';

const MAX_NOTE_LENGTH = 4000;

const caseId = z.string().refine(isUuid, 'must be a UUID').transform((id) => id.toLowerCase());

const AddCaseNoteInput = z.object({
  caseId,
  body: z.string().trim().min(1, 'must not be empty').max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8 to 100 letters, digits, - or _'),
});

const MoveContactCaseInput = z.object({
  caseId,
  version: z.number().int().min(1, 'must be a version you read (1 or more)'),
  status: z.enum(['OPEN', 'IN_PROGRESS', 'AWAITING_CUSTOMER', 'RESOLVED', 'CLOSED']),
});

// Another organisation's case is answered as unknown: its existence is not the caller's to learn.
const unknownCase = () => invalidField('input.caseId', 'no case of your organisation has this id');

function ownOrganisation(viewer: Viewer): string | null {
  return viewer.kind === 'user' ? viewer.organisation.code : null;
}

export const Mutation: MutationResolvers = {
  addCaseNote: async (_parent, { input }, { viewer, write, loaders }) => {
    const note = validated(AddCaseNoteInput, input);
    await write((db) =>
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
        },
      ),
    );
    return loaders.contactCaseById.clear(note.caseId).load(note.caseId);
  },

  moveContactCase: async (_parent, { input }, { viewer, write, loaders }) => {
    const move = validated(MoveContactCaseInput, input);
    await write(async (db) => {
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
    });
    return loaders.contactCaseById.clear(move.caseId).load(move.caseId);
  },
};
