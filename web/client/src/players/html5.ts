import type { LoadOptions, PlayerAdapter } from './types.js';
import { EmittingAdapter } from './emitting.js';
import { normalizeSource, type AnySource, type NormalizedSource } from './source.js';

export interface Html5Options {
  /** Retry muted when the browser blocks autoplay with sound (default true); emits 'error' with name 'AutoplayMuted'. */
  muteOnAutoplayBlock?: boolean;
  /** Upper bound for waiting on seeked/first frame (default 3000 ms): a lost event must not stall sync. */
  seekTimeoutMs?: number;
  /** Sets the element's crossorigin (for WebVTT subtitles on another origin). Default unset. */
  crossOrigin?: 'anonymous' | 'use-credentials';
}

const HAVE_METADATA = 1;
const HAVE_FUTURE_DATA = 3;

/** A subset of HTMLVideoElement with requestVideoFrameCallback (Chromium, Safari). */
type VideoWithFrames = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number; expectedDisplayTime: number }) => void) => number;
};

/**
 * Plain <video> for progressive MP4/WebM (and the base of the HLS adapter). The element is
 * created here (playsinline, so phones do not force fullscreen) and exposed as `element`.
 */
export class Html5Adapter extends EmittingAdapter implements PlayerAdapter {
  readonly kind: 'html5' | 'hls' = 'html5';
  readonly controllable = true;
  readonly element: HTMLVideoElement;
  protected source: NormalizedSource | null = null;
  protected readonly opts: Required<Omit<Html5Options, 'crossOrigin'>>;
  private buffering = false;
  private readonly cleanup: (() => void)[] = [];

  constructor(container: HTMLElement, opts: Html5Options = {}) {
    super();
    this.opts = { muteOnAutoplayBlock: opts.muteOnAutoplayBlock ?? true, seekTimeoutMs: opts.seekTimeoutMs ?? 3000 };
    const doc = container.ownerDocument;
    const video = doc.createElement('video');
    video.setAttribute('playsinline', '');
    video.setAttribute('webkit-playsinline', '');
    video.playsInline = true;
    video.preload = 'auto';
    video.controls = false; // the room drives playback; free controls would desync viewers
    // Off by default: CORS mode makes media from hosts without CORS headers fail to load.
    // Needed only for <track>s from another origin (the media host must then send CORS).
    if (opts.crossOrigin) video.crossOrigin = opts.crossOrigin;
    this.element = video;
    container.appendChild(video);

    const listen = (type: string, fn: () => void) => {
      video.addEventListener(type, fn);
      this.cleanup.push(() => video.removeEventListener(type, fn));
    };
    listen('waiting', () => this.setBuffering(true));
    listen('stalled', () => {
      if (video.readyState < HAVE_FUTURE_DATA && !video.paused) this.setBuffering(true);
    });
    listen('playing', () => this.setBuffering(false));
    listen('canplay', () => {
      this.setBuffering(false);
      this.events.emit('ready');
    });
    listen('seeked', () => this.events.emit('seeked', video.currentTime));
    listen('timeupdate', () => this.events.emit('time', video.currentTime));
    listen('ended', () => this.events.emit('ended'));
    listen('error', () => this.events.emit('error', mediaError(video)));
  }

  async load(src: AnySource, opts: LoadOptions = {}): Promise<void> {
    const n = normalizeSource(src);
    this.source = n;
    if (n.poster) this.element.poster = n.poster;
    await this.attach(n);
    this.installTracks(n);
    if (opts.subtitle !== undefined) this.setSubtitle(opts.subtitle);
    if (opts.quality) this.setQuality(opts.quality);
    await this.waitMetadata();
    if (opts.startS !== undefined && opts.startS > 0) await this.seek(opts.startS);
  }

  /** Points the element at the media; the HLS adapter overrides this. */
  protected async attach(n: NormalizedSource): Promise<void> {
    this.element.src = n.url;
    this.element.load();
  }

