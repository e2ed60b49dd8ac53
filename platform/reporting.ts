// What every reporting aggregate shares: a validated date range, a validated list
// of grouping dimensions, and a bound on the groups one answer may hold. The sums
// themselves are always computed by the database (GROUP BY), never in JavaScript.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { badUserInput } from './errors.js';

/** The longest range an aggregate accepts: three years, so one answer never scans without bound. */
export const MAX_RANGE_DAYS = 1096;

/** The most groups one aggregate returns; a wider one is refused, never cut. */
export const MAX_GROUPS = 10_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** JavaScript reads year 0000 as 1 BC; PostgreSQL, like the calendar, has no year zero and refuses it. */
const YEAR_ZERO = '0000-';
const DAY_MS = 24 * 60 * 60 * 1000;

/** An inclusive range of calendar days, both ends YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

function dayNumber(value: string, argument: string): number {
  const time = DATE.test(value) && !value.startsWith(YEAR_ZERO) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2025-02-30 over to March: a real date prints back the same.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw badUserInput(`"${argument}" must be a date (YYYY-MM-DD)`, argument);
  }
  return time / DAY_MS;
}

/** A date argument (YYYY-MM-DD) that must be a real calendar date. */
export function dateArgument(value: string, argument: string): string {
  dayNumber(value, argument);
  return value;
}

/** Validates `from` and `to`: real dates, `from` not after `to`, at most `maxDays` days (an aggregate's bound by default). */
export function dateRangeArguments(from: string, to: string, maxDays = MAX_RANGE_DAYS): DateRange {
  const start = dayNumber(from, 'from');
  const end = dayNumber(to, 'to');
  if (start > end) throw badUserInput('"from" must not be after "to"', 'from');
  if (end - start + 1 > maxDays) throw badUserInput(`The range from "from" to "to" must be at most ${maxDays} days`, 'to');
  return { from, to };
}

/** Rows whose date column falls in the range (inclusive). */
export function dateWithin(column: PgColumn, range: DateRange): SQL {
  return sql`${column} between ${range.from}::date and ${range.to}::date`;
}

/** Rows whose timestamp column falls on one of the range's days (inclusive, in UTC). */
export function timestampWithin(column: PgColumn, range: DateRange): SQL {
  return sql`${column} >= ${range.from}::timestamptz and ${column} < (${range.to}::date + 1)::timestamptz`;
}

/** The calendar month (YYYY-MM) of a date column, or of a timestamp column in UTC. */
export function monthOf(column: PgColumn, kind: 'date' | 'timestamp'): SQL<string> {
  return kind === 'date' ? sql<string>`to_char(${column}, 'YYYY-MM')` : sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM')`;
}

/** The grouping dimensions asked for: at least one, none twice. */
export function dimensionsArgument<Dimension extends string>(groupBy: readonly Dimension[], argument = 'groupBy'): ReadonlySet<Dimension> {
  const dimensions = new Set(groupBy);
  if (dimensions.size === 0) throw badUserInput(`"${argument}" must name at least one dimension`, argument);
  if (dimensions.size !== groupBy.length) throw badUserInput(`"${argument}" must not name a dimension twice`, argument);
  return dimensions;
}

/** The rows of an aggregate fetched with `limit MAX_GROUPS + 1`: refused when there are more groups than allowed. */
export function withinGroupLimit<Row>(rows: Row[]): Row[] {
  if (rows.length > MAX_GROUPS) {
    throw badUserInput(`The answer would have more than ${MAX_GROUPS} groups: narrow the range or group by fewer dimensions`, 'groupBy');
  }
  return rows;
}
