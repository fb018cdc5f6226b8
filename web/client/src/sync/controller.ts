import type { PlaybackState } from '../protocol/types.js';
import { isNewerPlayback } from '../room/ordering.js';
import type { RoomConnection } from '../room/connection.js';
import { createPlayerAdapter, adapterKindFor, type AdapterOptions } from '../players/factory.js';
import { sameMedia, type AnySource } from '../players/source.js';
import type { LoadOptions, PlayerAdapter } from '../players/types.js';
import { Emitter } from '../util/emitter.js';
import type { TimeSource } from '../util/time.js';
import { correctionRate, expectedPosition } from './position.js';

export interface SyncOptions {
  /** |drift| below this is left alone (ms). */
  deadBandMs: number;
  /** Beyond this the player is re-seeked instead of rate-corrected (ms). */
  rateBandMs: number;
  /** Largest playbackRate change relative to the room's rate (0.05 = ±5 %). */
  maxRateDelta: number;
  /** Rate change per second of drift (1 → 20 ms off = 2 %), capped by maxRateDelta. */
  rateGainPerS: number;
  /** Control loop period (ms). */
  tickMs: number;
  /** playback.report period (ms). */
  reportIntervalMs: number;
  /** Embeds: reload when the reported time is further than this from expected (s). */
  embedReloadThresholdS: number;
  /** Embeds: minimum time between automatic reloads (ms). */
  embedReloadCooldownMs: number;
  /** Embeds: seconds added to `?progress=` to cover the iframe's load time. */
  embedLoadLeadS: number;
  /** Minimum lead of a self-scheduled start after a catch-up seek (ms). */
  catchUpLeadMs: number;
  /** Initial estimates, refined by measurement (ms). */
  initialSeekLatencyMs: number;
  initialStartLatencyMs: number;
  /** A playing state whose ref_server_ms is at least this far ahead is a scheduled start (ms). */
  scheduleThresholdMs: number;
  /** Learn the player's start latency from the drift right after scheduled starts. */
  learnStartLatency: boolean;
  /**
   * When to read that drift (ms after play()). Chromium's media clock needs a few hundred ms
   * to get going after a start (measured: the gap grows until ≈ 400 ms), so earlier readings
   * underestimate it. Rate correction waits until then.
   */
  learnAfterMs: number;
  /** A start still off by more than this once settled is redone (at most twice in a row). */
  restartThresholdMs: number;
  /** A seek still running after this long is reported as buffering, so the room's buffering wait can hold the next start (ms). */
  slowSeekReportMs: number;
}

export const DEFAULT_SYNC_OPTIONS: Readonly<SyncOptions> = {
  deadBandMs: 20,
  rateBandMs: 250,
  maxRateDelta: 0.05,
  rateGainPerS: 1,
  tickMs: 100,
  reportIntervalMs: 1000,
  embedReloadThresholdS: 2.5,
  embedReloadCooldownMs: 10_000,
  embedLoadLeadS: 1,
  catchUpLeadMs: 150,
  initialSeekLatencyMs: 80,
  // Measured in headless Chromium on 2 cores: ≈ 90 ms from play() to a running media clock
  // after a seek; learned per player from the first scheduled start on.
  initialStartLatencyMs: 90,
  scheduleThresholdMs: 10,
  learnStartLatency: true,
  learnAfterMs: 500,
  restartThresholdMs: 50,
  slowSeekReportMs: 150,
};

export type ControllerAction =
  | { type: 'load'; source: AnySource }
  | { type: 'seek'; to: number; reason: 'paused' | 'catch-up' | 'scheduled' }
  | { type: 'schedule'; at_server_ms: number; position_s: number }
  | { type: 'play'; at_server_ms: number; late_ms: number }
  | { type: 'pause' }
  | { type: 'rate'; rate: number; drift_ms: number }
  | { type: 'reload'; position_s: number; autoplay: boolean; reason: 'drift' | 'state' | 'manual' }
  | { type: 'blocked'; error: unknown }
  | { type: 'learn'; start_latency_ms: number; seek_latency_ms: number };

export interface PlaybackControllerOptions {
  connection: RoomConnection;
  adapter?: PlayerAdapter;
  options?: Partial<SyncOptions>;
  /**
   * When given, the controller creates (and replaces, when the source's kind changes) the
   * adapter itself inside this element; 'adapter' events announce each new one.
   */
  container?: HTMLElement;
  adapterOptions?: AdapterOptions;
  /** Defaults to the connection clock's time source. */
  time?: TimeSource;
}

