import { organisationCodeArgument, uuidArgument } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import { peopleByName, type PeopleLoaders } from '../loaders.js';

export const Query: Resolvers<PeopleLoaders>['Query'] = {
  organisations: (_parent, _args, { loaders }) => loaders.organisationList(),
  organisation: (_parent, args: { code: string }, { loaders }) =>
    loaders.organisationByCode.load(organisationCodeArgument(args.code, 'code')),
  orgUnit: (_parent, args: { id: string }, { loaders }) => loaders.orgUnitById.load(uuidArgument(args.id)),
  person: (_parent, args: { id: string }, { loaders }) => loaders.personById.load(uuidArgument(args.id)),
  people: (_parent, args: PageArgs & { organisation: string }, { loaders }) =>
    loaders.peopleByOrganisation.load({
      parentId: organisationCodeArgument(args.organisation),
      page: pageOf(peopleByName, args),
    }),
};
