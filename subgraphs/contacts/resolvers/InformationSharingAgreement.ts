import { idReference } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import type { InformationSharingAgreementResolvers } from '../generated/resolvers.js';
import { disclosuresNewestFirst } from '../loaders.js';

export const InformationSharingAgreement: InformationSharingAgreementResolvers = {
  __resolveReference: idReference,
  // Row-level security shows the disclosures to both parties and the shared-service company.
  disclosures: (agreement, args, { loaders }) => loaders.disclosuresUnderAgreement.load({ parentId: agreement.id, page: pageOf(disclosuresNewestFirst, args) }),
};
