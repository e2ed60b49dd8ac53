// A file as an import reads it: streamed in chunks, hashed on the way (SHA-256, for the
// audit record), with its progress in bytes; refused up front when it is empty or is
// plainly not text.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { ImportStopped } from './report.js';

export interface Source {
  path: string;
  size: number;
  /** Bytes read so far. */
  bytesRead: number;
  /** The file's chunks, in order; the first is checked before it is handed on. */
  chunks(): AsyncGenerator<Buffer>;
  /** The SHA-256 of everything read, once the chunks are exhausted. */
  sha256(): string;
  /** The first non-blank character of the file (after a byte-order mark). */
  firstCharacter: string | null;
}

const CHUNK_BYTES = 1 << 20;

export function openSource(path: string): Source {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new ImportStopped(path, null, 'cannot read the file (no such file, or not a file)');
  }
  const hash = createHash('sha256');
  let digest: string | null = null;
  const source: Source = {
    path,
    size,
    bytesRead: 0,
    firstCharacter: null,
    async *chunks() {
      let first = true;
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        source.bytesRead += chunk.length;
        if (first) {
          first = false;
          if (chunk.includes(0)) throw new ImportStopped(path, 1, 'not a text file (it holds NUL bytes): expected UTF-8 text');
          source.firstCharacter = /[^\s\ufeff]/.exec(chunk.subarray(0, 4096).toString('utf8'))?.[0] ?? null;
        }
        yield chunk;
      }
      digest = hash.digest('hex');
      if (first || source.firstCharacter === null) throw new ImportStopped(path, null, 'the file is empty');
    },
    sha256() {
      if (digest === null) throw new Error('the file has not been read to its end');
      return digest;
    },
  };
  return source;
}
