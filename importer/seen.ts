// The keys an import has already written, as 32-bit hashes in an open-addressing table:
// about 8 bytes a row (8 MB for a million), against the hundreds a Set of strings takes.
// A hit may be a collision, so it only makes the key a candidate: the database, which has
// every row the import wrote, says whether it really repeats an earlier line. No line is
// kept per key: the line a repeated key was first on is looked up again only for the keys
// that do repeat (see spend.ts), so a good file costs nothing for it.
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
  private slots = new Uint32Array(1 << 16);
  private size = 0;

  /** Whether a key with this key's hash was added before. */
  mayHave(key: string): boolean {
    const h = hash(key);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === EMPTY) return false;
      if (slot === h) return true;
    }
  }

  /** Adds a key the database has said is new to the import. */
  add(key: string): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    if (this.insert(hash(key))) this.size += 1;
  }

  private insert(h: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === h) return false;
      if (slot === EMPTY) {
        this.slots[i] = h;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (const h of old) if (h !== EMPTY) this.insert(h);
  }
}
