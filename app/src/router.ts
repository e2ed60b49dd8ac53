// Routes in the URL's fragment (#/cases/…), so every screen has a link and the gateway
// serves one page at /app/ whatever the screen.
import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current route: "/cases/abc" for "#/cases/abc", "/" when there is none. */
export function useRoute(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash.replace(/^#/, '') || '/');
}

export function navigate(route: string): void {
  window.location.hash = route;
}

export const href = (route: string) => `#${route}`;
