import type { AgreementApprovalResolvers } from '../generated/resolvers.js';

export const AgreementApproval: AgreementApprovalResolvers = {
  organisation: (approval, _args, { loaders }) => loaders.organisationByCode.load(approval.organisationCode),
  approvedAt: (approval) => approval.approvedAt.toISOString(),
};
