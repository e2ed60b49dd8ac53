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

const POUNDS = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** The pence of an exact decimal amount in pounds ("12.5", "12.50"); null unless it is one, with at most two decimal places. */
export function decimalToPence(text: string): number | null {
  const match = POUNDS.exec(text);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}
