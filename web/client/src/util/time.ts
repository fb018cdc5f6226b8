/**
 * Injectable time sources. The sync code reads a monotonic clock (performance.now) for
 * intervals and the wall clock only where the protocol needs epoch ms; tests replace both.
 */
export interface TimeSource {
  /** Monotonic ms (performance.now-like). */
  now(): number;
  /** Wall clock ms since the Unix epoch (Date.now-like), fractional allowed. */
  wallNow(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const perf: { now(): number } | undefined = (globalThis as { performance?: { now(): number } }).performance;

/**
 * Wall time derived from performance.timeOrigin + now(): sub-ms resolution and immune to the
 * wall clock being stepped while we run (offsets are measured against this same base).
 */
export const systemTime: TimeSource = {
  now: () => (perf ? perf.now() : Date.now()),
  wallNow: () => {
    const p = perf as { now(): number; timeOrigin?: number } | undefined;
    return p && typeof p.timeOrigin === 'number' ? p.timeOrigin + p.now() : Date.now();
  },
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};
