// The keys an import has already written, each with the line it was first on, as a 32-bit
// hash and a line number in an open-addressing table: about 16 bytes a row (16 MB for a
// million), against the hundreds a Map of strings takes. A hit may be a collision, so it only
// makes the key a candidate: the database, which has every row the import wrote, says
// whether it really repeats an earlier line. The few keys whose hash an earlier, different
// key already took are kept whole, so the first line of a repeated key is always exact.
const EMPTY = 0;

/** FNV-1a over UTF-16 code units; never 0 (the empty slot). */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

export class SeenKeys {
  /** Pairs of (hash, line). */
  private slots = new Uint32Array(2 << 16);
  private size = 0;
  /** Keys that share their hash with an earlier, different key: their own first lines. */
  private readonly collided = new Map<string, number>();

  /** Whether a key with this key's hash was added before. */
  mayHave(key: string): boolean {
    return this.slotOf(hash(key)) !== undefined;
  }

  /** Adds a key the database has said is new to the import, with the line it is on. */
  add(key: string, line: number): void {
    const h = hash(key);
    if (this.slotOf(h) !== undefined) {
      this.collided.set(key, line);
      return;
    }
    if ((this.size + 1) * 2 > this.slots.length / 2) this.grow();
    this.insert(h, line);
    this.size += 1;
  }

  /** The line a key that the database says was written before was first on. */
  firstLine(key: string): number {
    const slot = this.slotOf(hash(key));
    return this.collided.get(key) ?? (slot === undefined ? 0 : this.slots[slot + 1]!);
  }

  private slotOf(h: number): number | undefined {
    const mask = this.slots.length / 2 - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[2 * i]!;
      if (slot === EMPTY) return undefined;
      if (slot === h) return 2 * i;
    }
  }

  private insert(h: number, line: number): void {
    const mask = this.slots.length / 2 - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      if (this.slots[2 * i] === EMPTY) {
        this.slots[2 * i] = h;
        this.slots[2 * i + 1] = line;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.insert(old[i]!, old[i + 1]!);
  }
}
