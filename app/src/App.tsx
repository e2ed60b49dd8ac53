// The app's frame (GOV.UK header, navigation, main, footer) and its screens by route.
import { useApolloClient } from '@apollo/client/react';
import { type ReactNode, useEffect, useRef } from 'react';
import { CaseView } from './pages/CaseView.js';
import { Cases } from './pages/Cases.js';
import { OpenCase } from './pages/OpenCase.js';
import { Directory, PersonalDetails, PersonProfile } from './pages/People.js';
import { Police } from './pages/Police.js';
import { homeRoute, SignIn } from './pages/SignIn.js';
import { href, useRoute } from './router.js';
import { hasScope, type Session, signOut, useAppState, worksPoliceContacts } from './session.js';

const SERVICE_NAME = 'Cross-sector data hub';

interface Screen {
  title: string;
  body: ReactNode;
}

function screenFor(route: string, session: Session | null): Screen {
  if (!session) return { title: 'Sign in', body: <SignIn /> };
  const parts = route.split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (first === 'cases' && second === 'new') return { title: 'Open a case', body: <OpenCase /> };
  if (first === 'cases' && second) return { title: 'Case', body: <CaseView key={second} id={second} session={session} backTo="/cases" /> };
  if (first === 'cases') return { title: 'Contact cases', body: <Cases session={session} /> };
  if (first === 'police' && second === 'cases' && third) {
    return { title: 'Police case', body: <CaseView key={third} id={third} session={session} backTo="/police" /> };
  }
  if (first === 'police') return { title: 'Police contacts', body: <Police session={session} /> };
  if (first === 'people' && second && third === 'personal') return { title: 'Personal details', body: <PersonalDetails key={second} id={second} /> };
  if (first === 'people' && second) return { title: 'Profile', body: <PersonProfile key={second} id={second} /> };
  if (first === 'people') return { title: 'Staff directory', body: <Directory session={session} /> };
  const home = homeRoute(session);
  return screenFor(home, session);
}

function Navigation({ session, route }: { session: Session; route: string }) {
  const police = worksPoliceContacts(session);
  const links = [
    ...(hasScope(session, 'contacts') && !police ? [{ route: '/cases', label: 'Contact cases' }] : []),
    ...(police ? [{ route: '/police', label: 'Police contacts' }] : []),
    ...(hasScope(session, 'staff') ? [{ route: '/people', label: 'Staff directory' }] : []),
  ];
  return (
    <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
      <ul className="govuk-service-navigation__list" id="navigation">
        {links.map((link) => {
          const active = route.startsWith(link.route);
          return (
            <li key={link.route} className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}>
              <a className="govuk-service-navigation__link" href={href(link.route)} aria-current={active ? 'page' : undefined}>
                {active ? <strong className="govuk-service-navigation__active-fallback">{link.label}</strong> : link.label}
              </a>
            </li>
          );
        })}
        <li className="govuk-service-navigation__item">
          <a
            className="govuk-service-navigation__link"
            href={href('/')}
            onClick={(event) => {
              event.preventDefault();
              signOut();
            }}
          >
            Sign out
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function App() {
  const route = useRoute();
  const { session } = useAppState();
  const client = useApolloClient();
  const screen = screenFor(route, session);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${screen.title} – ${SERVICE_NAME}`;
  }, [screen.title]);
  // A new screen moves focus to its content, as a page load would put a screen reader at the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on a change of route or of who is signed in
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [route, session?.subject]);
  // The next user must never see the last one's cached data: the cache goes at sign-out
  // (from the menu, or on a refused token), when no screen is reading it.
  useEffect(() => {
    if (!session) void client.clearStore();
  }, [session, client]);

  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: the design system's skip link is a link; routes use the fragment, so it moves focus itself */}
      <a
        href="#main-content"
        className="govuk-skip-link"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="govuk-header" data-module="govuk-header">
        <div className="govuk-header__container govuk-width-container">
          <div className="govuk-header__logo">
            <a href={href('/')} className="govuk-header__homepage-link">
              <span className="govuk-header__product-name">{SERVICE_NAME}</span>
            </a>
          </div>
        </div>
      </header>
      <section aria-label="Service information" className="govuk-service-navigation">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">{session ? `${session.displayName}` : 'Not signed in'}</span>
            {session && <Navigation session={session} route={route} />}
          </div>
        </div>
      </section>
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" ref={main} tabIndex={-1}>
          {screen.body}
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            A sample app of the cross-sector data hub: every screen shows only what the signed-in user may read.
          </p>
        </div>
      </footer>
    </>
  );
}
