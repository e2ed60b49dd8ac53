// How the harness compares answers: the same data, whatever the cursors. Cursors are
// sealed with a fresh nonce on every response, so they are left out of the comparison;
// so is a trailing newline (Apollo Server ends its bodies with one, Hive Gateway does not).
import { createHash } from 'node:crypto';

const CURSOR_VALUE = /"(cursor|endCursor)":"[^"]*"/g;
// autocannon decodes each network chunk of a body on its own, so a character split
// between chunks arrives as replacement characters: only ASCII is compared byte for byte.
const NOT_ASCII = /[^\p{ASCII}]/gu;

/** A response body with every cursor value blanked. */
export function withoutCursors(body: string): string {
  return body.trimEnd().replace(CURSOR_VALUE, '"$1":""');
}

export function answerHash(body: string): string {
  return createHash('sha1').update(withoutCursors(body).replace(NOT_ASCII, '')).digest('hex');
}
