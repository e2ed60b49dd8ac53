// Identity: which bearer tokens become which viewers, which are refused and how,
// the X-Purpose rules, the demo personas and `npm run token`. Unit level: no hub.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { CompactSign, SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, DEMO_AUTH_SECRET, loadConfig } from '../platform/config.js';
import { createIdentity, type Identity, type ViewerRequest } from '../platform/identity.js';
import { PERSONAS, PERSONA_NAMES, tokenFor, type PersonaName } from '../platform/personas.js';
import { ANONYMOUS, MAX_PURPOSE_LENGTH, type Viewer } from '../platform/policy.js';
import type { Sector } from '../platform/organisations.js';
import { SERVICES } from '../subgraphs/registry.js';
import { testDatabase } from './support/hub.js';

/** Production also refuses the demo cursor secret: these tests are about identity. */
const PRODUCTION_CURSOR_SECRET = 'a-production-cursor-secret-0123456789abcdef';

const config = loadConfig({ NODE_ENV: 'test' });
const identity = createIdentity(config);
// Tokens name organisations of the registry, which the worker reads from its database.
await testDatabase();
const demoSecret = new TextEncoder().encode(DEMO_AUTH_SECRET);
const seconds = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;

/** A police analyst's claims, valid now, with some replaced or (as undefined) removed. */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = {
    iss: config.AUTH_ISSUER,
    aud: config.AUTH_AUDIENCE,
    sub: PERSONAS['police-analyst'].subject,
    org: 'E23000036',
    scope: 'staff contacts',
    iat: seconds(),
    exp: seconds() + HOUR,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter(([, value]) => value !== undefined));
}

function sign(payload: JWTPayload, options: { alg?: string; key?: Parameters<SignJWT['sign']>[0]; kid?: string } = {}): Promise<string> {
  const { alg = 'HS256', key = demoSecret, kid } = options;
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).sign(key);
}

const bearer = (token: string): ViewerRequest => ({ authorization: `Bearer ${token}` });

/** The error viewerFor rejects with, as the message and extensions a client's HTTP response is built from. */
async function refusalOf(request: ViewerRequest, by: Identity = identity): Promise<{ message: string; extensions: unknown }> {
  const error = await by.viewerFor(request).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  const { message, extensions } = error as GraphQLError;
  const token = request.authorization?.split(' ').pop() ?? '';
  if (token.length > 8) expect(JSON.stringify({ message, extensions })).not.toContain(token.slice(0, 20));
  return { message, extensions };
}

const unauthenticated = (message: string) => ({
  message,
  extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
});

