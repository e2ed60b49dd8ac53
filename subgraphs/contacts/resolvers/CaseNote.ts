import type { Resolvers } from '../../kit/subgraph.js';
import type { CaseNoteRow } from '../../../drizzle/contacts.js';
import type { ContactsLoaders } from '../loaders.js';

export const CaseNote: Resolvers<ContactsLoaders>['CaseNote'] = {
  writtenAt: (note: CaseNoteRow) => note.writtenAt.toISOString(),
  author: (note: CaseNoteRow) => (note.authorPersonId ? { id: note.authorPersonId } : null),
};
