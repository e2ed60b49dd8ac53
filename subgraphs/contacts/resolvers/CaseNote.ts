import { referenceTo } from '../../../platform/ids.js';
import type { CaseNoteResolvers } from '../generated/resolvers.js';

export const CaseNote: CaseNoteResolvers = {
  writtenAt: (note) => note.writtenAt.toISOString(),
  author: (note) => (note.authorPersonId ? referenceTo(note.authorPersonId) : null),
};
