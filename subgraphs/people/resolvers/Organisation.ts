import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { OrganisationRow } from '../../../drizzle/people.js';
import { peopleByName, type PeopleLoaders } from '../loaders.js';

export const Organisation: Resolvers<PeopleLoaders>['Organisation'] = {
  __resolveReference: (reference: { code: string }, { loaders }) => loaders.organisationByCode.load(reference.code),
  orgUnits: (organisation: OrganisationRow, _args, { loaders }) => loaders.topOrgUnitsByOrganisation.load(organisation.code),
  people: (organisation: OrganisationRow, args: PageArgs, { loaders }) =>
    loaders.peopleByOrganisation.load({ parentId: organisation.code, page: pageOf(peopleByName, args) }),
};
