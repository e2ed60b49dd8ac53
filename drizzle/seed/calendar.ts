// The demo data's calendar: whole UTC days, so no time zone or clock can change a row.
// Everything happens in the two financial years 2024-04-01 to 2026-03-31.
import type { Rng } from './random.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Days since 1970-01-01 of an ISO date. */
export const toDay = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;

// Only a few thousand distinct days occur, so format each once.
const isoDates = new Map<number, string>();
export function isoDate(day: number): string {
  let text = isoDates.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDates.set(day, text);
  }
  return text;
}

export const FIRST_DAY = toDay('2024-04-01');
const LAST_DAY = toDay('2026-03-31');
const SPAN_DAYS = LAST_DAY - FIRST_DAY + 1;

/**
 * The moment the data is "as at", the last second of the two years: statuses are
 * judged against it, rows were last updated then, and nothing happens after it.
 */
export const AS_AT_MS = (LAST_DAY + 1) * DAY_MS - 1000;
export const AS_AT = new Date(AS_AT_MS);

/** A time of day in office hours (08:00-18:00 UTC) on `day`. */
export function officeTime(rng: Rng, day: number): number {
  return day * DAY_MS + 8 * HOUR_MS + Math.floor(rng.next() * 10 * HOUR_MS);
}

/** Spreads item `index` of `count` evenly over the two years, so numbering follows time. */
export function dayOf(rng: Rng, index: number, count: number): number {
  return FIRST_DAY + Math.min(SPAN_DAYS - 1, Math.floor(((index + rng.next()) / count) * SPAN_DAYS));
}
