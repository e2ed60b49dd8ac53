import { pageOf } from '../../../platform/pagination.js';
import type { OrganisationResolvers } from '../generated/resolvers.js';
import { peopleByName } from '../loaders.js';

export const Organisation: OrganisationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.organisationByCode.load(reference.code),
  orgUnits: (organisation, _args, { loaders }) => loaders.topOrgUnitsByOrganisation.load(organisation.code),
  grades: (organisation, _args, { loaders }) => loaders.gradesByOrganisation.load(organisation.code),
  people: (organisation, args, { loaders }) => loaders.peopleByOrganisation.load({ parentId: organisation.code, page: pageOf(peopleByName, args) }),
};
