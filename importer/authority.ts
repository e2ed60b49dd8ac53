// Who may import: a member's own data administrator. The token is verified as the hub
// verifies every request (platform/identity.ts); it must be a token of the organisation
// whose data is imported, holding the `import` scope. The organisation must be served and
// draw down the service the data belongs to (the one place to ask, mayImportInto). The
// caller has loaded the organisation registry (platform/organisations.ts) first.
import { GraphQLError } from 'graphql';
import type { IdentityConfig } from '../platform/identity.js';
import { createIdentity } from '../platform/identity.js';
import { isServed, registeredOrganisation, type Service, servicesOf, standingOf } from '../platform/organisations.js';
import type { Viewer } from '../platform/policy.js';
import { ImportRefused, type ImportKind } from './report.js';

export const IMPORT_SCOPE = 'import';

export type Importer = Extract<Viewer, { kind: 'user' }>;

/** The hub's service each kind of file belongs to. */
export const SERVICE_OF: Record<ImportKind, Service> = {
  spend: 'FINANCE',
  contracts: 'PROCUREMENT',
  staff: 'PEOPLE',
};

/** Why `organisation` may not have `kind` data imported, or null when it may. */
export function mayImportInto(organisation: string, kind: ImportKind): string | null {
  const registered = registeredOrganisation(organisation);
  if (!registered) return `${organisation} is not an organisation the hub knows`;
  if (!isServed(registered)) return `${registered.name} (${organisation}) is not a member of the shared service (${standingOf(registered).toLowerCase()})`;
  if (!servicesOf(registered).has(SERVICE_OF[kind]))
    return `${registered.name} (${organisation}) does not draw down the ${SERVICE_OF[kind].toLowerCase()} service`;
  return null;
}

/** The user the token names, when they may import `kind` data of `organisation`; throws ImportRefused otherwise. */
export async function importerFor(token: string | undefined, organisation: string, kind: ImportKind, config: IdentityConfig): Promise<Importer> {
  const refusal = mayImportInto(organisation, kind);
  if (refusal) throw new ImportRefused(refusal);
  if (!token) throw new ImportRefused('No token: pass --token <jwt> or set HUB_TOKEN (npm run -s token -- data-administrator prints a demo one)');
  let viewer: Viewer;
  try {
    viewer = await createIdentity(config).viewerFor({ authorization: `Bearer ${token.trim()}` });
  } catch (error) {
    if (error instanceof GraphQLError) throw new ImportRefused(`The token was refused: ${error.message}`);
    throw error;
  }
  if (viewer.kind !== 'user') throw new ImportRefused('The token was refused');
  if (viewer.organisation.code !== organisation) {
    throw new ImportRefused(`The token is of ${viewer.organisation.code}: an organisation's data is imported only by its own data administrators`);
  }
  if (!viewer.scopes.has(IMPORT_SCOPE)) throw new ImportRefused(`The token does not hold the scope ${IMPORT_SCOPE}`);
  return viewer;
}
