// Helpers for the authorisation attack tests: a request helper that checks every
// response for leaks, hand-made bad credentials, and small shape helpers.
import { SignJWT, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import { testConfig } from './hub.js';

export interface GraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface Answer<Data = Record<string, any>> {
  status: number;
  headers: Headers;
  /** The body exactly as sent, for leak checks. */
  text: string;
  body: { data?: Data | null; errors?: GraphQLError[] };
}

/** Anything `new Headers()` accepts. */
export type HeaderValues = ConstructorParameters<typeof Headers>[0];

/** What an error must never carry: a stack, an SQL fragment, a file path. */
const LEAKS_IN_ERRORS = [/stack/i, /select /i, / from /i, /at \//];
/** What no body may carry, data included (summaries may say "from", so SQL is checked in errors only). */
const LEAKS_ANYWHERE = [/stacktrace/i, /"exception"/i, /at \/[\w/.-]+:\d+/];

/**
 * POSTs one operation (or any JSON body) and checks the answer for leaks before returning it,
 * so that every request of the attack tests is also a test that nothing internal escapes.
 */
export async function ask<Data = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: HeaderValues = {},
): Promise<Answer<Data>> {
  return post<Data>(url, { query, variables }, headers);
}

export async function post<Data = Record<string, any>>(url: string, payload: unknown, headers: HeaderValues = {}): Promise<Answer<Data>> {
  const sent = new Headers(headers);
  sent.set('content-type', 'application/json');
  const response = await fetch(url, { method: 'POST', headers: sent, body: JSON.stringify(payload) });
  const text = await response.text();
  const body = JSON.parse(text) as Answer<Data>['body'];
  const errors = JSON.stringify(body.errors ?? []);
  for (const leak of LEAKS_IN_ERRORS) expect(errors, `errors match ${leak}`).not.toMatch(leak);
  for (const leak of LEAKS_ANYWHERE) expect(text, `body matches ${leak}`).not.toMatch(leak);
  return { status: response.status, headers: response.headers, text, body };
}

/** Errors without `locations` (a subgraph gives them, the gateway does not), in path order. */
export function comparable(errors: GraphQLError[] | undefined): GraphQLError[] {
  return (errors ?? []).map(({ locations: _locations, ...error }) => error).sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
}

function pathOf(error: GraphQLError): string {
  return (error.path ?? []).join('.');
}

/** A FORBIDDEN error as the gateway reports a refusal it made before planning. */
export const refusedAt = (path: (string | number)[], message: string): GraphQLError => ({ message, path, extensions: { code: 'FORBIDDEN' } });

/** A FORBIDDEN error as a subgraph reports a row refusal through the gateway. */
export const refusedBy = (serviceName: string, path: (string | number)[], message: string): GraphQLError => ({
  message,
  path,
  extensions: { code: 'FORBIDDEN', serviceName },
});

/** Pence as the graph's exact decimal amount: 3120100 -> "31201.00". */
export function pounds(pence: number | string): string {
  const value = BigInt(pence);
  const sign = value < 0n ? '-' : '';
  const absolute = value < 0n ? -value : value;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
}

/** What a pagination cursor says inside (cursors are base64url JSON). */
export function cursorText(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

const seconds = () => Math.floor(Date.now() / 1000);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Valid claims of a made-up Taunton Deane HR adviser, with some replaced. */
function claims(overrides: JWTPayload = {}): JWTPayload {
  const config = testConfig();
  return {
    iss: config.AUTH_ISSUER,
    aud: config.AUTH_AUDIENCE,
    sub: '00000000-0000-4000-8000-0000000attack',
    org: 'E07000190',
    scope: 'staff hr hr:sensitive',
    iat: seconds(),
    exp: seconds() + 600,
    ...overrides,
  };
}

function signed(payload: JWTPayload, options: { alg?: string; secret?: string } = {}): Promise<string> {
  const { alg = 'HS256', secret = testConfig().AUTH_SECRET } = options;
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

export interface BadCredential {
  name: string;
  /** Authorization header values; more than one means the header is sent several times. */
  authorization: string[];
  /** The refusal's message, as the README lists them. */
  message: string;
}

const SIGNATURE = 'Token signature or algorithm not accepted';
const MALFORMED_HEADER = 'Malformed Authorization header: expected Bearer <token>';

/** Every kind of credential the hub must refuse with a 401, each as a client would send it. */
export async function badCredentials(): Promise<BadCredential[]> {
  const valid = await signed(claims());
  const bearer = async (token: string | Promise<string>) => [`Bearer ${await token}`];
  const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`;
  const anotherSecret = 'another-secret-that-is-at-least-32-characters-long';
  return [
    { name: 'expired', authorization: await bearer(signed(claims({ iat: seconds() - 7200, exp: seconds() - 3600 }))), message: 'Token expired' },
    { name: 'alg none (unsigned)', authorization: await bearer(unsigned), message: SIGNATURE },
    { name: 'signed with another secret', authorization: await bearer(signed(claims(), { secret: anotherSecret })), message: SIGNATURE },
    { name: 'HS512, an algorithm not pinned', authorization: await bearer(signed(claims(), { alg: 'HS512' })), message: SIGNATURE },
    { name: 'wrong issuer', authorization: await bearer(signed(claims({ iss: 'https://attacker.example/identity' }))), message: 'Token issuer not accepted' },
    { name: 'wrong audience', authorization: await bearer(signed(claims({ aud: 'another-service' }))), message: 'Token audience not accepted' },
    { name: 'unknown organisation', authorization: await bearer(signed(claims({ org: 'E99999999' }))), message: 'Unknown organisation' },
    {
      name: 'candidate council, not a member',
      authorization: await bearer(signed(claims({ org: 'E07000188' }))),
      message: 'Your organisation has not joined the hub yet',
    },
    { name: 'not a JWT', authorization: ['Bearer not-a-jwt'], message: 'Malformed token' },
    { name: 'Basic scheme', authorization: ['Basic dXNlcjpwYXNzd29yZA=='], message: MALFORMED_HEADER },
    { name: 'Bearer without a token', authorization: ['Bearer'], message: MALFORMED_HEADER },
    { name: 'two tokens in one header', authorization: [`Bearer ${valid} ${valid}`], message: MALFORMED_HEADER },
    { name: 'the header sent twice', authorization: [`Bearer ${valid}`, `Bearer ${valid}`], message: MALFORMED_HEADER },
    { name: 'a token without a scheme', authorization: [valid], message: MALFORMED_HEADER },
  ];
}

/** Headers carrying a bad credential (repeated when it is sent more than once). */
export function headersWith(credential: BadCredential): Headers {
  const headers = new Headers();
  for (const value of credential.authorization) headers.append('authorization', value);
  return headers;
}
