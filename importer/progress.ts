// Progress of a long import on stderr: a bar redrawn in place on a terminal, a plain line
// every few seconds otherwise (a CI log, a file), never mixed into stdout's report.
import type { ImportProgress } from './index.js';

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  done(): void;
}

const WIDTH = 30;
const PLAIN_EVERY_MS = 5_000;

export function progressReporter(stream: NodeJS.WriteStream, now: () => number = Date.now): ProgressReporter {
  const started = now();
  let lastPlain = started;
  let drawn = false;
  const describe = ({ rows, bytesRead, size }: ImportProgress) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const share = size > 0 ? Math.min(bytesRead / size, 1) : 1;
    return { share, text: `${rows.toLocaleString('en-GB')} rows, ${Math.round(share * 100)}%, ${Math.round(rows / seconds).toLocaleString('en-GB')} rows/s` };
  };
  return {
    update(progress) {
      const { share, text } = describe(progress);
      if (stream.isTTY) {
        const filled = Math.round(share * WIDTH);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${text}\u001b[K`);
        drawn = true;
      } else if (now() - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = now();
        stream.write(`import: ${text}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
