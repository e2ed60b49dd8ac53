// CPU time and memory of a process, read from /proc (Linux): the harness samples the
// gateway's and the subgraphs' processes while the load runs in another one.
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ); 100 on every Linux the hub targets. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size in MiB now. */
export function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

export interface ProcessUsage {
  /** CPU seconds used per wall-clock second: 1.0 is one core kept busy. */
  cpuCores: number;
  /** Highest resident set size seen while sampling, MiB. */
  peakMiB: number;
  /** Resident set size at each sample, MiB (for memory-over-time checks). */
  timeline: number[];
}

/** Samples processes until `stop` is called; returns each one's CPU and memory over the window. */
export function sampleProcesses(pids: Record<string, number>, intervalMs = 250): { stop(): Record<string, ProcessUsage> } {
  const started = performance.now();
  const cpuAtStart = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const timelines: Record<string, number[]> = Object.fromEntries(Object.keys(pids).map((name) => [name, []]));
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) timelines[name]!.push(residentMiB(pid));
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - started) / 1000;
      return Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => {
          const timeline = timelines[name]!;
          return [name, { cpuCores: (cpuSeconds(pid) - cpuAtStart[name]!) / seconds, peakMiB: Math.max(...timeline), timeline }];
        }),
      );
    },
  };
}

/** Memory counts as flat when its later peak exceeds its earlier one by less than this share. */
export const FLAT_MEMORY_SHARE = 0.05;
/** The first part of a timeline, left out as warm-up (modules, caches and the heap growing to its working size). */
const WARM_UP_SHARE = 0.2;

export interface MemoryFlatness {
  /** Highest resident set size in the earlier half after warm-up, and in the later half, MiB. */
  earlyPeakMiB: number;
  latePeakMiB: number;
  /** Whether the later peak is below the earlier one plus FLAT_MEMORY_SHARE of it. */
  flat: boolean;
}

/**
 * Whether memory stays flat over a long, steady workload. Resident memory saws up and down
 * with garbage collection, so peaks are compared, not single samples: a leak or a buffer that
 * grows with the work done raises every later peak; a process that holds only what one request
 * needs reaches the same peak again and again.
 */
export function memoryFlatness(timeline: number[]): MemoryFlatness {
  if (timeline.length < 10) throw new Error(`memoryFlatness needs at least 10 samples, got ${timeline.length}`);
  const steady = timeline.slice(Math.floor(timeline.length * WARM_UP_SHARE));
  const half = Math.floor(steady.length / 2);
  const earlyPeakMiB = Math.max(...steady.slice(0, half));
  const latePeakMiB = Math.max(...steady.slice(half));
  return { earlyPeakMiB, latePeakMiB, flat: latePeakMiB < earlyPeakMiB * (1 + FLAT_MEMORY_SHARE) };
}
