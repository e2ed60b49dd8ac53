// The benchmark's definition of flat memory over a long extract (bench/procstat.ts): peaks of
// the later half against the earlier half after warm-up, so garbage collection's sawtooth is
// flat and steady growth is not.
import { describe, expect, it } from 'vitest';
import { memoryFlatness } from '../bench/procstat.js';

/** Resident memory that climbs during warm-up, then saws between 200 and 240 MiB as the heap is collected. */
const sawtooth = (samples: number, growthPerSample = 0) =>
  Array.from({ length: samples }, (_, i) => (i < samples / 10 ? 120 + i : 200 + (i % 8) * 5) + i * growthPerSample);

describe('memory flatness over a long extract', () => {
  it('counts a process that returns to the same peaks as flat, whatever it used while warming up', () => {
    expect(memoryFlatness(sawtooth(400))).toEqual({ earlyPeakMiB: 235, latePeakMiB: 235, flat: true });
  });

  it('counts steady growth as not flat, even when each step is small next to the sawtooth', () => {
    // 0.1 MiB a sample (400 KiB a second at 250 ms): 40 MiB over the run.
    const growing = memoryFlatness(sawtooth(400, 0.1));
    expect(growing.flat).toBe(false);
    expect(growing.latePeakMiB - growing.earlyPeakMiB).toBeCloseTo(16, 0);
  });

  it('needs enough samples to say anything', () => {
    expect(() => memoryFlatness([100, 100, 100])).toThrowError(/at least 10 samples/);
  });
});
