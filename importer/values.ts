// The values of real-world files as councils write them: amounts with a pound sign,
// thousands separators and minus signs or brackets for credit notes; dates as
// dd/mm/yyyy (the Transparency Code's format), ISO or dd-Mon-yyyy; yes and no.
// Each parser returns the value, or a reason the caller reports with the row.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
/** Amounts beyond this (a hundred billion pounds) are typing errors, and beyond Number's exact integers soon after. */
const MAX_PENCE = 10_000_000_000_000;

/** Pence from "£1,234.56", "-12.5", "(1,234.56)", "1234.56 CR"; no value is an error, not zero. */
export function amountInPence(text: string): Parsed<number> {
  let rest = text.trim();
  if (rest === '') return bad('no amount');
  let negative = false;
  if (/^\(.*\)$/.test(rest)) {
    negative = true;
    rest = rest.slice(1, -1).trim();
  }
  if (/\s*CR$/i.test(rest)) {
    negative = !negative;
    rest = rest.replace(/\s*CR$/i, '');
  }
  if (rest.startsWith('-') || rest.startsWith('\u2212')) {
    negative = !negative;
    rest = rest.slice(1).trim();
  }
  rest = rest.replace(/^£\s*/, '').replace(/^GBP\s*/i, '');
  if (rest.startsWith('-')) {
    negative = !negative;
    rest = rest.slice(1);
  }
  const match = AMOUNT.exec(rest);
  if (!match) return bad('not an amount in pounds (such as 1,234.56 or (12.00))');
  const pence = Number(match[1]!.replaceAll(',', '')) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (pence > MAX_PENCE) return bad('amount too large');
  return ok(negative && pence !== 0 ? -pence : pence);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A calendar date as YYYY-MM-DD from dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd (an ISO time after it is ignored) or dd-Mon-yyyy. */
export function calendarDate(text: string): Parsed<string> {
  const value = text.trim();
  if (value === '') return bad('no date');
  const parts = dateParts(value);
  if (typeof parts === 'string') return bad(parts);
  const [year, month, day] = parts;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (year < 1900 || year > 2100 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return bad('impossible date');
  return ok(iso);
}

const YES = new Set(['y', 'yes', 'true', '1', 'card', 'p-card', 'pcard']);
const NO = new Set(['', 'n', 'no', 'false', '0']);

const UK_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NAMED_MONTH_DATE = /^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*[ -](\d{4})$/;

/** Year, month and day as written, not yet checked against the calendar; or why the text is no date. */
function dateParts(value: string): [number, number, number] | string {
  const uk = UK_DATE.exec(value);
  if (uk) return [Number(uk[3]), Number(uk[2]), Number(uk[1])];
  const iso = ISO_DATE.exec(value);
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const named = NAMED_MONTH_DATE.exec(value);
  const month = named ? MONTHS.indexOf(named[2]!.toLowerCase()) : -1;
  if (named && month >= 0) return [Number(named[3]), month + 1, Number(named[1])];
  return 'not a date (dd/mm/yyyy or yyyy-mm-dd)';
}

/** Yes or no; an empty cell is no. */
export function yesNo(text: string): Parsed<boolean> {
  const value = text.trim().toLowerCase();
  if (YES.has(value)) return ok(true);
  if (NO.has(value)) return ok(false);
  return bad('not yes or no');
}

/** CAPITAL or REVENUE from "Capital", "C", "Revenue", "R"; an empty cell is revenue (most spend is). */
export function capitalOrRevenue(text: string): Parsed<'CAPITAL' | 'REVENUE'> {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'r' || value === 'rev' || value === 'revenue') return ok('REVENUE');
  if (value === 'c' || value === 'cap' || value === 'capital') return ok('CAPITAL');
  return bad('not Capital or Revenue');
}

/** How payees withheld from a publication are written in it: such a row has no payee to import. */
export function isWithheldPayee(name: string): boolean {
  const value = name.trim();
  return /\b(redacted|withheld)\b/i.test(value) || /^(personal data|sensitive payee|\*+|x{3,})$/i.test(value);
}

const LEGAL_SUFFIXES = new Set(['limited', 'ltd', 'plc', 'llp', 'co', 'uk']);

/** A supplier name compared loosely: case, punctuation, a leading "the" and Ltd/Limited/PLC/LLP do not matter. */
export function normalisedName(name: string): string {
  const words = name
    .toLowerCase()
    .replaceAll('&', ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words[0] === 'the' && words.length > 1) words.shift();
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/** A Companies House number as registered: upper case, eight characters (leading zeros restored). */
export function companyNumber(text: string): Parsed<string | null> {
  const value = text.trim().toUpperCase().replace(/\s+/g, '');
  if (value === '') return ok(null);
  if (/^\d{1,8}$/.test(value)) return ok(value.padStart(8, '0'));
  if (/^[A-Z]{2}\d{1,6}$/.test(value)) return ok(value.slice(0, 2) + value.slice(2).padStart(6, '0'));
  return bad('not a Companies House number');
}
