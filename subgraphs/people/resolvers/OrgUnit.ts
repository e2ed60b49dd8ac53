import { loadReference } from '../../kit/ids.js';
import { pageOf, type PageArgs } from '../../kit/pagination.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { OrgUnitRow } from '../../../drizzle/people.js';
import { peopleByName, type PeopleLoaders } from '../loaders.js';

export const OrgUnit: Resolvers<PeopleLoaders>['OrgUnit'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.orgUnitById, reference.id),
  organisation: (unit: OrgUnitRow, _args, { loaders }) => loaders.organisationByCode.load(unit.organisationCode),
  parent: (unit: OrgUnitRow, _args, { loaders }) => (unit.parentId ? loaders.orgUnitById.load(unit.parentId) : null),
  children: (unit: OrgUnitRow, _args, { loaders }) => loaders.orgUnitsByParent.load(unit.id),
  people: (unit: OrgUnitRow, args: PageArgs, { loaders }) =>
    loaders.peopleByOrgUnit.load({ parentId: unit.id, page: pageOf(peopleByName, args) }),
};
