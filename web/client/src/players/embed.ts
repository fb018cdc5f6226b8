import { systemTime, type TimeSource } from '../util/time.js';
import { EmittingAdapter } from './emitting.js';
import { normalizeSource, type AnySource, type NormalizedSource } from './source.js';
import type { LoadOptions, PlayerAdapter } from './types.js';
import { embedUrlAt, originOf, parsePlayerEvent, type VidkingPlayerEvent } from './vidking.js';

export interface EmbedOptions {
  /** Origin whose messages are trusted; default the embed URL's origin. */
  expectedOrigin?: string;
  /** Start playing after (re)loads (the player's `autoPlay`). Default true. */
  autoplay?: boolean;
  time?: TimeSource;
  /** The window that receives postMessage (default the container's). */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/**
 * An iframe player that accepts no commands (VidKing). We only learn its time from its
 * PLAYER_EVENT telemetry and "seek" by reloading at `?progress=<s>`: soft sync (SYNC.md 7).
 */
export class EmbedAdapter extends EmittingAdapter implements PlayerAdapter {
  readonly kind = 'embed' as const;
  readonly controllable = false;
  readonly element: HTMLIFrameElement;
  private source: NormalizedSource | null = null;
  private expectedOrigin = '';
  private readonly fixedOrigin: string | undefined;
  private readonly time: TimeSource;
  private readonly autoplayDefault: boolean;
  private readonly win: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  private readonly onMessage: (e: MessageEvent) => void;
  private lastTime = 0;
  private lastAt = 0;
  private playing = false;
  private reported = false;
  private duration: number | null = null;

  constructor(container: HTMLElement, opts: EmbedOptions = {}) {
    super();
    this.time = opts.time ?? systemTime;
    this.fixedOrigin = opts.expectedOrigin;
    this.autoplayDefault = opts.autoplay ?? true;
    const doc = container.ownerDocument;
    const iframe = doc.createElement('iframe');
    iframe.setAttribute('allow', 'autoplay; fullscreen; encrypted-media; picture-in-picture');
    iframe.setAttribute('allowfullscreen', '');
    iframe.setAttribute('title', 'Video player');
    iframe.style.border = '0';
    iframe.style.width = '100%';
    iframe.style.height = '100%';
    iframe.addEventListener('load', () => this.events.emit('ready'));
    this.element = iframe;
    container.appendChild(iframe);
    this.win = opts.window ?? doc.defaultView;
    this.onMessage = (e: MessageEvent) => this.handleMessage(e);
    this.win?.addEventListener('message', this.onMessage as EventListener);
  }

  async load(src: AnySource, opts: LoadOptions = {}): Promise<void> {
    const n = normalizeSource(src);
    this.source = n;
    this.expectedOrigin = this.fixedOrigin ?? originOf(n.embed_url);
    this.reloadAt(opts.startS ?? 0, opts.autoplay ?? this.autoplayDefault);
  }

  /** Reloads the player at `positionS` — the only way to move an embed. */
  reloadAt(positionS: number, autoplay: boolean): void {
    if (!this.source) return;
    this.reported = false;
    this.playing = false;
    this.lastTime = Math.max(0, Math.floor(positionS));
    this.lastAt = this.time.now();
    this.element.src = embedUrlAt(this.source.embed_url, positionS, autoplay);
  }

  /** The embed ignores commands; the controller soft-syncs it with reloadAt. */
  async play(): Promise<void> {
    /* not controllable */
  }
  pause(): void {
    /* not controllable */
  }
  async seek(s: number): Promise<void> {
    this.reloadAt(s, this.playing || this.autoplayDefault);
  }
  setRate(_r: number): void {
    /* not controllable */
  }

  /** Last reported time, extrapolated while the player says it is playing. */
  currentTime(): number {
    if (!this.playing) return this.lastTime;
    return this.lastTime + (this.time.now() - this.lastAt) / 1000;
  }
  isBuffering(): boolean {
    return false; // the player does not report it
  }
  isPlaying(): boolean {
    return this.playing;
  }
  /** True once the player reported its time since the last (re)load. */
  hasTime(): boolean {
    return this.reported;
  }
  get durationS(): number | null {
    return this.duration;
  }

  /** Handles one postMessage; public for tests. */
  handleMessage(e: Pick<MessageEvent, 'origin' | 'data' | 'source'>): VidkingPlayerEvent | null {
    // Only our own iframe: another embed of the same origin on the page must not steer us.
    const cw = this.element.contentWindow;
    if (cw && e.source && e.source !== cw) return null;
    const ev = parsePlayerEvent(e.origin, e.data, this.expectedOrigin);
    if (!ev) return null;
    this.lastTime = ev.currentTime;
    this.lastAt = this.time.now();
    this.reported = true;
    if (ev.duration !== undefined && ev.duration > 0) this.duration = ev.duration;
    switch (ev.event) {
      case 'play':
      case 'timeupdate':
        this.playing = true;
        break;
      case 'pause':
      case 'ended':
        this.playing = false;
        break;
      case 'seeked':
        this.events.emit('seeked', ev.currentTime);
        break;
    }
    this.events.emit('time', ev.currentTime, ev);
    if (ev.event === 'ended') this.events.emit('ended');
    return ev;
  }

  destroy(): void {
    this.win?.removeEventListener('message', this.onMessage as EventListener);
    this.element.src = 'about:blank';
    this.element.remove();
    this.events.clear();
  }
}
