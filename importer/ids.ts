// Ids for the rows an import creates: UUIDs of version 7 (RFC 9562), whose leading bits are
// the time in milliseconds and a counter. A million payments then go to the right-hand end
// of the primary key and of every index that ends in the id, instead of to random pages of
// them: a large import writes far fewer index pages. Any UUID is an id to the hub.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 8 * 1024;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;
let lastMs = 0;
let counter = 0;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function randomBytes(count: number): Buffer {
  if (offset + count > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += count;
  return pool.subarray(offset - count, offset);
}

export function timeOrderedUuid(now: number = Date.now()): string {
  // Within one millisecond (or if the clock steps back) the 12-bit counter keeps ids increasing;
  // when it runs out, the next millisecond is borrowed.
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  const ms = lastMs;
  const random = randomBytes(8);
  const bytes = [
    Math.floor(ms / 2 ** 40) & 0xff,
    Math.floor(ms / 2 ** 32) & 0xff,
    (ms >>> 24) & 0xff,
    (ms >>> 16) & 0xff,
    (ms >>> 8) & 0xff,
    ms & 0xff,
    0x70 | (counter >>> 8),
    counter & 0xff,
    0x80 | (random[0]! & 0x3f),
    random[1]!,
    random[2]!,
    random[3]!,
    random[4]!,
    random[5]!,
    random[6]!,
    random[7]!,
  ].map((byte) => HEX[byte]!);
  return `${bytes.slice(0, 4).join('')}-${bytes.slice(4, 6).join('')}-${bytes.slice(6, 8).join('')}-${bytes.slice(8, 10).join('')}-${bytes.slice(10).join('')}`;
}
