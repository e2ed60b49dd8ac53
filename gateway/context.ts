// What the gateway knows of a request while it plans and fetches: built once per request
// (server.ts) and read by the data sources and the transparency export.
import type { Viewer } from '../platform/policy.js';

export interface GatewayContext {
  requestId: string;
  /** The verified viewer, for the gateway's own access check. */
  viewer: Viewer;
  /** The caller's Authorization and X-Purpose headers, passed on so each subgraph verifies them itself. */
  authorization?: string | undefined;
  purpose?: string | undefined;
}
