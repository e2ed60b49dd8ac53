// Money is stored in pence (integers) and exposed as an exact decimal string.
export interface Money {
  amount: string;
  currency: 'GBP';
}

export function penceToDecimal(pence: number | bigint | string): string {
  const value = BigInt(pence);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const pounds = abs / 100n;
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${pounds}.${rest}`;
}

export function money(pence: number | bigint | string): Money;
export function money(pence: number | bigint | string | null | undefined): Money | null;
export function money(pence: number | bigint | string | null | undefined): Money | null {
  return pence === null || pence === undefined ? null : { amount: penceToDecimal(pence), currency: 'GBP' };
}

/**
 * Pence of an exact decimal amount of pounds as callers write it ("32500", "32500.5",
 * "32500.00"); null for anything else (floats' exponents, thousands separators, more
 * than two decimal places), so an amount is never rounded.
 */
export function decimalToPence(amount: string): bigint | null {
  const match = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) return null;
  const [, sign, pounds, fraction = ''] = match;
  const pence = BigInt(pounds!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -pence : pence;
}
