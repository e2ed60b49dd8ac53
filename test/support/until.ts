// Polling with a deadline of its own: a condition that never comes true fails the test with
// what it waited for, instead of hanging until the test runner's timeout.
export async function until(condition: () => Promise<boolean> | boolean, options: { deadlineMs: number; what: string; everyMs?: number }): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await condition()) return performance.now() - started;
    if (performance.now() - started > options.deadlineMs) throw new Error(`gave up waiting for ${options.what} after ${options.deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
}
