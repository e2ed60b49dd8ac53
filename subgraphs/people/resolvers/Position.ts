import { loadReference } from '../../../platform/ids.js';
import type { PositionResolvers } from '../generated/resolvers.js';

export const Position: PositionResolvers = {
  __resolveReference: (reference, { loaders }) => loadReference(loaders.positionById, reference.id),
  orgUnit: (position, _args, { loaders }) => loaders.orgUnitById.load(position.orgUnitId),
  grade: (position, _args, { loaders }) => (position.gradeId ? loaders.gradeById.load(position.gradeId) : null),
};
