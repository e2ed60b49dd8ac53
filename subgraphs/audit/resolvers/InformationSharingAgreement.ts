import { uuidReference } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import type { InformationSharingAgreementResolvers } from '../generated/resolvers.js';
import { newestFirst } from '../loaders.js';

export const InformationSharingAgreement: InformationSharingAgreementResolvers = {
  __resolveReference: (reference) => {
    const id = uuidReference(reference.id);
    return id ? { id } : null;
  },
  records: (agreement, args, { loaders }) => loaders.recordsUnder(agreement.id, pageOf(newestFirst, args)),
};
