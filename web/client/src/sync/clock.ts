import { systemTime, type TimeSource } from '../util/time.js';

/** One NTP-style exchange: t0/t3 client wall ms, t1/t2 server ms. */
export interface ClockSample {
  offsetMs: number; // server − client
  delayMs: number; // round trip minus server processing
  atMs: number; // monotonic time the sample was taken
}

export interface ClockSyncOptions {
  /** Samples kept (SYNC.md: 8). */
  window?: number;
  /** Samples before `ready` (SYNC.md: first pongs on a loading page lie; default 3). */
  minSamples?: number;
  /** Periodic interval for the first `fastPhaseMs` (default 2000). */
  fastIntervalMs?: number;
  fastPhaseMs?: number; // default 20000
  /** Periodic interval afterwards (default 10000). */
  slowIntervalMs?: number;
  /** How far an event's server_ms may be ahead of our estimate before the samples are distrusted. */
  sanityToleranceMs?: number; // default 50
  time?: TimeSource;
}

/** NTP offset/delay of one exchange (RFC 5905 on-wire). */
export function computeSample(t0: number, t1: number, t2: number, t3: number): { offsetMs: number; delayMs: number } {
  return {
    offsetMs: (t1 - t0 + (t2 - t3)) / 2,
    delayMs: Math.max(0, t3 - t0 - (t2 - t1)),
  };
}

/**
 * Estimates the server clock. Keeps the last N samples and trusts the one with the lowest
 * delay: its offset error is bounded by half its delay, and queueing only ever adds delay,
 * so the fastest exchange is the least asymmetric one. The sampling itself (pings) is the
 * RoomConnection's job; this class only does the math and says when to sample next.
 */
export class ClockSync {
  private samples: ClockSample[] = [];
  private best: ClockSample | null = null;
  private startedAt: number | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly opts: Required<Omit<ClockSyncOptions, 'time'>>;
  readonly time: TimeSource;
  /** Set when an event proved the estimate wrong; the connection answers with a burst. */
  onDistrust: (() => void) | null = null;

  constructor(opts: ClockSyncOptions = {}) {
    this.time = opts.time ?? systemTime;
    this.opts = {
      window: opts.window ?? 8,
      minSamples: opts.minSamples ?? 3,
      fastIntervalMs: opts.fastIntervalMs ?? 2000,
      fastPhaseMs: opts.fastPhaseMs ?? 20_000,
      slowIntervalMs: opts.slowIntervalMs ?? 10_000,
      sanityToleranceMs: opts.sanityToleranceMs ?? 50,
    };
  }

  /** Server time now, in ms since the epoch (fractional). Falls back to the local clock before any sample. */
  serverNow(): number {
    return this.time.wallNow() + this.offsetMs;
  }
  get offsetMs(): number {
    return this.best?.offsetMs ?? 0;
  }
  get delayMs(): number {
    return this.best?.delayMs ?? 0;
  }
  get ready(): boolean {
    return this.samples.length >= this.opts.minSamples;
  }
  get sampleCount(): number {
    return this.samples.length;
  }

  onUpdate(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  /** Adds the exchange (t0 ping sent, t1 server received, t2 server sent, t3 pong received). */
  addSample(t0: number, t1: number, t2: number, t3: number = this.time.wallNow()): ClockSample | null {
    if (![t0, t1, t2, t3].every(Number.isFinite) || t3 < t0) return null;
    const { offsetMs, delayMs } = computeSample(t0, t1, t2, t3);
    const sample: ClockSample = { offsetMs, delayMs, atMs: this.time.now() };
    if (this.startedAt === null) this.startedAt = sample.atMs;
    this.samples.push(sample);
    if (this.samples.length > this.opts.window) this.samples.splice(0, this.samples.length - this.opts.window);
    this.best = pickBest(this.samples);
    for (const cb of [...this.listeners]) {
      try {
        cb();
      } catch (e) {
        console.error('[streamit] clock listener threw', e);
      }
    }
    return sample;
  }

  /**
   * Any server event was sent at `serverMs`, so at its arrival the server clock reads at least
   * that: an estimate below it is wrong (clock stepped, first pongs lied). Not an offset source
   * — the one-way delay is unknown — only a bound; a violation drops the samples so a fresh
   * burst replaces them.
   */
  observeServerMs(serverMs: number, receivedWallMs: number = this.time.wallNow()): boolean {
    if (!Number.isFinite(serverMs) || !this.ready) return true;
    const estimate = receivedWallMs + this.offsetMs;
    if (estimate + this.opts.sanityToleranceMs < serverMs) {
      this.samples = [];
      this.best = null;
      this.startedAt = null;
      this.onDistrust?.();
      return false;
    }
    return true;
  }

  /** Delay until the next periodic ping: fast right after joining, slower once settled. */
  nextIntervalMs(): number {
    if (this.startedAt === null) return this.opts.fastIntervalMs;
    return this.time.now() - this.startedAt < this.opts.fastPhaseMs ? this.opts.fastIntervalMs : this.opts.slowIntervalMs;
  }

  reset(): void {
    this.samples = [];
    this.best = null;
    this.startedAt = null;
  }
}

export function pickBest(samples: readonly ClockSample[]): ClockSample | null {
  let best: ClockSample | null = null;
  for (const s of samples) {
    // Ties go to the newer sample: same quality, less accumulated clock drift.
    if (!best || s.delayMs <= best.delayMs) best = s;
  }
  return best;
}
