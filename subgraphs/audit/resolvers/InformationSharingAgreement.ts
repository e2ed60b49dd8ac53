import { idReference } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import type { InformationSharingAgreementResolvers } from '../generated/resolvers.js';
import { newestFirst } from '../loaders.js';

export const InformationSharingAgreement: InformationSharingAgreementResolvers = {
  __resolveReference: idReference,
  records: (agreement, args, { loaders }) => loaders.recordsUnder(agreement.id, pageOf(newestFirst, args)),
};
