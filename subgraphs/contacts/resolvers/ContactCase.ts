import { loadReference } from '../../kit/ids.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { ContactCaseRow } from '../../../drizzle/contacts.js';
import type { ContactsLoaders } from '../loaders.js';
import { caseOwner, type CustomerSeenThroughCase } from '../owners.js';

export const ContactCase: Resolvers<ContactsLoaders>['ContactCase'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.contactCaseById, reference.id),
  organisation: (contactCase: ContactCaseRow) => ({ code: contactCase.organisationCode }),
  service: (contactCase: ContactCaseRow) => ({ code: contactCase.serviceCode, name: contactCase.serviceName }),
  openedAt: (contactCase: ContactCaseRow) => contactCase.openedAt.toISOString(),
  closedAt: (contactCase: ContactCaseRow) => contactCase.closedAt?.toISOString() ?? null,
  customer: async (contactCase: ContactCaseRow, _args, { loaders }): Promise<CustomerSeenThroughCase | null> => {
    const customer = contactCase.customerId ? await loaders.customerById.load(contactCase.customerId) : null;
    return customer && { ...customer, sharedForSafeguarding: caseOwner(contactCase).sharedForSafeguarding };
  },
  assignedTo: (contactCase: ContactCaseRow) => (contactCase.assignedPersonId ? { id: contactCase.assignedPersonId } : null),
  notes: (contactCase: ContactCaseRow, _args, { loaders }) => loaders.notesByCase.load(contactCase.id),
};
