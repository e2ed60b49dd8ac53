import { loadReference } from '../../../platform/ids.js';
import type { CaseDisclosureResolvers } from '../generated/resolvers.js';

export const CaseDisclosure: CaseDisclosureResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.disclosureById, reference.id),
  agreement: (disclosure) => ({ id: disclosure.agreementId }),
  provider: (disclosure) => ({ code: disclosure.providerCode }),
  recipient: (disclosure) => ({ code: disclosure.recipientCode }),
  // Null for the recipient while the agreement does not let it read the case: a list of
  // disclosures says why once (Query.disclosedContactCases), a case asked for by id too.
  contactCase: (disclosure, _args, { loaders }) => loaders.contactCaseById.load(disclosure.caseId),
  disclosedAt: (disclosure) => disclosure.disclosedAt.toISOString(),
};
