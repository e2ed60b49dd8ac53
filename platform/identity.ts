// Who is asking: turns a request's Authorization and X-Purpose headers into a Viewer.
// A bearer JWT is verified against pinned algorithms, issuer and audience; the
// organisation it names must be a member in the registry (not suspended, not left),
// which alone gives the sector and the services it draws down. No Authorization header means anonymous. Refusals are GraphQL errors that
// @apollo/server turns into an HTTP status when thrown from the context function
// (it reads `extensions.http` and removes it from the response body). Nothing here
// logs, and no message echoes the token or its claims.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { ConfigError, type Config } from './config.js';
import { registeredOrganisation, registryLoaded, servicesOf, standingOf, type OrganisationStatus } from './organisations.js';
import { DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS } from './unavailable.js';
import { ANONYMOUS, MAX_PURPOSE_LENGTH, type Viewer } from './policy.js';

export const AUTHORIZATION_HEADER = 'authorization';
export const PURPOSE_HEADER = 'x-purpose';

/** Claims every token must carry; `iss` and `aud` are checked against the configuration too. */
export const REQUIRED_CLAIMS = ['exp', 'iat', 'sub', 'org'] as const;
/** Seconds of clock difference tolerated between the token's issuer and this process. */
export const CLOCK_TOLERANCE_SECONDS = 5;
export const MAX_SUBJECT_LENGTH = 100;
/**
 * A token verified once is taken on its exact bytes for this long (and never past its expiry):
 * every process of a request checks the same token, and the signature check was a tenth of a
 * subgraph's CPU. A key withdrawn from the identity provider's JWKS is refused within this.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
const MAX_VERIFIED_TOKENS = 10_000;

export interface ViewerRequest {
  /** The Authorization header as received, undefined when absent. */
  authorization?: string | undefined;
  /** The X-Purpose header as received, undefined when absent. */
  purpose?: string | undefined;
}

/**
 * The credentials a request carries. Node keeps only the first of several Authorization
 * headers (req.headers), so a request with two would be answered for one of them,
 * unnoticed: it is refused instead (RFC 9110 allows one Authorization field per request).
 */
export function credentialsOf(req: IncomingMessage): ViewerRequest {
  const authorization = req.headersDistinct[AUTHORIZATION_HEADER];
  if (authorization && authorization.length > 1) throw unauthenticated('Send one Authorization header: this request has several');
  const purpose = req.headers[PURPOSE_HEADER];
  return { authorization: authorization?.[0], purpose: typeof purpose === 'string' ? purpose : undefined };
}

export interface Identity {
  /** The viewer for one request; throws UNAUTHENTICATED (401) or BAD_USER_INPUT (400). */
  viewerFor(request: ViewerRequest): Promise<Viewer>;
}

/** The settings identity reads: the whole Config fits. */
export type IdentityConfig = Pick<Config, 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWKS_FILE' | 'AUTH_ALGORITHMS'>;

type TokenKey = Uint8Array | JWTVerifyGetKey;

export function createIdentity(config: IdentityConfig): Identity {
  const key = verificationKey(config);
  const remoteKeys = config.AUTH_JWKS_URL !== undefined;
  const options = {
    algorithms: config.AUTH_ALGORITHMS,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    requiredClaims: [...REQUIRED_CLAIMS],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  // Only what passed every check is kept; the claims are read afresh (registry, scopes) each time.
  const verifiedTokens = new LRUCache<string, JWTPayload>({ max: MAX_VERIFIED_TOKENS, ttl: VERIFIED_TOKEN_TTL_MS });

  return {
    async viewerFor(request) {
      if (request.authorization === undefined) {
        purposeFrom(request.purpose);
        return ANONYMOUS;
      }
      // Who first (401), then what for (400).
      const user = userFromClaims(await verified(bearerToken(request.authorization)));
      return { ...user, purpose: purposeFrom(request.purpose) };
    },
  };

  async function verified(token: string): Promise<JWTPayload> {
    const known = verifiedTokens.get(token);
    // Expired since: verified again, so the refusal is jose's own ("Token expired").
    if (known && Date.now() / 1000 < known.exp! + CLOCK_TOLERANCE_SECONDS) return known;
    try {
      const { payload } = await jwtVerify(token, key, options);
      verifiedTokens.set(token, Object.freeze(payload));
      return payload;
    } catch (error) {
      throw refusal(error, remoteKeys);
    }
  }
}

/** The HS secret, or the JWKS when one is configured (then the secret is never used). */
function verificationKey(config: IdentityConfig): TokenKey {
  if (config.AUTH_JWKS_URL !== undefined) return createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
  if (config.AUTH_JWKS_FILE !== undefined) return localKeySet(config.AUTH_JWKS_FILE);
  return new TextEncoder().encode(config.AUTH_SECRET);
}

function localKeySet(path: string): JWTVerifyGetKey {
  let keySet: unknown;
  try {
    keySet = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ConfigError(`Invalid configuration: AUTH_JWKS_FILE: cannot read a JSON file at ${path}`);
  }
  const keys = (keySet as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ConfigError('Invalid configuration: AUTH_JWKS_FILE: not a JSON Web Key Set (expected {"keys": [...]} with at least one key)');
  }
  // A verification key set holds public keys only: a private or shared key here is a leak waiting to happen.
  if (keys.some((jwk: unknown) => typeof jwk !== 'object' || jwk === null || 'd' in jwk || (jwk as { kty?: unknown }).kty === 'oct')) {
    throw new ConfigError('Invalid configuration: AUTH_JWKS_FILE: holds private or symmetric keys; publish only public keys');
  }
  try {
    return createLocalJWKSet(keySet as JSONWebKeySet);
  } catch {
    throw new ConfigError('Invalid configuration: AUTH_JWKS_FILE: not a JSON Web Key Set');
  }
}

// RFC 6750 b64token after one scheme name; the scheme is case-insensitive (RFC 9110 §11.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

function bearerToken(header: string): string {
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) throw unauthenticated('Malformed Authorization header: expected Bearer <token>');
  return token;
}

