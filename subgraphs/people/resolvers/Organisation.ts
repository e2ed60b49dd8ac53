import { registeredOrganisation, SERVICES, servicesOf, standingOf } from '../../../platform/organisations.js';
import { pageOf } from '../../../platform/pagination.js';
import type { OrganisationResolvers } from '../generated/resolvers.js';
import { peopleByName } from '../loaders.js';

export const Organisation: OrganisationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.organisationByCode.load(reference.code),
  // Standing as of today: a member whose leaving day has passed has left.
  status: (organisation) => standingOf(organisation),
  member: (organisation) => standingOf(organisation) === 'MEMBER',
  // The process's copy of the registry, read again after every change this process makes.
  services: (organisation) => {
    const registered = registeredOrganisation(organisation.code);
    const drawn = registered ? servicesOf(registered) : new Set();
    return SERVICES.filter((service) => drawn.has(service));
  },
  orgUnits: (organisation, _args, { loaders }) => loaders.topOrgUnitsByOrganisation.load(organisation.code),
  grades: (organisation, _args, { loaders }) => loaders.gradesByOrganisation.load(organisation.code),
  people: (organisation, args, { loaders }) => loaders.peopleByOrganisation.load({ parentId: organisation.code, page: pageOf(peopleByName, args) }),
};
