import { loadReference } from '../../../platform/ids.js';
import { approvalsOf, inForce, statusToday } from '../agreementState.js';
import type { InformationSharingAgreementResolvers } from '../generated/resolvers.js';

export const InformationSharingAgreement: InformationSharingAgreementResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.sharingAgreementById, reference.id),
  provider: (agreement, _args, { loaders }) => loaders.organisationByCode.load(agreement.providerCode),
  recipient: (agreement, _args, { loaders }) => loaders.organisationByCode.load(agreement.recipientCode),
  status: (agreement) => statusToday(agreement),
  inForce: (agreement) => inForce(agreement),
  approvals: (agreement) => approvalsOf(agreement),
};
