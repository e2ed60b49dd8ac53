import { useState } from 'react';
import type { CursorPages } from './components.js';

/** Keeps the cursors of the pages already seen, so "Previous page" needs no OFFSET. */
export function useCursorPages(): CursorPages {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  return {
    after: stack[stack.length - 1] ?? null,
    next: (endCursor) => setStack((pages) => [...pages, endCursor]),
    previous: () => setStack((pages) => (pages.length > 1 ? pages.slice(0, -1) : pages)),
    hasPrevious: stack.length > 1,
    reset: () => setStack([null]),
  };
}
