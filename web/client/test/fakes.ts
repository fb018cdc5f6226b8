// Hand-written fakes: a controllable clock, a WebSocket, fetch routes, a <video>, a container.
import type { TimeSource } from '../src/util/time.js';
import type { PlayerAdapter, PlayerEvent, LoadOptions } from '../src/players/types.js';
import type { AnySource } from '../src/players/source.js';
import { Emitter } from '../src/util/emitter.js';

/** Lets pending promise continuations run (real macrotask, so nested awaits settle). */
export const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

interface Timer { id: number; at: number; fn: () => void }

export class FakeTime implements TimeSource {
  t = 0;
  wallBase = 1_700_000_000_000;
  private timers: Timer[] = [];
  private nextId = 1;
  now = (): number => this.t;
  wallNow = (): number => this.wallBase + this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  get pending(): number {
    return this.timers.length;
  }
  /** Advances time, running due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  static reset(): void {
    FakeWebSocket.instances = [];
  }
  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!ws) throw new Error('no socket');
    return ws;
  }
  readyState = 0;
  sent: any[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(public url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(text: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(text));
  }
  close(code?: number, reason?: string): void {
    // A stalled link never completes the close handshake: no onclose here.
    this.closedWith = { code, reason };
    this.readyState = 2;
  }
  // --- server side ---
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: typeof msg === 'string' ? msg : JSON.stringify(msg) });
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  sentOfType(type: string): any[] {
    return this.sent.filter((m) => m.type === type);
  }
}

export interface Route {
  (req: { method: string; url: URL; body: any; headers: Record<string, string> }): { status: number; body?: unknown; headers?: Record<string, string> } | Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;
}

/** A fetch that answers from `route`; records every call. */
export function fakeFetch(route: Route): { fetch: typeof fetch; calls: { method: string; path: string; auth: string | undefined; body: any }[] } {
  const calls: { method: string; path: string; auth: string | undefined; body: any }[] = [];
  const f = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method: init?.method ?? 'GET', path: url.pathname + url.search, auth: headers['Authorization'], body });
    const r = await route({ method: init?.method ?? 'GET', url, body, headers });
    const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return new Response(r.status === 204 ? null : text, { status: r.status, headers: r.headers ?? {} });
  };
  return { fetch: f as typeof fetch, calls };
}

export function tokenPair(n: number, expiresIn = 900): any {
  return {
    access_token: `access-${n}`, token_type: 'Bearer', expires_in: expiresIn,
    refresh_token: `refresh-${n}`, refresh_expires_in: 86400,
    user: { id: 'guest:1', display_name: 'Zoë', kind: 'guest', scopes: ['room:join'] },
  };
}

export const errorBody = (code: string, details: Record<string, unknown> = {}) => ({ error: { code, message: code.toLowerCase(), details } });

/**
 * A controllable player with a simulated media clock on FakeTime: seeks take `seekDelayMs`,
 * play() starts the clock after `startDelayMs` (the player's start latency).
 */
export class FakeAdapter implements PlayerAdapter {
  readonly kind: 'html5' | 'hls' | 'embed';
  readonly controllable: boolean;
  private readonly ev = new Emitter<PlayerEvent>();
  pos = 0;
  startedAt: number | null = null;
  rate = 1;
  playing = false;
  buffering = false;
  seekDelayMs = 30;
  startDelayMs = 0;
  loads: { src: AnySource; opts?: LoadOptions }[] = [];
  seeks: number[] = [];
  plays: number[] = [];
  pauses = 0;
  rates: number[] = [];
  reloads: { pos: number; autoplay: boolean }[] = [];
  reported = false;
  constructor(private readonly time: FakeTime, kind: 'html5' | 'hls' | 'embed' = 'html5') {
    this.kind = kind;
    this.controllable = kind !== 'embed';
  }
  async load(src: AnySource, opts?: LoadOptions): Promise<void> {
    this.loads.push(opts === undefined ? { src } : { src, opts });
    if (opts?.startS !== undefined) this.pos = opts.startS;
  }
  private settle(): void {
    if (this.startedAt !== null) {
      this.pos += ((this.time.now() - this.startedAt) / 1000) * this.rate;
      this.startedAt = this.time.now();
    }
  }
  play(): Promise<void> {
    this.plays.push(this.time.now());
    this.playing = true;
    return new Promise((resolve) => {
      this.time.setTimeout(() => {
        if (this.playing && this.startedAt === null) this.startedAt = this.time.now();
        resolve();
      }, this.startDelayMs);
    });
  }
  pause(): void {
    this.settle();
    if (this.playing) this.pauses++;
    this.playing = false;
    this.startedAt = null;
  }
  seek(s: number): Promise<void> {
    this.seeks.push(s);
    return new Promise((resolve) => {
      this.time.setTimeout(() => {
        this.pos = s;
        if (this.startedAt !== null) this.startedAt = this.time.now();
        resolve();
      }, this.seekDelayMs);
    });
  }
  currentTime(): number {
    if (this.startedAt === null) return this.pos;
    return this.pos + ((this.time.now() - this.startedAt) / 1000) * this.rate;
  }
  setRate(r: number): void {
    this.settle();
    this.rate = r;
    this.rates.push(r);
  }
  isBuffering(): boolean {
    return this.buffering;
  }
  isPlaying(): boolean {
    return this.playing;
  }
  hasTime(): boolean {
    return this.controllable || this.reported;
  }
  reloadAt(pos: number, autoplay: boolean): void {
    this.reloads.push({ pos, autoplay });
    this.pos = pos;
    this.reported = false;
  }
  on(ev: PlayerEvent, cb: (...a: any[]) => void): () => void {
    return this.ev.on(ev, cb);
  }
  emit(ev: PlayerEvent, ...a: unknown[]): void {
    this.ev.emit(ev, ...a);
  }
  destroy(): void {}
}

