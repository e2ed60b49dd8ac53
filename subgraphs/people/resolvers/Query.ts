import { organisationCodeArgument, uuidArgument } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { agreementsNewestFirst, peopleByName } from '../loaders.js';

export const Query: QueryResolvers = {
  organisations: (_parent, _args, { loaders }) => loaders.organisationList(),
  organisation: (_parent, args, { loaders }) => loaders.organisationByCode.load(organisationCodeArgument(args.code, 'code')),
  orgUnit: (_parent, args, { loaders }) => loaders.orgUnitById.load(uuidArgument(args.id)),
  person: (_parent, args, { loaders }) => loaders.personById.load(uuidArgument(args.id)),
  people: (_parent, args, { loaders }) =>
    loaders.peopleByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(peopleByName, args),
    }),
  sharingAgreement: (_parent, args, { loaders }) => loaders.sharingAgreementById.load(uuidArgument(args.id)),
  sharingAgreements: (_parent, args, { loaders }) =>
    loaders.sharingAgreements(organisationCodeArgument(args.organisation), args.status ?? null, pageOf(agreementsNewestFirst, args)),
};
