// The walkthroughs of docs/walkthroughs/ are run, not just read: every shell block of each
// page runs with bash against a hub on this worker's database, with HUB set to its
// GraphQL URL and `npm run -s token -- <persona>` signing with the hub's own identity
// settings. A block that fails, or prints other than the expected output written after
// it, fails the test, so a stale example breaks CI instead of a newcomer's afternoon.
// The walkthroughs write with keys and names of their own per run, so a rerun on the
// same database passes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../gateway/hub.js';
import { testConfig, testDatabase } from './support/hub.js';
import { resetToCandidate } from './support/registry.js';
import { expectedLinePattern, outputMismatch, runWalkthrough, walkthroughSteps } from './support/walkthroughs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'docs/walkthroughs');
const PAGES = readdirSync(DIR)
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .sort();

// A hub of its own on the worker's database, configured as `npm start` is where it
// matters to a reader: the reporting account may run persisted operations only (the
// worker's shared test hub lets every persona send free-form text).
let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub(testConfig({ PERSISTED_ONLY_CLIENTS: 'scope:reporting' }), { database: await testDatabase() });
});
afterAll(() => hub?.stop());

// The new member's page onboards Sedgemoor: it starts, and the other pages and files find it, a
// candidate with no data, as on fresh demo data.
const SEDGEMOOR = 'E07000188';
const FRESH_DEMO_DATA: Record<string, () => Promise<void>> = {
  'new-member.md': async () => resetToCandidate(await testDatabase(), SEDGEMOOR),
};

/** What a reader's shell has, plus where the hub is and how it signs tokens. */
function walkthroughEnv(): NodeJS.ProcessEnv {
  const config = testConfig();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Whatever the outer environment says, tokens are signed as the hub under test verifies them.
  for (const name of Object.keys(env)) if (name.startsWith('AUTH_')) delete env[name];
  return {
    ...env,
    HUB: hub.url,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_SECRET: config.AUTH_SECRET,
    AUTH_ISSUER: config.AUTH_ISSUER,
    AUTH_AUDIENCE: config.AUTH_AUDIENCE,
  };
}

describe('the expected-output convention', () => {
  it('matches placeholders by shape and everything else literally', () => {
    const line = expectedLinePattern('case <uuid> SCC-<int>-… opened <date> at <time>, £<amount>');
    expect(line.test('case 0aca6e90-5b9d-403f-9a12-621794f23a3a SCC-2026-000124 opened 2026-12-01 at 2026-12-01T09:30:00.000Z, £12.50')).toBe(true);
    expect(line.test('case 0aca6e90-5b9d-403f-9a12-621794f23a3a SCC-2026-000124 opened 2026-12-01 at 2026-12-01T09:30:00.000Z, £12.5')).toBe(false);
    expect(expectedLinePattern('a.b (c)').test('aXb (c)')).toBe(false);
  });

  it('fails on a missing, extra or different line', () => {
    expect(outputMismatch('one\ntwo\n', ['one', 'two'])).toBeNull();
    expect(outputMismatch('one\n', ['one', 'two'])).toMatch(/line 2 is missing/);
    expect(outputMismatch('one\ntwo\nthree', ['one', 'two'])).toMatch(/line 3 was not expected/);
    expect(outputMismatch('one\n2', ['one', '<int>'])).toBeNull();
    expect(outputMismatch('one\ntwo', ['one', '<int>'])).toMatch(/line 2 differs/);
  });

  it('reads each ```text block as the output of the ```sh block before it', () => {
    const steps = walkthroughSteps(['```sh', 'echo a', '```', '', '```text', 'a', '```', 'prose', '```sh', 'true', '```'].join('\n'));
    expect(steps).toEqual([
      { line: 1, code: 'echo a', expected: ['a'] },
      { line: 9, code: 'true', expected: null },
    ]);
    expect(() => walkthroughSteps(['```sh', 'true', '```', 'prose', '```text', 'a', '```'].join('\n'))).toThrow(/must follow/);
  });
});

describe('docs/walkthroughs', () => {
  it('has walkthroughs, each with commands and expected output', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(6);
    for (const page of PAGES) {
      const steps = walkthroughSteps(readFileSync(join(DIR, page), 'utf8'));
      expect(steps.length, page).toBeGreaterThan(0);
      expect(
        steps.some((step) => step.expected !== null),
        page,
      ).toBe(true);
    }
  });

  it.each(PAGES)(
    '%s runs as written',
    async (page) => {
      const steps = walkthroughSteps(readFileSync(join(DIR, page), 'utf8'));
      await FRESH_DEMO_DATA[page]?.();
      const run = await runWalkthrough(steps, { cwd: ROOT, env: walkthroughEnv(), timeoutMs: 60_000 }).finally(() => FRESH_DEMO_DATA[page]?.());
      const problems = run.steps
        .filter((result) => result.problem !== null)
        .map((result) => `docs/walkthroughs/${page}:${result.step.line}: ${result.problem}\n--- output ---\n${result.output}`);
      if (problems.length > 0) problems.push(`--- stderr ---\n${run.stderr}`);
      expect(problems.join('\n')).toBe('');
      expect(run.status).toBe(0);
    },
    90_000,
  );
});
