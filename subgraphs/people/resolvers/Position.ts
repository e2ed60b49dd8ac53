import { loadReference } from '../../kit/ids.js';
import type { Resolvers } from '../../kit/subgraph.js';
import type { PositionRow } from '../../../drizzle/people.js';
import type { PeopleLoaders } from '../loaders.js';

export const Position: Resolvers<PeopleLoaders>['Position'] = {
  __resolveReference: (reference: { id: string }, { loaders }) => loadReference(loaders.positionById, reference.id),
  orgUnit: (position: PositionRow, _args, { loaders }) => loaders.orgUnitById.load(position.orgUnitId),
  grade: (position: PositionRow, _args, { loaders }) => (position.gradeId ? loaders.gradeById.load(position.gradeId) : null),
};
