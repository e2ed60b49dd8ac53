// Who is signed in: the bearer token the app sends to /graphql, and the stated purpose it
// sends as X-Purpose for police data. Kept in sessionStorage (gone when the tab closes).
//
// Where a real identity provider plugs in: the demo sign-in (pages/SignIn.tsx) asks the
// hub's demo identity for a persona's token; a deployment on its own identity provider
// gets an access token from it instead (an OpenID Connect client's authorization-code
// flow with PKCE) and calls signIn(token) with it. The hub verifies it against the JWKS
// it is configured with (AUTH_JWKS_URL); nothing else in the app changes.
import { useSyncExternalStore } from 'react';

export interface Session {
  token: string;
  subject: string;
  /** The token's `org` claim: the organisation whose data the app starts from. */
  organisation: string;
  scopes: string[];
  /** Seconds since the epoch when the token stops being accepted. */
  expiresAt: number;
  displayName: string;
  persona?: string | undefined;
}

interface State {
  session: Session | null;
  /** Why the user was signed out, shown on the sign-in page. */
  signedOutBecause: string | null;
  /** The purpose stated for police data in this session, sent as X-Purpose. */
  purpose: string | null;
}

const KEY = 'hub.session';
const listeners = new Set<() => void>();
let state: State = load();

function load(): State {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<State> | null;
    return { session: stored?.session ?? null, signedOutBecause: stored?.signedOutBecause ?? null, purpose: stored?.purpose ?? null };
  } catch {
    return { session: null, signedOutBecause: null, purpose: null };
  }
}

function update(next: Partial<State>): void {
  state = { ...state, ...next };
  sessionStorage.setItem(KEY, JSON.stringify(state));
  for (const listener of listeners) listener();
}

/** The claims of a JWT, read but not verified: the hub verifies every request. */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('This is not a JSON Web Token');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Signs in with a bearer token, from the demo identity or from an identity provider. */
export function signIn(token: string, details: { displayName?: string; persona?: string } = {}): Session {
  const claims = claimsOf(token);
  const session: Session = {
    token,
    subject: String(claims.sub ?? ''),
    organisation: String(claims.org ?? ''),
    scopes: String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean),
    expiresAt: Number(claims.exp ?? 0),
    displayName: details.displayName ?? String(claims.name ?? claims.sub ?? 'Signed in'),
    persona: details.persona,
  };
  update({ session, signedOutBecause: null, purpose: null });
  return session;
}

export function signOut(because: string | null = null): void {
  update({ session: null, signedOutBecause: because, purpose: null });
}

export function statePurpose(purpose: string | null): void {
  update({ purpose });
}

export function currentToken(): string | null {
  return state.session?.token ?? null;
}

export function currentPurpose(): string | null {
  return state.purpose;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAppState(): State {
  return useSyncExternalStore(subscribe, () => state);
}

/**
 * Whether the signed-in user works with a police force's contacts: contacts staff of a police
 * force area (ONS codes E23...). The force's analysts start on the police screen.
 */
export function worksPoliceContacts(session: Session): boolean {
  return /^E23\d{6}$/.test(session.organisation) && session.scopes.includes('contacts');
}

export function hasScope(session: Session | null, scope: string): boolean {
  return session?.scopes.includes(scope) ?? false;
}
