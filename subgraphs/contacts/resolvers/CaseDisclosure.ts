import { refusalUnder } from '../../../platform/agreements.js';
import { loadReference } from '../../../platform/ids.js';
import type { CaseDisclosureResolvers } from '../generated/resolvers.js';

export const CaseDisclosure: CaseDisclosureResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.disclosureById, reference.id),
  agreement: (disclosure) => ({ id: disclosure.agreementId }),
  provider: (disclosure) => ({ code: disclosure.providerCode }),
  recipient: (disclosure) => ({ code: disclosure.recipientCode }),
  // Hidden from the recipient while the agreement does not let it read: say why, once per case.
  contactCase: async (disclosure, _args, { viewer, loaders }) => {
    const contactCase = await loaders.contactCaseById.load(disclosure.caseId);
    if (contactCase) return contactCase;
    const refusal = refusalUnder(viewer, await loaders.termsOfDisclosuresToViewer([disclosure]));
    if (refusal) throw refusal;
    return null;
  },
  disclosedAt: (disclosure) => disclosure.disclosedAt.toISOString(),
};
