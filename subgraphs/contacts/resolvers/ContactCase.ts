import { loadReference, referenceTo } from '../../../platform/ids.js';
import { sectorOf } from '../../../platform/organisations.js';
import type { ContactCaseResolvers } from '../generated/resolvers.js';

export const ContactCase: ContactCaseResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.contactCaseById, reference.id),
  organisation: (contactCase) => ({ code: contactCase.organisationCode }),
  service: (contactCase) => ({ code: contactCase.serviceCode, name: contactCase.serviceName }),
  openedAt: (contactCase) => contactCase.openedAt.toISOString(),
  closedAt: (contactCase) => contactCase.closedAt?.toISOString() ?? null,
  // Reached through a disclosed case, the customer is read under the same agreement.
  customer: async (contactCase, _args, { loaders }) => {
    const customer = contactCase.customerId ? await loaders.customerById.load(contactCase.customerId) : null;
    return customer && { ...customer, sharedUnder: contactCase.sharedUnder };
  },
  assignedTo: (contactCase) => (contactCase.assignedPersonId ? referenceTo(contactCase.assignedPersonId) : null),
  safeguardingReferral: async (contactCase, _args, { loaders }) =>
    (await loaders.disclosuresByCase.load(contactCase.id)).some((disclosure) => sectorOf(disclosure.recipientCode) === 'POLICE'),
  disclosures: (contactCase, _args, { loaders }) => loaders.disclosuresByCase.load(contactCase.id),
  notes: (contactCase, _args, { loaders }) => loaders.notesByCase.load(contactCase.id),
};