/** A minimal <video>: enough of HTMLMediaElement for the html5/hls adapters. */
export class FakeVideo extends EventTarget {
  tagName = 'VIDEO';
  currentTimeValue = 0;
  paused = true;
  ended = false;
  muted = false;
  readyState = 0;
  playbackRate = 1;
  src = '';
  poster = '';
  preload = '';
  controls = true;
  playsInline = false;
  crossOrigin: string | null = null;
  error: { code: number; message: string } | null = null;
  attributes: Record<string, string> = {};
  children: any[] = [];
  textTracks: any[] & { length: number } = [] as any;
  playImpl: () => Promise<void> = async () => {};
  nativeHls = false;
  removed = false;
  ownerDocument: FakeDocument;
  constructor(doc: FakeDocument) {
    super();
    this.ownerDocument = doc;
  }
  get currentTime(): number {
    return this.currentTimeValue;
  }
  set currentTime(v: number) {
    this.currentTimeValue = v;
    this.dispatchEvent(new Event('seeking'));
    setTimeout(() => this.dispatchEvent(new Event('seeked')), 1);
  }
  setAttribute(k: string, v: string): void {
    this.attributes[k] = v;
  }
  removeAttribute(k: string): void {
    delete this.attributes[k];
    if (k === 'src') this.src = '';
  }
  canPlayType(t: string): string {
    return this.nativeHls && t === 'application/vnd.apple.mpegurl' ? 'maybe' : '';
  }
  load(): void {}
  async play(): Promise<void> {
    await this.playImpl();
    this.paused = false;
    this.dispatchEvent(new Event('playing'));
  }
  pause(): void {
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }
  appendChild(c: any): void {
    this.children.push(c);
  }
  querySelectorAll(sel: string): any[] {
    return this.children.filter((c) => c.tagName?.toLowerCase() === sel);
  }
  remove(): void {
    this.removed = true;
  }
  fire(type: string): void {
    this.dispatchEvent(new Event(type));
  }
}

export class FakeIframe extends EventTarget {
  tagName = 'IFRAME';
  src = '';
  style: Record<string, string> = {};
  attributes: Record<string, string> = {};
  contentWindow: object | null = { name: 'iframe-window' };
  removed = false;
  setAttribute(k: string, v: string): void {
    this.attributes[k] = v;
  }
  remove(): void {
    this.removed = true;
  }
}

export class FakeDocument {
  defaultView: EventTarget = new EventTarget();
  created: any[] = [];
  createElement(tag: string): any {
    let el: any;
    if (tag === 'video') el = new FakeVideo(this);
    else if (tag === 'iframe') el = new FakeIframe();
    else el = { tagName: tag.toUpperCase(), remove() { this.removed = true; } };
    el.ownerDocument = this;
    this.created.push(el);
    return el;
  }
}

export function fakeContainer(): { container: HTMLElement; doc: FakeDocument; children: any[] } {
  const doc = new FakeDocument();
  const children: any[] = [];
  const container = { ownerDocument: doc, appendChild: (c: any) => children.push(c) } as unknown as HTMLElement;
  return { container, doc, children };
}
