// Calendar dates as the hub's callers write them (YYYY-MM-DD), and today in the UK,
// whose councils and force the dates belong to.

// Made once: building a formatter costs far more than using one (it was most of a profile's
// time in a subgraph that asks for today per person).
const ukCalendarDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today in the UK, as YYYY-MM-DD. */
export function todayInUk(): string {
  return ukCalendarDate.format(new Date());
}

/** Why a value is not a real calendar date as YYYY-MM-DD, or null when it is one. */
export function calendarDateProblem(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'must be a date as YYYY-MM-DD';
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'must be a real date';
  return null;
}

/** The same day `years` years on (or back), as YYYY-MM-DD; 29 February becomes 28 February. */
export function yearsFrom(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const moved = new Date(Date.UTC(year + years, month - 1, date));
  // Date.UTC rolls 29 February over into March in a year that has none.
  if (moved.getUTCDate() !== date) moved.setUTCDate(0);
  return moved.toISOString().slice(0, 10);
}