type Phase = 'idle' | 'loading' | 'paused' | 'preparing' | 'playing' | 'blocked';

/**
 * Drives one player from the room's playback state. The server state is the only truth
 * (SYNC.md): the controller computes the expected position from it and the synced clock,
 * starts at scheduled instants, nudges playbackRate for small drift, re-seeks for large drift,
 * and reports telemetry. It never sends playback commands.
 */
export class PlaybackController {
  readonly options: SyncOptions;
  private readonly conn: RoomConnection;
  private readonly time: TimeSource;
  private readonly events = new Emitter<'drift' | 'action' | 'error' | 'adapter'>();
  private readonly container: HTMLElement | undefined;
  private readonly adapterOptions: AdapterOptions;
  private adapter: PlayerAdapter | null = null;
  private ownsAdapter = false;
  private adapterUnsubs: (() => void)[] = [];
  private readonly unsubs: (() => void)[] = [];

  private state: PlaybackState | null = null;
  private phase: Phase = 'idle';
  /** Bumped by every decision; async steps of an older decision stop when it changed. */
  private op = 0;
  private loadedSource: AnySource | null = null;
  private loading: { source: AnySource; promise: Promise<void> } | null = null;
  private appliedQuality: string | null = null;
  private appliedSubtitle: string | null | undefined = undefined;
  private currentRate = 1;
  private correcting = false;
  private _driftMs: number | null = null;
  private seekLatencyMs: number;
  private startLatencyMs: number;
  private learnAt: number | null = null;
  private restarts = 0;
  private lastEmbedReload = -Infinity;
  private seekingSlow = false;
  private nearSeekLatencyMs = 40;
  private tickTimer: unknown = null;
  private reportTimer: unknown = null;
  private destroyed = false;

