// The demo personas: one signed-in user (or service account) for each kind of
// reader the hub serves, with fixed subjects so that audit records and tests can
// name them. `npm run -s token -- <persona>` prints a token for one of them, signed
// with the demo identity's shared secret (AUTH_SECRET).
import { SignJWT } from 'jose';
import type { IdentityConfig } from './identity.js';

export interface Persona {
  /** The token's `sub`: fixed, so a persona is the same user on every machine. */
  subject: string;
  displayName: string;
  /** The token's `org`: an organisation code from the registry (the sector comes from there). */
  organisation: string;
  /** The token's `scope`, space-separated in the token. */
  scopes: string[];
  /** Who this is and what the persona is for in a demo. */
  description: string;
}

export const PERSONAS = {
  'council-hr': {
    subject: '2e35ed5b-993d-45ee-b043-1053e2bea43f',
    displayName: 'Hannah Reeves',
    organisation: 'E07000190',
    scopes: ['staff', 'hr', 'hr:sensitive', 'hr:write'],
    description: 'HR adviser at Taunton Deane Borough Council: reads and maintains its own staff records, sensitive fields included.',
  },
  'council-finance': {
    subject: '2a216ed2-9da0-43cd-a6dc-fc72fa838260',
    displayName: 'Farid Malik',
    organisation: 'E10000027',
    scopes: ['staff', 'finance'],
    description: 'Finance officer at Somerset County Council: budgets, cost centres and payments.',
  },
  'contact-centre': {
    subject: 'a154dd17-2496-42df-8e77-f9adf3cfe311',
    displayName: 'Chloe Tanner',
    organisation: 'E10000027',
    scopes: ['staff', 'contacts', 'contacts:sensitive', 'contacts:write', 'sharing'],
    description:
      "Customer services adviser at Somerset County Council: customers and their contact cases; discloses a case to the police under an agreement, and sees the force's staff-safety warnings (with a stated purpose).",
  },
  'police-analyst': {
    subject: 'a63f8a88-739c-4659-aa61-3af140f9921c',
    displayName: 'Priya Anand',
    organisation: 'E23000036',
    scopes: ['staff', 'contacts', 'contacts:sensitive', 'contacts:write', 'sharing'],
    description:
      'Intelligence analyst at Avon and Somerset Police: police contacts, council cases disclosed to the force under an agreement (with a purpose it allows), and staff-safety warning markers it places.',
  },
  'police-hr': {
    subject: '91ae2b85-7d74-4be6-b5b6-2d81e6d406a1',
    displayName: 'Owen Price',
    organisation: 'E23000036',
    scopes: ['staff', 'hr', 'hr:sensitive', 'hr:write'],
    description: 'HR officer at Avon and Somerset Police: maintains the records of officers and police staff, including collar numbers, ranks and vetting.',
  },
  'procurement-officer': {
    subject: '54e2aad9-ae6f-4173-b747-26305ee03edd',
    displayName: 'Paul Okafor',
    organisation: 'SWONE',
    scopes: ['staff', 'procurement', 'finance', 'procurement:write'],
    description: 'Procurement officer at Southwest One: suppliers, contracts and orders across the client organisations; raises orders for them.',
  },
  'approving-manager': {
    subject: 'c3d9a0f4-5b7e-4e21-9a4c-7f1e2b8d6a53',
    displayName: 'Megan Holt',
    organisation: 'E10000027',
    scopes: ['staff', 'procurement', 'procurement:approve'],
    description: "Head of service at Somerset County Council: approves or rejects the council's purchase orders up to £100,000 under a delegation.",
  },
  'reporting-service': {
    subject: '5e5bd4eb-6f71-4262-93c9-2d3df24b9e3a',
    displayName: 'BI reporting service',
    organisation: 'SWONE',
    scopes: ['finance', 'procurement', 'contacts', 'reporting'],
    description: 'Service account of the Southwest One BI tool: aggregates and bulk extracts; not a member of staff.',
  },
  auditor: {
    subject: '19e9126a-92fd-44fa-9842-87e075261177',
    displayName: 'Alison Grey',
    organisation: 'SWONE',
    scopes: ['staff', 'audit'],
    description: 'Information governance auditor at Southwest One: reads the audit trail of who read what.',
  },
  'service-admin': {
    subject: 'b7e4c2a1-3d5f-4e6a-8b9c-0d1e2f3a4b5c',
    displayName: 'Sam Whitfield',
    organisation: 'SWONE',
    scopes: ['staff', 'tenancy:admin'],
    description:
      'Service administrator at Southwest One: keeps the organisation registry (who joins, which services each draws down, suspensions and leaving).',
  },
  'data-administrator': {
    subject: 'b8f2c6e1-4d3a-4f7b-9e25-6a1d0c3f8b47',
    displayName: 'Dominic Ashby',
    organisation: 'E07000190',
    scopes: ['staff', 'import'],
    description: "Data administrator at Taunton Deane Borough Council: imports the council's published spend, contracts and staff files (npm run import).",
  },
  'service-manager': {
    subject: '1ad3ae48-356e-44dd-98b0-047fbe716a3d',
    displayName: 'Rosa Lindqvist',
    organisation: 'E10000027',
    scopes: ['staff', 'finance', 'procurement', 'contacts'],
    description:
      "Service manager at Somerset County Council: reads a colleague's whole profile (job, cost centres and their payments, orders raised, cases assigned), no personal data.",
  },
  'council-ig-lead': {
    subject: 'eb113224-dce7-4161-af50-9198dadcaa52',
    displayName: 'Imogen Barker',
    organisation: 'E10000027',
    scopes: ['staff', 'sharing:govern'],
    description:
      "Information governance lead at Somerset County Council: proposes, approves, suspends and ends the council's information-sharing agreements, and reads the audit trail of every disclosure and read under them.",
  },
  'police-ig-lead': {
    subject: '35805c89-21f8-4a48-9c20-a8a7be40c25d',
    displayName: 'Gareth Lewis',
    organisation: 'E23000036',
    scopes: ['staff', 'sharing:govern'],
    description:
      "Information governance lead at Avon and Somerset Police: proposes, approves, suspends and ends the force's information-sharing agreements, and reads the audit trail of every disclosure and read under them.",
  },
} satisfies Record<string, Persona>;

