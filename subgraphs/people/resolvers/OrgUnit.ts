import { loadReference } from '../../../platform/ids.js';
import { pageOf } from '../../../platform/pagination.js';
import type { OrgUnitResolvers } from '../generated/resolvers.js';
import { peopleByName } from '../loaders.js';

export const OrgUnit: OrgUnitResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.orgUnitById, reference.id),
  organisation: (unit, _args, { loaders }) => loaders.organisationByCode.load(unit.organisationCode),
  parent: (unit, _args, { loaders }) => (unit.parentId ? loaders.orgUnitById.load(unit.parentId) : null),
  children: (unit, _args, { loaders }) => loaders.orgUnitsByParent.load(unit.id),
  people: (unit, args, { loaders }) => loaders.peopleByOrgUnit.load({ parentId: unit.id, page: pageOf(peopleByName, args) }),
};