describe('personas', () => {
  // Written out rather than read from the registry, so a registry change shows up here.
  const expected: Record<PersonaName, { code: string; sector: Sector; scopes: string[] }> = {
    'council-hr': { code: 'E07000190', sector: 'COUNCIL', scopes: ['staff', 'hr', 'hr:sensitive', 'hr:write'] },
    'council-finance': { code: 'E10000027', sector: 'COUNCIL', scopes: ['staff', 'finance'] },
    'contact-centre': { code: 'E10000027', sector: 'COUNCIL', scopes: ['staff', 'contacts', 'contacts:sensitive', 'contacts:write', 'sharing'] },
    'police-analyst': { code: 'E23000036', sector: 'POLICE', scopes: ['staff', 'contacts', 'contacts:sensitive', 'contacts:write', 'sharing'] },
    'police-hr': { code: 'E23000036', sector: 'POLICE', scopes: ['staff', 'hr', 'hr:sensitive', 'hr:write'] },
    'procurement-officer': { code: 'SWONE', sector: 'SHARED_SERVICE', scopes: ['staff', 'procurement', 'finance', 'procurement:write'] },
    'approving-manager': { code: 'E10000027', sector: 'COUNCIL', scopes: ['staff', 'procurement', 'procurement:approve'] },
    'reporting-service': { code: 'SWONE', sector: 'SHARED_SERVICE', scopes: ['finance', 'procurement', 'contacts', 'reporting'] },
    auditor: { code: 'SWONE', sector: 'SHARED_SERVICE', scopes: ['staff', 'audit'] },
    'service-admin': { code: 'SWONE', sector: 'SHARED_SERVICE', scopes: ['staff', 'tenancy:admin'] },
    'data-administrator': { code: 'E07000190', sector: 'COUNCIL', scopes: ['staff', 'import'] },
    'service-manager': { code: 'E10000027', sector: 'COUNCIL', scopes: ['staff', 'finance', 'procurement', 'contacts'] },
    'council-ig-lead': { code: 'E10000027', sector: 'COUNCIL', scopes: ['staff', 'sharing:govern'] },
    'police-ig-lead': { code: 'E23000036', sector: 'POLICE', scopes: ['staff', 'sharing:govern'] },
  };

  it('are exactly the eight of the design brief, the approving manager, the service administrator, the data administrator, the service manager and the two information-governance leads, each with its own fixed UUID subject', () => {
    expect(PERSONA_NAMES).toEqual(Object.keys(expected));
    const subjects = PERSONA_NAMES.map((name) => PERSONAS[name].subject);
    expect(new Set(subjects).size).toBe(14);
    for (const subject of subjects) expect(subject).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each(PERSONA_NAMES)('%s: a token gives the viewer with its organisation, registry sector and scopes', async (name) => {
    const { code, sector, scopes } = expected[name];
    const viewer = await identity.viewerFor(bearer(await tokenFor(name, config)));
    expect(viewer).toEqual<Viewer>({
      kind: 'user',
      subject: PERSONAS[name].subject,
      organisation: { code, sector },
      scopes: new Set(scopes),
      // The demo members draw down every service.
      services: new Set(SERVICES),
      purpose: null,
    });
  });

  it('signs tokens that last 8 hours unless told otherwise', async () => {
    const [, payload] = (await tokenFor('auditor', config, { now: 1_800_000_000_000 })).split('.');
    const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as JWTPayload;
    expect(decoded).toEqual({
      iss: 'https://hub.example.gov.uk/demo-identity',
      aud: 'cross-sector-hub',
      sub: PERSONAS.auditor.subject,
      org: 'SWONE',
      scope: 'staff audit',
      iat: 1_800_000_000,
      exp: 1_800_000_000 + 8 * HOUR,
    });
  });
});

describe('anonymous', () => {
  it('is who sends no Authorization header', async () => {
    expect(await identity.viewerFor({})).toBe(ANONYMOUS);
    expect(await identity.viewerFor({ authorization: undefined, purpose: 'Case 42' })).toBe(ANONYMOUS);
  });

  it('still has its X-Purpose header checked', async () => {
    expect(await refusalOf({ purpose: 'x'.repeat(MAX_PURPOSE_LENGTH + 1) })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('refused tokens: UNAUTHENTICATED, HTTP 401', () => {
  it('gives the whole error shape, with a WWW-Authenticate challenge and no token in it', async () => {
    const expired = await tokenFor('police-analyst', config, { now: Date.now() - 9 * HOUR * 1000 });
    expect(await refusalOf(bearer(expired))).toMatchInlineSnapshot(`
      {
        "extensions": {
          "code": "UNAUTHENTICATED",
          "http": {
            "headers": Map {
              "www-authenticate" => "Bearer",
            },
            "status": 401,
          },
        },
        "message": "Token expired",
      }
    `);
  });

  const noneToken = () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`;
  };

  const cases: [string, () => Promise<string>, string][] = [
    ['expired', () => sign(claims({ iat: seconds() - 2 * HOUR, exp: seconds() - HOUR })), 'Token expired'],
    ['expired beyond the 5 s clock tolerance', () => sign(claims({ exp: seconds() - 10 })), 'Token expired'],
    ['alg: none, unsigned', async () => noneToken(), 'Token signature or algorithm not accepted'],
    [
      'signed with another secret',
      () => sign(claims(), { key: new TextEncoder().encode('another-secret-of-at-least-32-characters!') }),
      'Token signature or algorithm not accepted',
    ],
    ['HS512 with the right secret when only HS256 is pinned', () => sign(claims(), { alg: 'HS512' }), 'Token signature or algorithm not accepted'],
    [
      'a police organisation forged and signed with a wrong key',
      () =>
        sign(claims({ org: 'E23000036', scope: 'staff hr hr:sensitive sharing' }), {
          key: new TextEncoder().encode(`${DEMO_AUTH_SECRET}-forged`),
        }),
      'Token signature or algorithm not accepted',
    ],
    [
      'a demo token tampered to name the police',
      async () => {
        const [header, , signature] = (await tokenFor('council-hr', config)).split('.');
        const forged = { ...claims(), sub: PERSONAS['council-hr'].subject, org: 'E23000036' };
        return `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
      },
      'Token signature or algorithm not accepted',
    ],
    ['wrong issuer', () => sign(claims({ iss: 'https://evil.example.com' })), 'Token issuer not accepted'],
    ['no issuer', () => sign(claims({ iss: undefined })), 'Token is missing required claims'],
    ['wrong audience', () => sign(claims({ aud: 'another-api' })), 'Token audience not accepted'],
    ['no exp', () => sign(claims({ exp: undefined })), 'Token is missing required claims'],
    ['no iat', () => sign(claims({ iat: undefined })), 'Token is missing required claims'],
    ['no sub', () => sign(claims({ sub: undefined })), 'Token is missing required claims'],
    ['no org', () => sign(claims({ org: undefined })), 'Token is missing required claims'],
    ['not yet valid', () => sign(claims({ nbf: seconds() + HOUR })), 'Token is not yet valid'],
    ['an empty subject', () => sign(claims({ sub: ' ' })), 'Token subject not accepted'],
    ['a subject over 100 characters', () => sign(claims({ sub: 's'.repeat(101) })), 'Token subject not accepted'],
    ['an unknown organisation', () => sign(claims({ org: 'E99999999' })), 'Unknown organisation'],
    [
      'a registered organisation that is not a member yet (Sedgemoor)',
      () => sign(claims({ org: 'E07000188' })),
      'Your organisation has not joined the hub yet',
    ],
    ['an organisation that is not a string', () => sign(claims({ org: ['E23000036'] })), 'Unknown organisation'],
    ['a sector claimed in the token for an unknown organisation', () => sign(claims({ org: 'E99999999', sector: 'POLICE' })), 'Unknown organisation'],
    ['scopes as a list rather than a space-separated string', () => sign(claims({ scope: ['staff'] })), 'Token scope not accepted'],
    ['not a JWT', async () => 'abc', 'Malformed token'],
    [
      'a signed JWT whose claims are not JSON',
      () => new CompactSign(new TextEncoder().encode('not-json')).setProtectedHeader({ alg: 'HS256' }).sign(demoSecret),
      'Malformed token',
    ],
  ];

  it.each(cases)('%s', async (_case, token, message) => {
    expect(await refusalOf(bearer(await token()))).toEqual(unauthenticated(message));
  });

  it.each([
    ['another scheme', 'Basic abc'],
    ['the scheme alone', 'Bearer'],
    ['two credentials', 'Bearer a b'],
    ['an empty header', ''],
    ['a token without a scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
    ['a token with a comma', 'Bearer a,b'],
  ])('malformed header: %s', async (_case, authorization) => {
    expect(await refusalOf({ authorization })).toEqual(unauthenticated('Malformed Authorization header: expected Bearer <token>'));
  });

  it('accepts the scheme in any case ("bearer"), as HTTP auth schemes are case-insensitive', async () => {
    const token = await tokenFor('police-hr', config);
    expect(await identity.viewerFor({ authorization: `bearer ${token}` })).toMatchObject({ kind: 'user', subject: PERSONAS['police-hr'].subject });
  });

  it('accepts a token that expired within the 5 s clock tolerance', async () => {
    const viewer = await identity.viewerFor(bearer(await sign(claims({ exp: seconds() - 2 }))));
    expect(viewer).toMatchObject({ kind: 'user', organisation: { code: 'E23000036', sector: 'POLICE' } });
  });

  it('takes a token it verified before on its exact bytes, until that token expires', async () => {
    const token = await sign(claims({ exp: seconds() + 60 }));
    expect(await identity.viewerFor(bearer(token))).toMatchObject({ kind: 'user' });
    // One character of the signature changed: not the token verified before, so checked and refused.
    const forged = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(await refusalOf(bearer(forged))).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 70_000);
      expect(await refusalOf(bearer(token))).toEqual(unauthenticated('Token expired'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes the sector from the registry, never from the token', async () => {
    const viewer = await identity.viewerFor(bearer(await sign(claims({ org: 'E10000027', sector: 'POLICE' }))));
    expect(viewer).toMatchObject({ organisation: { code: 'E10000027', sector: 'COUNCIL' } });
  });

  it('gives @apollo/server a 401 with the challenge and a body without the http extension', async () => {
    const server = new ApolloServer<{ viewer: Viewer }>({ typeDefs: 'type Query { me: String }', resolvers: { Query: { me: () => 'me' } } });
    await server.start();
    try {
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: { query: '{ me }' } },
        context: async () => ({ viewer: await identity.viewerFor({ authorization: 'Basic abc' }) }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      // Under vitest only, @apollo/server (loaded by Node: graphql's CommonJS build) and this
      // module (loaded by Vite: graphql's .mjs build) see two GraphQLError classes, so the server
      // re-wraps the error and prefixes its message. Under tsx or node there is one class and no prefix.
      expect(response.body.kind === 'complete' && JSON.parse(response.body.string)).toEqual({
        errors: [
          {
            message: expect.stringMatching(/^(Context creation failed: )?Malformed Authorization header: expected Bearer <token>$/),
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
    } finally {
      await server.stop();
    }
  });
});

describe('X-Purpose', () => {
  const withPurpose = async (purpose: string | undefined) => identity.viewerFor({ ...bearer(await tokenFor('police-analyst', config)), purpose });
  const purposeOf = async (purpose: string | undefined) => {
    const viewer = await withPurpose(purpose);
    return viewer.kind === 'user' ? viewer.purpose : 'anonymous';
  };

  it('is trimmed, and null when absent or blank', async () => {
    expect(await purposeOf('  Op BLUEBELL case 4471/2024  ')).toBe('Op BLUEBELL case 4471/2024');
    expect(await purposeOf(undefined)).toBeNull();
    expect(await purposeOf('   ')).toBeNull();
  });

  it(`is accepted at exactly ${MAX_PURPOSE_LENGTH} characters and refused (not cut) above`, async () => {
    expect(await purposeOf('p'.repeat(MAX_PURPOSE_LENGTH))).toBe('p'.repeat(MAX_PURPOSE_LENGTH));
    const refusal = await refusalOf({ ...bearer(await tokenFor('police-analyst', config)), purpose: 'p'.repeat(MAX_PURPOSE_LENGTH + 1) });
    expect(refusal).toMatchInlineSnapshot(`
      {
        "extensions": {
          "code": "BAD_USER_INPUT",
          "http": {
            "status": 400,
          },
        },
        "message": "X-Purpose must be at most 200 characters",
      }
    `);
  });

  it.each([
    ['a control character', 'case 1\u0007'],
    ['a line break inside', 'case 1\nforged audit line'],
    ['a right-to-left override', 'case \u202e1'],
    ['UTF-8 bytes for a C1 control (as Node reads them)', 'case \u00c2\u0085'],
  ])('is refused when it holds %s', async (_case, purpose) => {
    expect(await refusalOf({ ...bearer(await tokenFor('police-analyst', config)), purpose })).toEqual({
      message: 'X-Purpose must be printable text',
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  });

  it('reads UTF-8 sent in the header (Node hands header bytes over as Latin-1)', async () => {
    const sent = Buffer.from('Suspect’s address – case 12', 'utf8').toString('latin1');
    expect(await purposeOf(sent)).toBe('Suspect’s address – case 12');
    expect(await purposeOf('Caf\u00e9 incident')).toBe('Café incident');
  });

  it('counts characters, not bytes', async () => {
    const accented = 'é'.repeat(MAX_PURPOSE_LENGTH);
    expect(await purposeOf(Buffer.from(accented, 'utf8').toString('latin1'))).toBe(accented);
  });

  it('is checked after the token: a bad token is a 401 whatever the purpose', async () => {
    expect(await refusalOf({ authorization: 'Basic abc', purpose: 'p'.repeat(500) })).toEqual(
      unauthenticated('Malformed Authorization header: expected Bearer <token>'),
    );
    const sedgemoor = await sign(claims({ org: 'E07000188' }));
    expect(await refusalOf({ ...bearer(sedgemoor), purpose: 'p'.repeat(500) })).toEqual(unauthenticated('Your organisation has not joined the hub yet'));
  });
});

describe('npm run token', () => {
  const run = (...args: string[]) =>
    spawnSync('npm', ['run', '-s', 'token', '--', ...args], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'development' } });

  it('prints exactly one line, a token that verifies as the persona', async () => {
    const result = run('police-analyst');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const viewer = await identity.viewerFor(bearer(lines[0]!));
    expect(viewer).toMatchObject({ kind: 'user', subject: PERSONAS['police-analyst'].subject, organisation: { code: 'E23000036', sector: 'POLICE' } });
  });

  it('names the personas and exits 2 for an unknown one, or none', () => {
    for (const args of [['nobody'], []]) {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `Unknown persona "${args[0] ?? ''}". One of: council-hr, council-finance, contact-centre, police-analyst, police-hr, procurement-officer, approving-manager, reporting-service, auditor, service-admin, data-administrator, service-manager, council-ig-lead, police-ig-lead\n`,
      );
    }
  });
});

describe('configuration', () => {
  it('refuses the demo secret in production when no JWKS is set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: PRODUCTION_CURSOR_SECRET })).toThrowError(
      new ConfigError(
        'Invalid configuration: AUTH_SECRET: the demo secret cannot be used in production; set AUTH_JWKS_URL or AUTH_JWKS_FILE (or your own AUTH_SECRET)',
      ),
    );
    expect(
      loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: PRODUCTION_CURSOR_SECRET, AUTH_SECRET: 'a-real-secret-from-the-vault-0123456789' }).AUTH_ALGORITHMS,
    ).toEqual(['HS256']);
    expect(
      loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: PRODUCTION_CURSOR_SECRET, AUTH_JWKS_URL: 'https://idp.example.gov.uk/jwks.json' }).AUTH_ALGORITHMS,
    ).toEqual(['RS256', 'ES256']);
  });

  it.each([
    [{ AUTH_SECRET: 'too-short' }, 'AUTH_SECRET: must be at least 32 characters'],
    [{ AUTH_JWKS_URL: 'http://idp.example.gov.uk/jwks.json' }, 'AUTH_JWKS_URL: must be an https URL'],
    [{ AUTH_ALGORITHMS: 'HS256,none' }, 'AUTH_ALGORITHMS: none cannot be used with AUTH_SECRET; use some of HS256, HS384, HS512'],
    [{ AUTH_ALGORITHMS: 'RS256' }, 'AUTH_ALGORITHMS: RS256 cannot be used with AUTH_SECRET; use some of HS256, HS384, HS512'],
    [
      { AUTH_JWKS_FILE: 'keys.json', AUTH_ALGORITHMS: 'HS256' },
      'AUTH_ALGORITHMS: HS256 cannot be used with a JWKS (AUTH_JWKS_URL or AUTH_JWKS_FILE); use some of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519',
    ],
    [{ AUTH_JWKS_FILE: 'keys.json', AUTH_JWKS_URL: 'https://idp.example.gov.uk/jwks.json' }, 'AUTH_JWKS_FILE: set AUTH_JWKS_URL or AUTH_JWKS_FILE, not both'],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(new ConfigError(`Invalid configuration: ${message}`));
  });
});

describe('a JWKS file (production keys)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-jwks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const file = join(dir, 'jwks.json');
  writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'hub-1', alg: 'ES256', use: 'sig' }] }));
  const jwksConfig = loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: PRODUCTION_CURSOR_SECRET, AUTH_JWKS_FILE: file });
  const jwksIdentity = createIdentity(jwksConfig);

  it('verifies ES256 tokens signed with its key', async () => {
    const viewer = await jwksIdentity.viewerFor(bearer(await sign(claims(), { alg: 'ES256', key: privateKey, kid: 'hub-1' })));
    expect(viewer).toMatchObject({ kind: 'user', organisation: { code: 'E23000036', sector: 'POLICE' } });
  });

  it('refuses HS256 tokens, even signed with the demo secret, and ES256 from another key', async () => {
    expect(await refusalOf(bearer(await tokenFor('police-analyst', config)), jwksIdentity)).toEqual(
      unauthenticated('Token signature or algorithm not accepted'),
    );
    const other = await generateKeyPair('ES256');
    expect(await refusalOf(bearer(await sign(claims(), { alg: 'ES256', key: other.privateKey, kid: 'hub-1' })), jwksIdentity)).toEqual(
      unauthenticated('Token signature or algorithm not accepted'),
    );
  });

  it('is not something npm run token can sign for', async () => {
    await expect(tokenFor('auditor', jwksConfig)).rejects.toThrowError('npm run token only signs with AUTH_SECRET (the demo identity)');
  });

  it('refuses to start on a file holding a private key or no file at all', async () => {
    const leaky = join(dir, 'private.json');
    writeFileSync(leaky, JSON.stringify({ keys: [await exportJWK(privateKey)] }));
    expect(() => createIdentity(loadConfig({ AUTH_JWKS_FILE: leaky }))).toThrowError(
      new ConfigError('Invalid configuration: AUTH_JWKS_FILE: holds private or symmetric keys; publish only public keys'),
    );
    expect(() => createIdentity(loadConfig({ AUTH_JWKS_FILE: join(dir, 'missing.json') }))).toThrowError(ConfigError);
  });
});

describe('a JWKS URL (production keys)', () => {
  it("answers 503, not 401, when the identity provider's keys cannot be fetched", async () => {
    const unreachable = createIdentity(loadConfig({ AUTH_JWKS_URL: 'https://127.0.0.1:9/jwks.json' }));
    const { privateKey } = await generateKeyPair('ES256');
    expect(await refusalOf(bearer(await sign(claims(), { alg: 'ES256', key: privateKey })), unreachable)).toEqual({
      message: 'Identity provider keys are unavailable',
      extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 503 } },
    });
  });
});
