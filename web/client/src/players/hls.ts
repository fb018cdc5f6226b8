import { Html5Adapter, type Html5Options } from './html5.js';
import type { NormalizedSource } from './source.js';

/** The slice of hls.js this adapter uses (also what tests fake). */
export interface HlsLike {
  loadSource(url: string): void;
  attachMedia(media: HTMLMediaElement): void;
  on(event: string, cb: (event: string, data: any) => void): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  destroy(): void;
  startLoad(): void;
  recoverMediaError(): void;
  levels: { height?: number; name?: string; bitrate?: number }[];
  currentLevel: number;
  nextLevel: number;
  subtitleTracks: { lang?: string; name?: string }[];
  subtitleTrack: number;
  subtitleDisplay: boolean;
}

export interface HlsStatic {
  new (config?: Record<string, unknown>): HlsLike;
  isSupported(): boolean;
  Events: { MANIFEST_PARSED: string; ERROR: string };
  ErrorTypes: { NETWORK_ERROR: string; MEDIA_ERROR: string };
}

export interface HlsOptions extends Html5Options {
  /** Loads hls.js; default a dynamic import, so apps that never meet HLS do not pay for it. */
  loadHls?: () => Promise<HlsStatic>;
}

const defaultLoadHls = async (): Promise<HlsStatic> => (await import('hls.js')).default as unknown as HlsStatic;

/**
 * HLS: the browser's own player where it has one (Safari, iOS), else hls.js over MSE.
 * Quality labels from the source (`720p`) map to hls.js levels by height, then by name.
 */
export class HlsAdapter extends Html5Adapter {
  override readonly kind = 'hls' as const;
  private hls: HlsLike | null = null;
  private Hls: HlsStatic | null = null;
  private readonly loadHls: () => Promise<HlsStatic>;
  private pendingQuality: string | null = null;
  private pendingSubtitle: string | null | undefined = undefined;

  constructor(container: HTMLElement, opts: HlsOptions = {}) {
    super(container, opts);
    this.loadHls = opts.loadHls ?? defaultLoadHls;
  }

  /** True when the element plays HLS natively (then hls.js is not used). */
  get native(): boolean {
    return this.element.canPlayType('application/vnd.apple.mpegurl') !== '';
  }

  protected override async attach(n: NormalizedSource): Promise<void> {
    this.hls?.destroy();
    this.hls = null;
    if (this.native) {
      await super.attach(n);
      return;
    }
    const Hls = await this.loadHls();
    if (!Hls.isSupported()) throw new Error('HLS is not supported in this browser');
    this.Hls = Hls;
    const hls = new Hls({
      // Sync needs a media clock that only we move: keep hls.js from jumping to the live edge.
      liveDurationInfinity: false,
      enableWorker: true,
    });
    this.hls = hls;
    const parsed = new Promise<void>((resolve, reject) => {
      let fatalRecoveries = 0;
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        if (this.pendingQuality !== null) this.setQuality(this.pendingQuality);
        if (this.pendingSubtitle !== undefined) this.setSubtitle(this.pendingSubtitle);
        resolve();
      });
      hls.on(Hls.Events.ERROR, (_e, data: { fatal?: boolean; type?: string; details?: string }) => {
        if (!data?.fatal) return;
        // hls.js's documented recovery: restart loading / recover the media pipeline once or twice.
        if (fatalRecoveries < 3 && data.type === Hls.ErrorTypes.NETWORK_ERROR) {
          fatalRecoveries++;
          hls.startLoad();
          return;
        }
        if (fatalRecoveries < 3 && data.type === Hls.ErrorTypes.MEDIA_ERROR) {
          fatalRecoveries++;
          hls.recoverMediaError();
          return;
        }
        const err = new Error(`HLS error: ${data.details ?? data.type ?? 'fatal'}`);
        err.name = 'HlsError';
        this.events.emit('error', err);
        reject(err);
      });
    });
    hls.attachMedia(this.element);
    hls.loadSource(n.url);
    await parsed;
  }

  /** hls.js renders HLS subtitle renditions itself; only native playback needs <track>s. */
  protected override installTracks(n: NormalizedSource): void {
    if (this.native) super.installTracks(n);
  }

  override setQuality(label: string | null): void {
    const hls = this.hls;
    if (!hls) {
      this.pendingQuality = label;
      return;
    }
    this.pendingQuality = label;
    // Switch at the next fragment (nextLevel), not at once (currentLevel flushes the buffer
    // and stalls playback, which costs everyone a resync).
    hls.nextLevel = levelForLabel(hls.levels, label);
  }

  override setSubtitle(lang: string | null): void {
    const hls = this.hls;
    if (!hls) {
      this.pendingSubtitle = lang;
      super.setSubtitle(lang);
      return;
    }
    this.pendingSubtitle = lang;
    const idx = lang === null ? -1 : hls.subtitleTracks.findIndex((t) => t.lang === lang || t.name === lang);
    hls.subtitleTrack = idx;
    hls.subtitleDisplay = idx >= 0;
  }

  override destroy(): void {
    this.hls?.destroy();
    this.hls = null;
    super.destroy();
  }
}

/** Maps a quality label (`720p`, `96 kbps`, or a level name) to an hls.js level; -1 = automatic. */
export function levelForLabel(levels: readonly { height?: number; name?: string; bitrate?: number }[], label: string | null): number {
  if (label === null || label === '' || label.toLowerCase() === 'auto') return -1;
  const byName = levels.findIndex((l) => l.name === label);
  if (byName >= 0) return byName;
  const p = /^(\d+)p$/i.exec(label.trim());
  if (p) {
    const h = Number(p[1]);
    const idx = levels.findIndex((l) => l.height === h);
    if (idx >= 0) return idx;
  }
  const k = /^(\d+)\s*kbps$/i.exec(label.trim());
  if (k) {
    const kbps = Number(k[1]);
    const idx = levels.findIndex((l) => l.bitrate !== undefined && Math.round(l.bitrate / 1000) === kbps);
    if (idx >= 0) return idx;
  }
  return -1;
}
