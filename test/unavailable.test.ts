// Telling an unreachable database apart from every other failure, and the wait between
// reconnection attempts: unit tests, no database.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm';
import { DatabaseUnavailableError, isDatabaseUnavailable, Reconnection } from '../platform/unavailable.js';

const pgError = (code: string, message = 'server said no') => Object.assign(new Error(message), { code });

describe('an unreachable database', () => {
  it('is told by PostgreSQL codes, socket errors and node-postgres messages, through Drizzle’s wrapping', () => {
    const unreachable = [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006', 'connection failure'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      pgError('ECONNRESET', 'read ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new DatabaseUnavailableError('The database is unavailable'),
      new DrizzleQueryError('select 1', [], pgError('57P01')),
    ];
    for (const error of unreachable) expect(isDatabaseUnavailable(error), error.message).toBe(true);
  });

  it('is not any other failure: a constraint, a syntax error, a row-level security refusal, a thrown string', () => {
    const others = [
      pgError('23505', 'duplicate key'),
      pgError('42601', 'syntax error'),
      pgError('42501', 'new row violates row-level security policy'),
      new Error('boom'),
    ];
    for (const error of others) expect(isDatabaseUnavailable(error), error.message).toBe(false);
    expect(isDatabaseUnavailable(new DrizzleQueryError('insert', [], pgError('23505')))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });
});

describe('the wait between reconnection attempts', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses at once during the wait, doubles it from 100 ms to at most 2 s, and ends it on success, saying so once each way', () => {
    vi.useFakeTimers({ now: 0 });
    const changes: boolean[] = [];
    const reconnection = new Reconnection((available) => changes.push(available));
    reconnection.check();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      reconnection.failed('refused');
      const from = Date.now();
      // Bounded: a wait that never ends fails the assertion below instead of spinning forever.
      while (refuses(reconnection) && Date.now() - from < 60_000) vi.advanceTimersByTime(10);
      waits.push(Date.now() - from);
    }
    expect(waits).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
    reconnection.failed('refused');
    reconnection.succeeded();
    reconnection.check();
    reconnection.succeeded();
    expect(changes).toEqual([false, true]);
  });
});

function refuses(reconnection: Reconnection): boolean {
  try {
    reconnection.check();
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    return true;
  }
}