export type PersonaName = keyof typeof PERSONAS;

export const PERSONA_NAMES = Object.keys(PERSONAS) as PersonaName[];

export function isPersonaName(name: string): name is PersonaName {
  return Object.hasOwn(PERSONAS, name);
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

export interface TokenOptions {
  /** Lifetime from `now`; 8 hours unless given. */
  expiresInSeconds?: number;
  /** The issuing time in milliseconds since the epoch (like `Date.now()`); now unless given. */
  now?: number;
}

/**
 * A token for a persona, signed with the configured secret and the first configured
 * algorithm (HS256 by default), so that it verifies against the same configuration.
 * A hub that verifies with a JWKS has no key here to sign with: it refuses.
 */
export function tokenFor(persona: PersonaName, config: IdentityConfig, options: TokenOptions = {}): Promise<string> {
  return tokenOf(PERSONAS[persona], config, options);
}

/** Who a demo token is for: any subject, organisation and scopes (`npm run token -- --org ...`). */
export type TokenHolder = Pick<Persona, 'subject' | 'organisation' | 'scopes'>;

/** A demo token for anyone, signed as tokenFor signs a persona's. */
export async function tokenOf(holder: TokenHolder, config: IdentityConfig, options: TokenOptions = {}): Promise<string> {
  if (config.AUTH_JWKS_URL !== undefined || config.AUTH_JWKS_FILE !== undefined) {
    throw new Error('npm run token only signs with AUTH_SECRET (the demo identity)');
  }
  const algorithm = config.AUTH_ALGORITHMS[0] ?? 'HS256';
  const { expiresInSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS, now = Date.now() } = options;
  if (!(expiresInSeconds > 0)) throw new RangeError('expiresInSeconds must be a positive number of seconds');
  const issuedAt = Math.floor(now / 1000);
  const { subject, organisation, scopes } = holder;
  return new SignJWT({ org: organisation, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.floor(expiresInSeconds))
    .sign(new TextEncoder().encode(config.AUTH_SECRET));
}
