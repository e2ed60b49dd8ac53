// The viewers the fast policy tests judge, built in memory (no token, no HTTP): anonymous,
// every demo persona with and without an X-Purpose header, and made-up staff whose
// organisation and scopes the personas do not cover. Each comes as the README oracle's
// description (test/support/policy-table.ts) and as the Viewer the hub would build.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { accessByField } from '../../platform/markings.js';
import { isServed, registeredOrganisation, servicesOf } from '../../platform/organisations.js';
import { PERSONA_NAMES, PERSONAS } from '../../platform/personas.js';
import { ANONYMOUS, SHARING_SCOPE, type Viewer } from '../../platform/policy.js';
import type { Service } from '../../platform/organisations.js';
import { ORACLE_PURPOSE, servicesServing, viewerName, type PolicyViewer } from './policy-table.js';
import { PARTIAL_MEMBER } from './registry.js';

export const SUPERGRAPH_SDL = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');

/** Every marked field of the composed supergraph, "Type.field" to its @access, with the services serving it as the policy page says. */
export const SUPERGRAPH_MARKINGS = new Map(
  [...accessByField(parse(SUPERGRAPH_SDL))].map(([coordinate, access]) => [coordinate, { ...access, services: servicesServing(coordinate) as Service[] }]),
);

/** Every scope some field asks for, and the sharing one that only disclosed rows ask for. */
const EVERY_SCOPE = [...new Set([...SUPERGRAPH_MARKINGS.values()].flatMap((access) => access.scopes)), SHARING_SCOPE].sort();

const SOMERSET = 'E10000027';
const TAUNTON_DEANE = 'E07000190';
const POLICE = 'E23000036';
const SHARED_SERVICE = 'SWONE';

/** Staff the personas do not cover: everything-scoped, scope-less, and the police edge cases, named for test titles. */
const MADE_UP_STAFF: { name: string; viewer: PolicyViewer }[] = [
  {
    name: 'made-up Somerset staff with every read scope',
    scopes: ['staff', 'hr', 'hr:sensitive', 'finance', 'procurement', 'contacts', 'contacts:sensitive'],
    organisation: SOMERSET,
    purpose: false,
  },
  { name: 'made-up Somerset staff with every scope and X-Purpose', scopes: EVERY_SCOPE, organisation: SOMERSET, purpose: true },
  { name: 'made-up Taunton Deane staff with no scopes', scopes: [], organisation: TAUNTON_DEANE, purpose: false },
  { name: 'made-up Southwest One staff with every scope and X-Purpose', scopes: EVERY_SCOPE, organisation: SHARED_SERVICE, purpose: true },
  { name: 'made-up police staff with every scope without X-Purpose', scopes: EVERY_SCOPE, organisation: POLICE, purpose: false },
  { name: 'made-up police staff with every scope and X-Purpose', scopes: EVERY_SCOPE, organisation: POLICE, purpose: true },
  { name: 'made-up police staff with no scopes and X-Purpose', scopes: [], organisation: POLICE, purpose: true },
  { name: 'made-up police staff with only staff and X-Purpose', scopes: ['staff'], organisation: POLICE, purpose: true },
  // A member that draws down HR and customer contact only: finance and procurement are not its, whatever its scopes.
  { name: 'made-up South Somerset staff (HR and contacts only) with every scope', scopes: EVERY_SCOPE, organisation: PARTIAL_MEMBER.code, purpose: false },
].map(({ name, ...staff }) => ({ name, viewer: { kind: 'staff', ...staff } }));

/** Anonymous, every persona without and with X-Purpose, and the made-up staff, each with a name for test titles. */
export const POLICY_VIEWERS: readonly { name: string; viewer: PolicyViewer }[] = [
  { kind: 'anonymous' } as PolicyViewer,
  ...PERSONA_NAMES.flatMap((persona): PolicyViewer[] => [
    { kind: 'persona', persona, purpose: false },
    { kind: 'persona', persona, purpose: true },
  ]),
]
  .map((viewer) => ({ name: viewerName(viewer), viewer }))
  .concat(MADE_UP_STAFF);

export const PURPOSE = `${ORACLE_PURPOSE} unit test of the access policy`;
const MADE_UP_SUBJECT = '00000000-0000-4000-8000-00000000517a';

/** The Viewer the hub's identity would build for this caller (the sector from the registry, as there). */
export function hubViewer(viewer: PolicyViewer): Viewer {
  if (viewer.kind === 'anonymous') return ANONYMOUS;
  const {
    subject,
    organisation: code,
    scopes,
  } = viewer.kind === 'persona' ? PERSONAS[viewer.persona] : { subject: MADE_UP_SUBJECT, organisation: viewer.organisation, scopes: viewer.scopes };
  const organisation = registeredOrganisation(code);
  if (!organisation || !isServed(organisation)) throw new Error(`${code} is not a member organisation: nobody there can sign in`);
  return {
    kind: 'user',
    subject,
    organisation: { code, sector: organisation.sector },
    scopes: new Set(scopes),
    services: servicesOf(organisation),
    purpose: viewer.purpose ? PURPOSE : null,
  };
}
