// What every resolver receives. The viewer is anonymous until the identity layer
// verifies a token; authorisation rules read it from here.
export type Viewer = { kind: 'anonymous' };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

export interface SubgraphContext<Loaders> {
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
}