  protected waitMetadata(): Promise<void> {
    const video = this.element;
    if (video.readyState >= HAVE_METADATA) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (ok: boolean) => {
        video.removeEventListener('loadedmetadata', onMeta);
        video.removeEventListener('error', onErr);
        if (ok) resolve();
        else reject(mediaError(video));
      };
      const onMeta = () => done(true);
      const onErr = () => done(false);
      video.addEventListener('loadedmetadata', onMeta);
      video.addEventListener('error', onErr);
    });
  }

  async play(): Promise<void> {
    const video = this.element;
    try {
      await video.play();
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'NotAllowedError' && this.opts.muteOnAutoplayBlock && !video.muted) {
        // Autoplay with sound needs a user gesture; muted playback is always allowed. The app
        // shows an "unmute" control on this event.
        video.muted = true;
        const err = new Error('autoplay with sound was blocked; playing muted');
        err.name = 'AutoplayMuted';
        this.events.emit('error', err);
        await video.play();
        return;
      }
      if (name === 'AbortError') return; // a pause() or new load interrupted it: not an error
      throw e;
    }
  }

  pause(): void {
    if (!this.element.paused) this.element.pause();
  }

  /**
   * Resolves once the element has seeked and can show the frame there (SYNC.md: starting
   * right after a seek is late unless we wait for `seeked` and a decoded frame).
   */
  seek(s: number): Promise<void> {
    const video = this.element;
    const target = Math.max(0, s);
    return new Promise((resolve) => {
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        video.removeEventListener('seeked', onSeeked);
        resolve();
      };
      const onSeeked = () => {
        video.removeEventListener('seeked', onSeeked);
        this.waitFrame().then(finish, finish);
      };
      const timer = setTimeout(finish, this.opts.seekTimeoutMs);
      video.addEventListener('seeked', onSeeked);
      video.currentTime = target;
    });
  }

  /** Waits until the element has data to play from here (a decoded frame where supported). */
  protected waitFrame(): Promise<void> {
    const video = this.element as VideoWithFrames;
    if (video.readyState >= HAVE_FUTURE_DATA) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        video.removeEventListener('canplay', done);
        resolve();
      };
      video.addEventListener('canplay', done);
    });
  }

  currentTime(): number {
    return this.element.currentTime;
  }

  setRate(r: number): void {
    if (Number.isFinite(r) && r > 0 && Math.abs(this.element.playbackRate - r) > 1e-4) this.element.playbackRate = r;
  }

  isBuffering(): boolean {
    return this.buffering;
  }

  isPlaying(): boolean {
    return !this.element.paused && !this.element.ended && !this.buffering;
  }

  hasTime(): boolean {
    return this.element.readyState >= HAVE_METADATA;
  }

  /** Progressive files have one quality; the HLS adapter maps labels to levels. */
  setQuality(_label: string | null): void {
    /* nothing to switch */
  }

  /** Shows the text track whose language (or label) matches; null hides all. */
  setSubtitle(lang: string | null): void {
    const tracks = this.element.textTracks;
    if (!tracks) return;
    for (let i = 0; i < tracks.length; i++) {
      const t = tracks[i];
      if (!t) continue;
      t.mode = lang !== null && (t.language === lang || t.label === lang) ? 'showing' : 'disabled';
    }
  }

  /** <track> elements for WebVTT subtitles (HLS renditions are handled by hls.js instead). */
  protected installTracks(n: NormalizedSource): void {
    const video = this.element;
    for (const old of Array.from(video.querySelectorAll('track'))) old.remove();
    for (const sub of n.subtitles) {
      if (!sub.url || /\.m3u8?(\?|#|$)/i.test(sub.url)) continue;
      const track = video.ownerDocument.createElement('track');
      track.kind = 'subtitles';
      track.src = sub.url;
      track.srclang = sub.language;
      track.label = sub.label || sub.language;
      video.appendChild(track);
    }
  }

  protected setBuffering(b: boolean): void {
    if (this.buffering === b) return;
    this.buffering = b;
    this.events.emit('buffering', b);
  }

  destroy(): void {
    for (const c of this.cleanup.splice(0)) c();
    const video = this.element;
    video.pause();
    video.removeAttribute('src');
    try {
      video.load(); // releases the decoder and the network connection
    } catch {
      /* ignore */
    }
    video.remove();
    this.events.clear();
  }
}

function mediaError(video: HTMLVideoElement): Error {
  const e = video.error;
  const err = new Error(e ? `media error ${e.code}${e.message ? `: ${e.message}` : ''}` : 'media error');
  err.name = 'MediaError';
  return err;
}
