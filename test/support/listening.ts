// Where a spawned hub process listens. Tests start them on port 0 (the system picks a free
// one, so no fixed port can clash with another run or another engineer's hub) and read the
// address from the process's JSON log line ("gateway listening", "subgraph listening").
import type { ChildProcess } from 'node:child_process';
import { until } from './until.js';

/** The `url` of the first JSON log line with this message, if one has been written yet. */
function loggedUrl(output: string, message: string): string | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes(message)) continue;
    try {
      const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
      if (entry.msg === message && typeof entry.url === 'string') return entry.url;
    } catch {
      // A line cut off mid-write: the next poll reads it whole.
    }
  }
  return undefined;
}

/**
 * Waits for the child to log `message` (at LOG_LEVEL info or below) and returns the URL it
 * logged; fails at once if the child exits first, and after `deadlineMs` if it never does.
 */
export async function listeningUrl(child: ChildProcess, output: () => string, message: string, deadlineMs = 60_000): Promise<string> {
  let url: string | undefined;
  await until(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the process exited before "${message}":\n${output()}`);
      url = loggedUrl(output(), message);
      return url !== undefined;
    },
    { deadlineMs, everyMs: 50, what: `"${message}"` },
  );
  return url!;
}
