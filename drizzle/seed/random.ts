// Deterministic randomness for the demo data. Every generator draws from its own named
// stream, so changing one table's generator does not shift the values of the others.
const SEED = 'cross-sector-data-hub/seed/v1';

/** FNV-1a: turns a stream name into a 32-bit PRNG seed. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// Byte-to-hex lookup: UUIDs are made by the hundred thousand, and toString(16) was the hot spot.
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex16 = (n: number): string => `${HEX[(n >>> 8) & 0xff]}${HEX[n & 0xff]}`;

/** mulberry32: small, fast and good enough for synthetic data. */
export class Rng {
  private state: number;

  constructor(stream: string) {
    this.state = hash32(`${SEED}:${stream}`);
  }

  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4_294_967_296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }

  /** Skewed towards the start of the list: a few items get most of the picks. */
  pickSkewed<T>(items: readonly T[], skew = 2.5): T {
    return at(items, Math.floor(this.next() ** skew * items.length));
  }

  /** Log-uniform in [min, max]: many small amounts, a long tail of large ones. */
  logUniform(min: number, max: number): number {
    return Math.round(min * (max / min) ** this.next());
  }

  /**
   * A version 4 shaped UUID drawn from this stream: version nibble 4, variant bits 10.
   * join() makes one flat string; a template literal would leave a rope of string
   * pieces about seven times the size, and ids are kept by the hundred thousand.
   */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    const version = (b & 0x0fff) | 0x4000;
    const variant = ((c >>> 16) & 0x3fff) | 0x8000;
    return [hex16(a >>> 16), hex16(a), '-', hex16(b >>> 16), '-', hex16(version), '-', hex16(variant), '-', hex16(c), hex16(d >>> 16), hex16(d)].join('');
  }
}

/** Weighted choice with the cumulative weights worked out once. */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, weight] of items) {
      sum += weight;
      this.cumulative.push(sum);
    }
    this.total = sum;
    if (items.length === 0 || sum <= 0) throw new RangeError('a weighted choice needs positive weights');
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (at(this.cumulative, mid) > target) high = mid;
      else low = mid + 1;
    }
    return at(this.items, low)[0];
  }
}

/** Shuffles `items` in place (Fisher-Yates) and returns them. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [at(items, j), at(items, i)];
  }
  return items;
}

/** Splits `total` by weights into whole numbers that add up exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] = at(counts, i) + 1;
  }
  return counts;
}

export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`no item at ${index} of ${items.length}`);
  return item;
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed data is missing ${what}`);
  return value;
}