type User = Omit<Extract<Viewer, { kind: 'user' }>, 'purpose'>;

function userFromClaims(payload: JWTPayload): User {
  const { sub, org, scope } = payload;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > MAX_SUBJECT_LENGTH) throw unauthenticated('Token subject not accepted');
  // A standalone gateway started before its subgraphs has no registry yet: come back, not 401.
  if (!registryLoaded()) {
    throw new GraphQLError('The organisation registry is not available yet; try again shortly', {
      extensions: { code: DATABASE_UNAVAILABLE, http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) } },
    });
  }
  const organisation = typeof org === 'string' ? registeredOrganisation(org) : undefined;
  if (!organisation) throw unauthenticated('Unknown organisation');
  const standing = standingOf(organisation);
  if (standing !== 'MEMBER') throw unauthenticated(NOT_SERVED[standing]);
  if (scope !== undefined && typeof scope !== 'string') throw unauthenticated('Token scope not accepted');
  const scopes = new Set((scope ?? '').split(/\s+/).filter(Boolean));
  return {
    kind: 'user',
    subject: sub,
    organisation: { code: organisation.code, sector: organisation.sector },
    scopes,
    services: servicesOf(organisation),
  };
}

/** Why the registry refuses an organisation's tokens (its data stays; its trail is still read). */
const NOT_SERVED: Record<Exclude<OrganisationStatus, 'MEMBER'>, string> = {
  CANDIDATE: 'Your organisation has not joined the hub yet',
  SUSPENDED: "Your organisation's access to the hub is suspended",
  LEFT: 'Your organisation has left the hub',
};

/** A refusal the caller can act on, chosen from what jose found wrong; never its message, which may quote claims. */
function refusal(error: unknown, remoteKeys: boolean): GraphQLError {
  if (error instanceof errors.JWTExpired) return unauthenticated('Token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return unauthenticated('Token is missing required claims');
    if (error.claim === 'iss') return unauthenticated('Token issuer not accepted');
    if (error.claim === 'aud') return unauthenticated('Token audience not accepted');
    if (error.claim === 'nbf') return unauthenticated('Token is not yet valid');
    return unauthenticated('Malformed token');
  }
  if (
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSENotSupported
  ) {
    return unauthenticated('Token signature or algorithm not accepted');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return unauthenticated('Malformed token');
  // Anything else while fetching a remote key set is the identity provider's fault, not
  // the caller's: a 503 (masked for the client, logged with its cause by formatError).
  if (remoteKeys) {
    return new GraphQLError('Identity provider keys are unavailable', {
      originalError: error instanceof Error ? error : undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 503 } },
    });
  }
  throw error;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
  });
}

function badPurpose(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

// Control, format (bidi overrides, zero-width), private-use, unassigned and surrogate
// code points, and line or paragraph separators: none belong in a one-line justification
// that is written to the audit trail.
const NOT_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** The stated purpose: trimmed, null when empty, refused (never cut) when too long or not printable. */
export function purposeFrom(header: string | undefined): string | null {
  if (header === undefined) return null;
  const text = headerText(header).trim();
  if (text === '') return null;
  if ([...text].length > MAX_PURPOSE_LENGTH) throw badPurpose(`X-Purpose must be at most ${MAX_PURPOSE_LENGTH} characters`);
  if (NOT_PRINTABLE.test(text)) throw badPurpose('X-Purpose must be printable text');
  return text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Node reads header bytes as Latin-1; clients that send non-ASCII text send UTF-8.
 * Bytes that form valid UTF-8 are read as UTF-8 ("suspect’s" stays one apostrophe
 * rather than three characters, two of them control codes); anything else stays Latin-1.
 */
function headerText(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\p{ASCII}\u0080-\u00ff]/u.test(value)) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