  constructor(opts: PlaybackControllerOptions) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...opts.options };
    this.conn = opts.connection;
    this.time = opts.time ?? opts.connection.clock.time;
    this.container = opts.container;
    this.adapterOptions = opts.adapterOptions ?? {};
    this.seekLatencyMs = this.options.initialSeekLatencyMs;
    this.startLatencyMs = this.options.initialStartLatencyMs;
    this.unsubs.push(this.conn.on('playback', (s: PlaybackState) => this.onState(s)));
    // A new snapshot (reconnect, resync, new epoch) is the whole truth: re-decide from scratch.
    this.unsubs.push(this.conn.on('snapshot', () => {
      this.state = null;
      if (this.conn.playback) this.onState(this.conn.playback);
    }));
    if (opts.adapter) this.setAdapter(opts.adapter);
    if (this.conn.playback) this.onState(this.conn.playback);
    this.scheduleTick();
    this.scheduleReport();
  }

  // ---------------- public ----------------
  /** actual − expected, ms (positive = ahead); null when not measurable. */
  get driftMs(): number | null {
    return this._driftMs;
  }
  get currentAdapter(): PlayerAdapter | null {
    return this.adapter;
  }
  /** Learned latencies, for diagnostics. */
  get latencies(): { seekMs: number; startMs: number } {
    return { seekMs: this.seekLatencyMs, startMs: this.startLatencyMs };
  }

  on(ev: 'drift' | 'action' | 'error' | 'adapter', cb: (...a: any[]) => void): () => void { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.events.on(ev, cb);
  }

  setAdapter(a: PlayerAdapter | null): void {
    this.installAdapter(a, false);
    this.reconcile();
  }

  private installAdapter(a: PlayerAdapter | null, owned: boolean): void {
    for (const u of this.adapterUnsubs.splice(0)) u();
    if (this.adapter && this.ownsAdapter && this.adapter !== a) this.adapter.destroy();
    this.adapter = a;
    this.ownsAdapter = owned;
    this.loadedSource = null;
    this.loading = null;
    this.appliedQuality = null;
    this.appliedSubtitle = undefined;
    this.currentRate = 1;
    this.phase = 'idle';
    this.setDrift(null);
    if (a) {
      // Buffering/ready transitions are reported at once: the server's buffering policy waits
      // for laggards before a scheduled start.
      this.adapterUnsubs.push(a.on('buffering', () => this.report()));
      this.adapterUnsubs.push(a.on('ready', () => this.report()));
      this.adapterUnsubs.push(a.on('error', (e: unknown) => this.events.emit('error', e)));
    }
    if (owned && a) this.events.emit('adapter', a);
  }

  /**
   * Re-synchronises now: embeds reload at the expected position; controlled players re-seek
   * and restart. Call it from a click when autoplay was blocked (an 'action' of type 'blocked').
   */
  syncNow(): void {
    const a = this.adapter;
    const s = this.state;
    if (!a || !s || !s.source) return;
    if (!a.controllable) {
      this.reloadEmbed(s, 'manual');
      return;
    }
    const my = ++this.op;
    if (s.status === 'playing') void this.catchUp(my);
    else void this.applyPaused(s, my, true);
  }

  destroy(): void {
    this.destroyed = true;
    this.op++;
    for (const u of this.unsubs.splice(0)) u();
    for (const u of this.adapterUnsubs.splice(0)) u();
    if (this.tickTimer !== null) this.time.clearTimeout(this.tickTimer);
    if (this.reportTimer !== null) this.time.clearTimeout(this.reportTimer);
    if (this.adapter && this.ownsAdapter) this.adapter.destroy();
    this.adapter = null;
    this.events.clear();
  }

  // ---------------- decisions ----------------
  private serverNow(): number {
    return this.conn.clock.serverNow();
  }

  private expected(s: PlaybackState, serverMs = this.serverNow()): number {
    return expectedPosition(s, serverMs);
  }

  private onState(s: PlaybackState): void {
    const prev = this.state;
    if (prev && !isNewerPlayback(s, prev)) return; // stale or duplicate
    this.state = s;
    if (this.adapter && !this.adapter.controllable && prev && sameMedia(prev.source, s.source)) {
      // Embeds cannot be commanded: reload only when the timeline itself changed.
      this.applyQualitySubtitle(s);
      if (timelineChanged(prev, s, this.serverNow())) this.reloadEmbed(s, 'state');
      return;
    }
    this.reconcile();
  }

  private reconcile(): void {
    if (this.destroyed) return;
    const my = ++this.op;
    void this.run(my).catch((e: unknown) => this.events.emit('error', e));
  }

  private async run(my: number): Promise<void> {
    const s = this.state;
    if (!s) return;
    if (!s.source) {
      this.adapter?.pause();
      this.phase = 'idle';
      return;
    }
    if (!(await this.ensureLoaded(s.source, s, my))) return;
    const a = this.adapter;
    if (!a || my !== this.op) return;
    this.applyQualitySubtitle(s);
    if (!a.controllable) {
      this.phase = s.status === 'playing' ? 'playing' : 'paused';
      return; // the load already started it at the expected position
    }
    if (s.status === 'paused') {
      await this.applyPaused(s, my, false);
      return;
    }
    if (s.ref_server_ms - this.serverNow() >= this.options.scheduleThresholdMs) {
      await this.scheduledStart(s, my);
      return;
    }
    // Already running on this timeline (a quality change, a resync): the bands handle it;
    // re-seeking would cost a visible hiccup for nothing.
    if (this.phase === 'playing') {
      const drift = this.measure();
      if (drift !== null && Math.abs(drift) <= this.options.rateBandMs) return;
    }
    await this.catchUp(my);
  }

  /** Loads the source if the adapter does not have it yet; false when superseded. */
  private async ensureLoaded(src: AnySource, s: PlaybackState, my: number): Promise<boolean> {
    if (this.container && (!this.adapter || (this.ownsAdapter && this.adapter.kind !== adapterKindFor(src)))) {
      // The source needs another kind of player (e.g. an embed after a file): replace ours.
      this.installAdapter(createPlayerAdapter(src, this.container, this.adapterOptions), true);
    }
    const a = this.adapter;
    if (!a) return false;
    if (this.loadedSource && sameMedia(this.loadedSource, src)) return true;
    if (!this.loading || !sameMedia(this.loading.source, src)) {
      this.phase = 'loading';
      this.emitAction({ type: 'load', source: src });
      const startS = a.controllable ? (s.status === 'paused' ? s.position_s : undefined) : this.embedTarget(s);
      const opts: LoadOptions = { quality: s.quality || null, subtitle: s.subtitle, autoplay: s.status === 'playing' };
      if (startS !== undefined) opts.startS = startS;
      const promise = a.load(src, opts).then(() => {
        if (this.adapter === a) {
          this.loadedSource = src;
          this.appliedQuality = s.quality || null;
          this.appliedSubtitle = s.subtitle;
          if (!a.controllable) this.lastEmbedReload = this.time.now();
        }
      });
      this.loading = { source: src, promise };
      promise.catch(() => undefined).finally(() => {
        if (this.loading?.promise === promise) this.loading = null;
      });
    }
    try {
      await this.loading!.promise;
    } catch (e) {
      this.events.emit('error', e);
      return false;
    }
    return my === this.op;
  }

  private setAdapterOwned(a: PlayerAdapter): void {
    this.setAdapter(a);
    this.ownsAdapter = true;
    this.events.emit('adapter', a);
  }

  private applyQualitySubtitle(s: PlaybackState): void {
    const a = this.adapter;
    if (!a) return;
    const q = s.quality || null;
    if (q !== this.appliedQuality) {
      this.appliedQuality = q;
      a.setQuality?.(q);
    }
    if (s.subtitle !== this.appliedSubtitle) {
      this.appliedSubtitle = s.subtitle;
      a.setSubtitle?.(s.subtitle);
    }
  }

  private async applyPaused(s: PlaybackState, my: number, force: boolean): Promise<void> {
    const a = this.adapter;
    if (!a) return;
    this.phase = 'paused';
    this.correcting = false;
    a.pause();
    this.emitAction({ type: 'pause' });
    this.setRate(s.rate);
    const off = Math.abs(a.currentTime() - s.position_s) * 1000;
    if (force || off > this.options.deadBandMs) {
      this.emitAction({ type: 'seek', to: s.position_s, reason: 'paused' });
      await this.timedSeek(s.position_s);
    }
    if (my === this.op) this.measure();
  }

  /**
   * A start at a future server instant: seek first and wait until the frame is ready, then
   * start at the instant minus the player's learned start latency.
   */
  private async scheduledStart(s: PlaybackState, my: number): Promise<void> {
    const a = this.adapter;
    if (!a) return;
    this.phase = 'preparing';
    this.correcting = false;
    a.pause();
    this.emitAction({ type: 'schedule', at_server_ms: s.ref_server_ms, position_s: s.position_s });
    if (Math.abs(a.currentTime() - s.position_s) * 1000 > 1) {
      this.emitAction({ type: 'seek', to: s.position_s, reason: 'scheduled' });
      await this.timedSeek(s.position_s);
      if (my !== this.op) return;
    }
    if (this.serverNow() > s.ref_server_ms - this.startLatencyMs) {
      // The seek took too long: join the running timeline instead. We now sit on position_s
      // with its data loaded, so the catch-up seek is a near one (attempt 1: budgeted with the
      // near-seek estimate, not 1.5 × the far one — ~200 ms sooner on 2 loaded cores).
      await this.catchUp(my, 1);
      return;
    }
    await this.startAt(s.ref_server_ms, my, true);
  }

  /**
   * Joins a running timeline: pick our own start instant T a little ahead, seek to where the
   * room will be at T, and start exactly at T. This avoids the late first frame of starting
   * right after a seek (SYNC.md), which rate correction would need seconds to recover.
   */
  private async catchUp(my: number, attempt = 0): Promise<void> {
    const a = this.adapter;
    const s = this.state;
    if (!a || !s) return;
    this.phase = 'preparing';
    this.correcting = false;
    a.pause();
    // A retry seeks a few hundred ms from where the previous seek landed: that data is loaded
    // and decoded, so it costs a fraction of a far seek (measured on 2 loaded cores: 10–35 ms
    // against 80–350 ms). Scaling the far estimate on retries cost 200–400 ms per catch-up.
    const lead = attempt === 0
      ? Math.max(this.options.catchUpLeadMs, this.seekLatencyMs * 1.5 + this.startLatencyMs + 20)
      : this.nearSeekLatencyMs * 2 * attempt + this.startLatencyMs + 20;
    const at = this.serverNow() + lead;
    const target = this.expected(s, at);
    this.emitAction({ type: 'seek', to: target, reason: 'catch-up' });
    await this.timedSeek(target, attempt === 0 ? 'far' : 'near');
    if (my !== this.op) return;
    if (this.serverNow() > at - this.startLatencyMs) {
      if (attempt < 2) {
        await this.catchUp(my, attempt + 1);
        return;
      }
      // Still too slow: start now and let the band logic correct.
      await this.startNow(my, at);
      return;
    }
    await this.startAt(at, my, true);
  }

  private async timedSeek(to: number, kind: 'far' | 'near' = 'far'): Promise<void> {
    const a = this.adapter;
    if (!a) return;
    const t0 = this.time.now();
    // A seek that is still loading after slowSeekReportMs is reported as buffering, so the
    // room's buffering wait can hold the next scheduled start for us (pause → seek → play).
    let reported = false;
    const timer = this.time.setTimeout(() => {
      reported = true;
      this.seekingSlow = true;
      this.report();
    }, this.options.slowSeekReportMs);
    try {
      await a.seek(to);
    } finally {
      this.time.clearTimeout(timer);
      if (reported) {
        this.seekingSlow = false;
        this.report();
      }
    }
    const took = this.time.now() - t0;
    // Slow seeks teach fast; fast ones pull the estimate down slowly (outliers are costly).
    const learn = (est: number) => (took > est ? 0.5 * est + 0.5 * took : 0.8 * est + 0.2 * took);
    if (kind === 'near') this.nearSeekLatencyMs = learn(this.nearSeekLatencyMs);
    else this.seekLatencyMs = learn(this.seekLatencyMs);
  }

  /** Waits until server time `atServerMs − startLatency` (coarse timer, then 1 ms steps) and plays. */
  private async startAt(atServerMs: number, my: number, learn: boolean): Promise<void> {
    const fire = atServerMs - this.startLatencyMs;
    const coarse = fire - this.serverNow() - 12;
    if (coarse > 0) await this.sleep(coarse);
    while (my === this.op && this.serverNow() < fire) await this.sleep(1);
    if (my !== this.op) return;
    await this.startNow(my, atServerMs);
    // Every start is checked once it settled (learning the latency when enabled).
    if (learn) this.learnAt = this.time.now() + this.options.learnAfterMs;
  }

  private async startNow(my: number, atServerMs: number): Promise<void> {
    const a = this.adapter;
    const s = this.state;
    if (!a || !s) return;
    this.setRate(s.rate);
    this.emitAction({ type: 'play', at_server_ms: atServerMs, late_ms: this.serverNow() - atServerMs });
    try {
      await a.play();
    } catch (e) {
      // Autoplay refused even muted: wait for the user (syncNow from a click) instead of
      // seeking in a loop while the drift grows.
      if (my === this.op) this.phase = 'blocked';
      this.emitAction({ type: 'blocked', error: e });
      this.events.emit('error', e);
      return;
    }
    if (my === this.op) this.phase = 'playing';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.time.setTimeout(resolve, ms));
  }

  // ---------------- the loop ----------------
  private scheduleTick(): void {
    this.tickTimer = this.time.setTimeout(() => {
      this.tickTimer = null;
      if (this.destroyed) return;
      try {
        this.tick();
      } catch (e) {
        this.events.emit('error', e);
      }
      this.scheduleTick();
    }, this.options.tickMs);
  }

  private measure(): number | null {
    const a = this.adapter;
    const s = this.state;
    if (!a || !s || !s.source || !this.loadedSource) {
      this.setDrift(null);
      return null;
    }
    if (!a.controllable && a.hasTime && !a.hasTime()) {
      this.setDrift(null);
      return null;
    }
    const drift = (a.currentTime() - this.expected(s)) * 1000;
    this.setDrift(drift);
    return drift;
  }

  /** One control step: measure drift and correct it according to the bands. */
  tick(): void {
    const a = this.adapter;
    const s = this.state;
    if (!a || !s || !s.source) return;
    if (!a.controllable) {
      this.tickEmbed(a, s);
      return;
    }
    if (this.phase === 'paused') {
      const drift = this.measure();
      if (drift !== null && Math.abs(drift) > this.options.deadBandMs && s.status === 'paused') {
        void this.applyPaused(s, ++this.op, false);
      }
      return;
    }
    if (this.phase !== 'playing' || s.status !== 'playing') return;
    const drift = this.measure();
    if (drift === null) return;
    if (a.isBuffering()) return; // expected keeps moving; the band logic catches up afterwards
    if (this.learnAt !== null) {
      // Right after a start the drift is the player's own start error: measure it before any
      // rate correction blurs it, then ask that much earlier next time.
      if (this.time.now() < this.learnAt) return;
      this.learnAt = null;
      if (this.options.learnStartLatency && Math.abs(drift) < this.options.rateBandMs) {
        const step = Math.max(-80, Math.min(80, -drift * 0.8)); // one noisy start must not poison it
        this.startLatencyMs = Math.max(0, Math.min(250, this.startLatencyMs + step));
        this.emitAction({ type: 'learn', start_latency_ms: this.startLatencyMs, seek_latency_ms: this.seekLatencyMs });
      }
      // Rate correction would need seconds for a start that missed by this much (5 % closes
      // 50 ms per second): restart at a fresh instant with what was just learned. Bounded, so
      // an erratic player falls back to the bands instead of stuttering forever.
      if (Math.abs(drift) > this.options.restartThresholdMs && this.restarts < 2) {
        this.restarts++;
        void this.catchUp(++this.op);
        return;
      }
      this.restarts = 0;
    }
    const abs = Math.abs(drift);
    if (abs > this.options.rateBandMs) {
      this.learnAt = null;
      void this.catchUp(++this.op);
      return;
    }
    // Hysteresis: start correcting beyond the dead band, stop once well inside it.
    if (abs > this.options.deadBandMs || (this.correcting && abs > this.options.deadBandMs / 2)) {
      this.correcting = true;
      const rate = correctionRate(s.rate, drift, this.options.rateGainPerS, this.options.maxRateDelta);
      if (Math.abs(rate - this.currentRate) > 1e-4) this.emitAction({ type: 'rate', rate, drift_ms: drift });
      this.setRate(rate);
    } else {
      this.correcting = false;
      this.setRate(s.rate);
    }
  }

  private tickEmbed(a: PlayerAdapter, s: PlaybackState): void {
    const drift = this.measure();
    if (drift === null || this.phase === 'loading') return;
    if (this.time.now() - this.lastEmbedReload < this.options.embedReloadCooldownMs) return;
    const statusWrong = (s.status === 'playing') !== a.isPlaying();
    if (Math.abs(drift) / 1000 > this.options.embedReloadThresholdS || (statusWrong && s.status === 'paused')) {
      this.reloadEmbed(s, 'drift');
    }
  }

  private embedTarget(s: PlaybackState): number {
    return s.status === 'playing' ? this.expected(s) + this.options.embedLoadLeadS : s.position_s;
  }

  private reloadEmbed(s: PlaybackState, reason: 'drift' | 'state' | 'manual'): void {
    const a = this.adapter;
    if (!a || !a.reloadAt) return;
    const pos = this.embedTarget(s);
    const autoplay = s.status === 'playing';
    this.lastEmbedReload = this.time.now();
    this.emitAction({ type: 'reload', position_s: pos, autoplay, reason });
    a.reloadAt(pos, autoplay);
  }

  private setRate(r: number): void {
    if (!this.adapter || !this.adapter.controllable) return;
    this.currentRate = r;
    this.adapter.setRate(r);
  }

  private setDrift(d: number | null): void {
    this._driftMs = d;
    this.events.emit('drift', d);
  }

  private emitAction(a: ControllerAction): void {
    this.events.emit('action', a);
  }

  // ---------------- telemetry ----------------
  private scheduleReport(): void {
    this.reportTimer = this.time.setTimeout(() => {
      this.reportTimer = null;
      if (this.destroyed) return;
      this.report();
      this.scheduleReport();
    }, this.options.reportIntervalMs);
  }

  private report(): void {
    const a = this.adapter;
    if (!a || !this.loadedSource || this.conn.status !== 'open') return;
    if (!a.controllable && a.hasTime && !a.hasTime()) return;
    this.conn.report({ position_s: a.currentTime(), buffering: a.isBuffering() || this.phase === 'loading' || this.seekingSlow });
  }
}

/** Whether the host changed where or whether the media plays (not just quality/subtitle). */
function timelineChanged(prev: PlaybackState, next: PlaybackState, serverMs: number): boolean {
  if (prev.status !== next.status) return true;
  return Math.abs(expectedPosition(prev, serverMs) - expectedPosition(next, serverMs)) > 0.5;
}
