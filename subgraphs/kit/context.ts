// What every resolver receives: the verified viewer and the request's loaders.
import type { Viewer } from './policy.js';

export interface SubgraphContext<Loaders> {
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
}
