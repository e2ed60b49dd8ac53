// OCDS 1.1 release packages, streamed with stream-json: each release of `releases` is
// assembled on its own, with the line its object starts on, so a package of any size is
// read in bounded memory. The text is fed to the parser line by line (long lines in pieces)
// so that every token, and every parse error, is known to be on the current line.
import { getManyValues, isMany, none } from 'stream-chain';
import { parser } from 'stream-json';
import Assembler from 'stream-json/assembler.js';
import { ImportStopped } from './report.js';
import type { Source } from './source.js';

export interface ReleaseAt {
  /** The release's place in the package's `releases`, from 0. */
  index: number;
  line: number;
  release: unknown;
}

/** What the OCDS 1.1 release package schema requires besides `releases`. */
const PACKAGE_REQUIRED = ['uri', 'publishedDate', 'publisher', 'version'] as const;
/** What the OCDS 1.1 release schema requires of every release. */
export const RELEASE_REQUIRED = ['ocid', 'id', 'date', 'tag', 'initiationType'] as const;

type Token = { name: string; value?: unknown };

export async function* ocdsReleases(source: Source): AsyncGenerator<ReleaseAt> {
  const tokens = parser({ streamValues: false });
  const decoder = new TextDecoder('utf-8');
  let line = 1;
  let depth = 0;
  let key: string | null = null;
  let inReleases = false;
  let sawReleases = false;
  let index = 0;
  let release: { assembler: Assembler; line: number } | null = null;
  let metadata: { key: string; assembler: Assembler } | null = null;
  let skipping = 0;
  const found: Record<string, unknown> = {};
  const stop = (problem: string, at: number | null = line) => new ImportStopped(source.path, at, problem);

  // Returns a release when one is complete.
  const take = (token: Token): ReleaseAt | null => {
    if (release) {
      release.assembler.consume(token as never);
      if (!release.assembler.done) return null;
      const done = { index: index++, line: release.line, release: release.assembler.current };
      release = null;
      return done;
    }
    if (metadata) {
      metadata.assembler.consume(token as never);
      if (metadata.assembler.done) {
        found[metadata.key] = metadata.assembler.current;
        metadata = null;
      }
      return null;
    }
    if (skipping > 0) {
      if (token.name === 'startObject' || token.name === 'startArray') skipping += 1;
      if (token.name === 'endObject' || token.name === 'endArray') skipping -= 1;
      return null;
    }
    if (depth === 0) {
      if (token.name !== 'startObject') throw stop('not an OCDS release package: expected a JSON object with "releases"');
      depth = 1;
      return null;
    }
    if (inReleases) {
      if (token.name === 'endArray') {
        inReleases = false;
        return null;
      }
      if (token.name !== 'startObject') throw stop(`release ${index + 1} is not a JSON object`);
      release = { assembler: new Assembler(), line };
      release.assembler.consume(token as never);
      return null;
    }
    if (token.name === 'keyValue') {
      key = String(token.value);
      return null;
    }
    if (token.name === 'endObject') {
      depth = 0;
      return null;
    }
    // A value at the top level, under `key`.
    if (key === 'releases') {
      if (token.name !== 'startArray') throw stop('"releases" is not an array');
      inReleases = true;
      sawReleases = true;
    } else if ((PACKAGE_REQUIRED as readonly string[]).includes(key ?? '')) {
      const assembler = new Assembler();
      assembler.consume(token as never);
      if (assembler.done) found[key!] = assembler.current;
      else metadata = { key: key!, assembler };
    } else if (token.name === 'startObject' || token.name === 'startArray') {
      skipping = 1;
    }
    return null;
  };

  async function* feed(text: string | typeof none): AsyncGenerator<ReleaseAt> {
    try {
      for await (const token of tokensOf(tokens(text as never))) {
        const done = take(token);
        if (done) yield done;
      }
    } catch (error) {
      if (error instanceof ImportStopped) throw error;
      const message = error instanceof Error ? error.message.replace(/^Parser cannot parse input: /, '') : String(error);
      throw stop(`not valid JSON (${message})`);
    }
  }

  let first = true;
  for await (const chunk of source.chunks()) {
    const text = decoder.decode(chunk, { stream: true });
    if (first) {
      first = false;
      if (source.firstCharacter !== '{' && source.firstCharacter !== '[') throw stop('not JSON: is it a CSV file?', 1);
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield* feed(text.slice(start, end + 1));
      line += 1;
      start = end + 1;
    }
    if (start < text.length) yield* feed(text.slice(start));
  }
  yield* feed(decoder.decode());
  yield* feed(none);
  if (depth !== 0 || inReleases || release) throw stop('the JSON ends before the package does');
  if (!sawReleases) throw stop('not an OCDS release package: it has no "releases"', null);
  const missing = PACKAGE_REQUIRED.filter((field) => found[field] === undefined || found[field] === null || found[field] === '');
  if (missing.length > 0) throw stop(`the release package lacks what the OCDS schema requires: ${missing.join(', ')}`, null);
}

/** The parser's output for one piece of text: a generator of tokens, several at once, or none. */
async function* tokensOf(output: unknown): AsyncGenerator<Token> {
  if (output !== null && typeof output === 'object' && Symbol.asyncIterator in output) yield* output as AsyncIterable<Token>;
  else if (isMany(output)) yield* getManyValues(output) as Token[];
  else if (output !== none && output !== null && typeof output === 'object') yield output as Token;
}

/** The fields the OCDS release schema requires that a release lacks. */
export function missingReleaseFields(release: Record<string, unknown>): string[] {
  return RELEASE_REQUIRED.filter((field) => {
    const value = release[field];
    if (field === 'tag') return !Array.isArray(value) || value.length === 0;
    return typeof value !== 'string' || value.trim() === '';
  });
}
