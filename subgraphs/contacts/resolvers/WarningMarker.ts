import { uuidReference } from '../../../platform/ids.js';
import type { WarningMarkerResolvers } from '../generated/resolvers.js';

export const WarningMarker: WarningMarkerResolvers = {
  __resolveReference: async (reference, { loaders }) => {
    const id = uuidReference(reference.id);
    const marker = id ? await loaders.markerById.load(id) : null;
    return marker && loaders.markerAsSeen(marker);
  },
  placedAt: (marker) => marker.placedAt.toISOString(),
  placedBy: (marker) => ({ code: marker.organisationCode }),
  agreement: (marker) => ({ id: marker.agreementId }),
};
