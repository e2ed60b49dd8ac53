import { loadReference, referenceTo } from '../../../platform/ids.js';
import type { ContactCaseResolvers } from '../generated/resolvers.js';
import { caseOwner } from '../owners.js';

export const ContactCase: ContactCaseResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.contactCaseById, reference.id),
  organisation: (contactCase) => ({ code: contactCase.organisationCode }),
  service: (contactCase) => ({ code: contactCase.serviceCode, name: contactCase.serviceName }),
  openedAt: (contactCase) => contactCase.openedAt.toISOString(),
  closedAt: (contactCase) => contactCase.closedAt?.toISOString() ?? null,
  customer: async (contactCase, _args, { loaders }) => {
    const customer = contactCase.customerId ? await loaders.customerById.load(contactCase.customerId) : null;
    return customer && { ...customer, sharedForSafeguarding: caseOwner(contactCase).sharedForSafeguarding };
  },
  assignedTo: (contactCase) => (contactCase.assignedPersonId ? referenceTo(contactCase.assignedPersonId) : null),
  notes: (contactCase, _args, { loaders }) => loaders.notesByCase.load(contactCase.id),
};
