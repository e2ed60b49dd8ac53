// The demo sign-in: pick a persona, get its token from the hub's demo identity. A real
// deployment replaces this page with its identity provider's sign-in (session.ts says where).
import { type FormEvent, useEffect, useState } from 'react';
import { ErrorSummary, NotificationBanner } from '../components.js';
import { navigate } from '../router.js';
import { type Session, signIn, useAppState, worksPoliceContacts } from '../session.js';

interface Persona {
  name: string;
  displayName: string;
  organisation: { code: string; name: string };
  scopes: string[];
  description: string;
}

/** The screen each kind of user starts on. */
export function homeRoute(session: Session): string {
  if (worksPoliceContacts(session)) return '/police';
  if (session.scopes.includes('contacts:write')) return '/cases';
  if (session.scopes.includes('staff')) return '/people';
  return '/cases';
}

export function SignIn() {
  const { signedOutBecause } = useAppState();
  const [personas, setPersonas] = useState<Persona[] | 'none' | null>(null);
  const [chosen, setChosen] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<{ message: string; target: string } | null>(null);

  useEffect(() => {
    fetch('/demo-identity/personas')
      .then(async (response) => setPersonas(response.ok ? ((await response.json()) as { personas: Persona[] }).personas : 'none'))
      .catch(() => setPersonas('none'));
  }, []);

  async function signInAsPersona(event: FormEvent) {
    event.preventDefault();
    const persona = Array.isArray(personas) ? personas.find((p) => p.name === chosen) : undefined;
    if (!persona) {
      setError({ message: 'Select who you are signing in as', target: 'persona' });
      return;
    }
    try {
      const response = await fetch('/demo-identity/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ persona: persona.name }),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const { token: issued } = (await response.json()) as { token: string };
      navigate(homeRoute(signIn(issued, { displayName: persona.displayName, persona: persona.name })));
    } catch {
      setError({ message: 'The hub could not be reached to sign you in. Check your connection, then try again.', target: 'persona' });
    }
  }

  function signInWithToken(event: FormEvent) {
    event.preventDefault();
    try {
      navigate(homeRoute(signIn(token.trim())));
    } catch {
      setError({ message: 'Enter a token: three parts separated by dots, as an identity provider issues it', target: 'token' });
    }
  }

  return (
    <>
      {error && <ErrorSummary items={[error]} />}
      {signedOutBecause && (
        <NotificationBanner title="Signed out">
          <p className="govuk-notification-banner__heading">{signedOutBecause}</p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Sign in</h1>
      {personas === null && <p className="govuk-body">Loading…</p>}
      {personas === 'none' && <p className="govuk-body">This hub signs people in through its organisation’s identity provider, not the demo identity.</p>}
      {Array.isArray(personas) && (
        <form onSubmit={signInAsPersona} noValidate>
          <div className={`govuk-form-group${error?.target === 'persona' ? ' govuk-form-group--error' : ''}`}>
            <fieldset className="govuk-fieldset" aria-describedby="persona-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                <h2 className="govuk-fieldset__heading">Who are you signing in as?</h2>
              </legend>
              <div id="persona-hint" className="govuk-hint">
                Demo users of the hub’s demo identity. Each sees only what their organisation and role allow.
              </div>
              {error?.target === 'persona' && (
                <p id="persona-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {error.message}
                </p>
              )}
              <div className="govuk-radios" data-module="govuk-radios">
                {personas.map((persona, i) => (
                  <div className="govuk-radios__item" key={persona.name}>
                    <input
                      className="govuk-radios__input"
                      id={i === 0 ? 'persona' : `persona-${persona.name}`}
                      name="persona"
                      type="radio"
                      value={persona.name}
                      checked={chosen === persona.name}
                      onChange={() => setChosen(persona.name)}
                      aria-describedby={`persona-${persona.name}-hint`}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? 'persona' : `persona-${persona.name}`}>
                      {persona.displayName}, {persona.organisation.name}
                    </label>
                    <div id={`persona-${persona.name}-hint`} className="govuk-hint govuk-radios__hint">
                      {persona.description}
                    </div>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Sign in
          </button>
        </form>
      )}
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Signing in with your organisation’s identity provider</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body">
            In a real deployment this page sends you to your identity provider, and the app uses the access token it returns (see{' '}
            <code>app/src/session.ts</code> and <code>docs/app.md</code>). The hub verifies that token against the provider’s keys. To try a token you already
            have, paste it here.
          </p>
          <form onSubmit={signInWithToken} noValidate>
            <div className={`govuk-form-group${error?.target === 'token' ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label" htmlFor="token">
                Access token
              </label>
              {error?.target === 'token' && (
                <p id="token-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {error.message}
                </p>
              )}
              <textarea className="govuk-textarea" id="token" rows={3} value={token} onChange={(event) => setToken(event.target.value)} spellCheck={false} />
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary">
              Sign in with this token
            </button>
          </form>
        </div>
      </details>
    </>
  );
}
