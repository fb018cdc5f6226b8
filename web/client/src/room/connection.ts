import { ApiError, STATUS_BY_CODE } from '../errors.js';
import {
  isChatMessage, isParticipant, isPlaybackState, isRecord, isTimePong, parseServerEnvelope,
  type ChatHistoryPage, type ChatMessage, type ClientMessageType, type Participant,
  type PlaybackState, type Room, type ServerEnvelope,
} from '../protocol/types.js';
import type { StreamItApi } from '../rest/api.js';
import { ClockSync } from '../sync/clock.js';
import { Emitter } from '../util/emitter.js';
import { systemTime, type TimeSource } from '../util/time.js';
import {
  appendChat, backoffDelay, isNewerPlayback, prependChat, removeParticipants, upsertParticipants,
} from './ordering.js';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type RoomEvent =
  | 'status' | 'snapshot' | 'playback' | 'room' | 'participants' | 'chat' | 'chatState' | 'error' | 'closed' | 'message';

export interface CloseInfo {
  code: number;
  reason: string;
  error?: ApiError;
}

export interface RoomConnectionOptions {
  api: StreamItApi;
  code: string;
  WebSocketImpl?: typeof WebSocket;
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Liveness ping interval (the clock's own schedule may ping more often). Default 3000. */
  pingIntervalMs?: number;
  /** A ping unanswered (and nothing else received) for this long means the link is dead. Default 6000. */
  deadAfterMs?: number;
  /** Command reply timeout. Default 10000. */
  commandTimeoutMs?: number;
  /** Chat messages kept from live batches. Default 500. */
  chatMax?: number;
  /** Pings in the join burst and their spacing (default 5 × 100 ms). */
  burst?: { count?: number; spacingMs?: number };
  time?: TimeSource;
  random?: () => number;
  clock?: ClockSync;
}

/** Close codes after which reconnecting is wrong (docs/errors.md). */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([4001, 4002, 4003, 1008]);
/** Ticket/HTTP refusals that will not heal by retrying. */
const TERMINAL_HTTP_CODES = new Set(['ROOM_NOT_FOUND', 'ROOM_CLOSED', 'FORBIDDEN', 'UNAUTHORIZED', 'VALIDATION_FAILED', 'NOT_FOUND']);

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: ApiError) => void;
  timer: unknown;
  /** Playback commands resolve with the resulting state even when the reply is a bare ack. */
  playback?: boolean;
}

const OPEN = 1;

/**
 * One member's live link to a room: ticket auth, the server's state (snapshot + events, with
 * stale playback states dropped), command/reply correlation, clock pings, and reconnection
 * with back-off when the link drops or silently stalls.
 */
export class RoomConnection {
  readonly code: string;
  readonly clock: ClockSync;
  private readonly api: StreamItApi;
  private readonly WS: typeof WebSocket;
  private readonly time: TimeSource;
  private readonly random: () => number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly pingIntervalMs: number;
  private readonly deadAfterMs: number;
  private readonly commandTimeoutMs: number;
  private readonly chatMax: number;
  private readonly burstCount: number;
  private readonly burstSpacingMs: number;
  private readonly events = new Emitter<RoomEvent>();

  private _status: ConnectionStatus = 'closed';
  private _closeInfo: CloseInfo | null = null;
  private _room: Room | null = null;
  private _roomState: { state: string; grace_deadline_ms?: number } | null = null;
  private _playback: PlaybackState | null = null;
  private _participants: Participant[] = [];
  private _participantCount = 0;
  private _chat: ChatMessage[] = [];
  private _chatEnabled = true;
  private _you: Participant | null = null;

  private ws: WebSocket | null = null;
  /** Bumped whenever a socket is abandoned, so its late callbacks are ignored. */
  private generation = 0;
  private attempt = 0;
  private started = false;
  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private deadTimer: unknown = null;
  private burstTimers: unknown[] = [];
  private unansweredSince: number | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly pingsInFlight = new Set<number>();
  private resyncWaiters: Pending[] = [];
  private nextId = 1;
  private removeOnline: (() => void) | null = null;

  constructor(opts: RoomConnectionOptions) {
    this.api = opts.api;
    this.code = opts.code.toUpperCase();
    const WS = opts.WebSocketImpl ?? (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    if (!WS) throw new Error('RoomConnection: no WebSocket implementation available');
    this.WS = WS;
    this.time = opts.time ?? systemTime;
    this.random = opts.random ?? Math.random;
    this.baseMs = opts.reconnect?.baseMs ?? 500;
    this.maxMs = opts.reconnect?.maxMs ?? 10_000;
    this.pingIntervalMs = opts.pingIntervalMs ?? 3000;
    this.deadAfterMs = opts.deadAfterMs ?? 6000;
    this.commandTimeoutMs = opts.commandTimeoutMs ?? 10_000;
    this.chatMax = opts.chatMax ?? 500;
    this.burstCount = opts.burst?.count ?? 5;
    this.burstSpacingMs = opts.burst?.spacingMs ?? 100;
    this.clock = opts.clock ?? new ClockSync({ time: this.time });
    this.clock.onDistrust = () => this.burst();
  }

  // ---------------- state ----------------
  get status(): ConnectionStatus { return this._status; }
  get closeInfo(): CloseInfo | null { return this._closeInfo; }
  get room(): Room | null { return this._room; }
  get roomState(): { state: string; grace_deadline_ms?: number } | null { return this._roomState; }
  get playback(): PlaybackState | null { return this._playback; }
  get participants(): Participant[] { return this._participants; }
  /** Room-wide count (may exceed participants.length when the list is capped). */
  get participantCount(): number { return this._participantCount; }
  get chat(): ChatMessage[] { return this._chat; }
  get chatEnabled(): boolean { return this._chatEnabled; }
  get you(): Participant | null { return this._you; }
  /** True when `you` is the room's host (per the last snapshot). */
  get isHost(): boolean { return this._you?.is_host === true; }

  on(event: RoomEvent, cb: (...args: any[]) => void): () => void { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.events.on(event, cb);
  }

  // ---------------- lifecycle ----------------
  connect(): void {
    if (this.started) return;
    this.started = true;
    this._closeInfo = null;
    this.attempt = 0;
    this.listenOnline();
    void this.open();
  }

  /** Closes for good (no reconnect). */
  close(): void {
    if (!this.started && this._status === 'closed') return;
    this.finish({ code: 1000, reason: 'closed by client' });
  }

  private async open(): Promise<void> {
    const gen = ++this.generation;
    this.setStatus(this.attempt === 0 && !this._playback ? 'connecting' : 'reconnecting');
    let ticket: string;
    try {
      // A fresh ticket every time: they are single-use and live ≤ 30 s. The REST client
      // refreshes the session when the access token expired.
      ticket = (await this.api.wsTicket(this.code)).ticket;
    } catch (e) {
      if (gen !== this.generation) return;
      const err = e instanceof ApiError ? e : new ApiError('NETWORK', String(e));
      if (TERMINAL_HTTP_CODES.has(err.code)) this.finish({ code: 0, reason: err.code, error: err });
      else this.scheduleReconnect();
      return;
    }
    if (gen !== this.generation) return;
    let ws: WebSocket;
    try {
      ws = new this.WS(this.api.wsUrl(this.code, ticket));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (gen !== this.generation) return;
      opened = true;
      this.unansweredSince = null;
      this.burst();
      this.schedulePing();
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (gen !== this.generation) return;
      this.handleMessage(ev.data);
    };
    ws.onerror = () => {
      /* onclose follows with the details */
    };
    ws.onclose = (ev: CloseEvent) => {
      if (gen !== this.generation) return;
      void this.handleClose(ev.code, ev.reason, opened);
    };
  }

  private async handleClose(code: number, reason: string, opened: boolean): Promise<void> {
    this.abandonSocket(false);
    if (TERMINAL_CLOSE_CODES.has(code)) {
      this.finish({ code, reason: reason || closeReason(code) });
      return;
    }
    if (!opened) {
      // Upgrade refusals are HTTP answers the browser hides (close 1006): ask REST why, so an
      // unknown or expired room ends instead of retrying forever.
      const gen = this.generation;
      try {
        const room = await this.api.getRoom(this.code);
        if (gen !== this.generation) return;
        if (room.state === 'EXPIRED') {
          this.finish({ code: 0, reason: 'ROOM_CLOSED', error: new ApiError('ROOM_CLOSED', 'the room has expired', { status: 410 }) });
          return;
        }
      } catch (e) {
        if (gen !== this.generation) return;
        if (e instanceof ApiError && TERMINAL_HTTP_CODES.has(e.code)) {
          this.finish({ code: 0, reason: e.code, error: e });
          return;
        }
      }
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.started) return;
    this.attempt += 1;
    this.setStatus('reconnecting');
    const delay = backoffDelay(this.attempt, this.baseMs, this.maxMs, this.random);
    this.clearTimer('reconnectTimer');
    this.reconnectTimer = this.time.setTimeout(() => {
      this.reconnectTimer = null;
      void this.open();
    }, delay);
  }

  /** Reconnect now (the browser came back online): skips the remaining back-off. */
  reconnectNow(): void {
    if (!this.started || this._status === 'open') return;
    if (this.reconnectTimer !== null) {
      this.clearTimer('reconnectTimer');
      void this.open();
    }
  }

  private listenOnline(): void {
    const w = globalThis as { addEventListener?: (t: string, cb: () => void) => void; removeEventListener?: (t: string, cb: () => void) => void };
    if (typeof w.addEventListener !== 'function' || typeof w.removeEventListener !== 'function') return;
    const cb = () => this.reconnectNow();
    w.addEventListener('online', cb);
    this.removeOnline = () => w.removeEventListener?.('online', cb);
  }

  /** Detaches the current socket (its callbacks become no-ops) and stops its timers. */
  private abandonSocket(closeIt: boolean, code = 4000, reason = 'client'): void {
    this.generation += 1;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      if (closeIt) {
        try {
          ws.close(code, reason);
        } catch {
          /* already closing */
        }
      }
    }
    this.clearTimer('pingTimer');
    this.clearTimer('deadTimer');
    for (const t of this.burstTimers) this.time.clearTimeout(t);
    this.burstTimers = [];
    this.pingsInFlight.clear();
    this.unansweredSince = null;
    const err = new ApiError('NETWORK', 'connection lost before the reply');
    for (const p of this.pending.values()) {
      this.time.clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    for (const p of this.resyncWaiters) {
      this.time.clearTimeout(p.timer);
      p.reject(err);
    }
    this.resyncWaiters = [];
  }

  private finish(info: CloseInfo): void {
    this.started = false;
    this.abandonSocket(true, 1000, 'bye');
    this.clearTimer('reconnectTimer');
    this.removeOnline?.();
    this.removeOnline = null;
    this._closeInfo = info;
    this.setStatus('closed');
    this.events.emit('closed', info);
  }

  private setStatus(s: ConnectionStatus): void {
    if (s === this._status) return;
    this._status = s;
    this.events.emit('status', s);
  }

  private clearTimer(name: 'reconnectTimer' | 'pingTimer' | 'deadTimer'): void {
    if (this[name] !== null) {
      this.time.clearTimeout(this[name]);
      this[name] = null;
    }
  }

  // ---------------- pings: clock samples and liveness ----------------
  private burst(): void {
    for (let i = 0; i < this.burstCount; i++) {
      this.burstTimers.push(this.time.setTimeout(() => this.ping(), i * this.burstSpacingMs));
    }
  }

  private schedulePing(): void {
    this.clearTimer('pingTimer');
    const delay = Math.min(this.pingIntervalMs, this.clock.nextIntervalMs());
    this.pingTimer = this.time.setTimeout(() => {
      this.pingTimer = null;
      this.ping();
      this.schedulePing();
    }, delay);
  }

  private ping(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN) return;
    const t0 = this.time.wallNow();
    this.pingsInFlight.add(t0);
    if (this.pingsInFlight.size > 32) this.pingsInFlight.delete(this.pingsInFlight.values().next().value as number);
    this.rawSend({ type: 'time.ping', id: `p${this.nextId++}`, data: { t0 } });
    if (this.unansweredSince === null) {
      this.unansweredSince = this.time.now();
      // Network loss often stalls a socket without closing it: only silence reveals it.
      this.clearTimer('deadTimer');
      this.deadTimer = this.time.setTimeout(() => this.checkDead(), this.deadAfterMs);
    }
  }

  private checkDead(): void {
    this.deadTimer = null;
    if (this.unansweredSince === null) return;
    const silentFor = this.time.now() - this.unansweredSince;
    if (silentFor >= this.deadAfterMs) {
      this.abandonSocket(true, 4000, 'dead link');
      this.scheduleReconnect();
    } else {
      this.deadTimer = this.time.setTimeout(() => this.checkDead(), this.deadAfterMs - silentFor);
    }
  }

  // ---------------- inbound ----------------
  private handleMessage(raw: unknown): void {
    const receivedWall = this.time.wallNow();
    this.unansweredSince = null; // any traffic proves the link is alive
    this.clearTimer('deadTimer');
    const env = parseServerEnvelope(raw);
    if (!env) return;
    const d = env.data;
    if (env.type === 'time.pong') {
      if (isTimePong(d) && this.pingsInFlight.delete(d.t0)) this.clock.addSample(d.t0, d.t1, d.t2, receivedWall);
      return;
    }
    this.clock.observeServerMs(d.server_ms, receivedWall);
    try {
      this.dispatch(env);
    } finally {
      this.events.emit('message', env);
    }
  }

  private dispatch(env: ServerEnvelope): void {
    const d = env.data;
    switch (env.type) {
      case 'room.snapshot':
        this.applySnapshot(d);
        return;
      case 'playback.state':
        if (isPlaybackState(d)) this.applyPlayback(stripServerMs(d));
        this.settle(env.re, d);
        return;
      case 'room.state': {
        if (typeof d['state'] !== 'string') return;
        const rs: { state: string; grace_deadline_ms?: number } = { state: d['state'] };
        if (typeof d['grace_deadline_ms'] === 'number') rs.grace_deadline_ms = d['grace_deadline_ms'];
        this._roomState = rs;
        if (this._room && rs.state !== 'DELETED') {
          this._room = { ...this._room, state: rs.state as Room['state'], grace_deadline_ms: rs.grace_deadline_ms ?? null };
        }
        this.events.emit('room', this._roomState, this._room);
        return;
      }
      case 'participant.joined':
      case 'participant.left': {
        const list = Array.isArray(d['participants']) ? d['participants'].filter(isParticipant) : [];
        this._participants = env.type === 'participant.joined'
          ? upsertParticipants(this._participants, list)
          : removeParticipants(this._participants, list);
        if (typeof d['count'] === 'number') this._participantCount = d['count'];
        this.events.emit('participants', this._participants, this._participantCount);
        return;
      }
      case 'participant.count':
        if (typeof d['count'] === 'number') this._participantCount = d['count'];
        this.events.emit('participants', this._participants, this._participantCount);
        return;
      case 'chat.messages': {
        const added = Array.isArray(d['messages']) ? d['messages'].filter(isChatMessage) : [];
        this._chat = appendChat(this._chat, added, this.chatMax);
        this.events.emit('chat', this._chat, added);
        return;
      }
      case 'chat.deleted': {
        const id = d['message_id'];
        if (typeof id !== 'string') return;
        this._chat = this._chat.filter((m) => m.id !== id);
        this.events.emit('chat', this._chat, []);
        return;
      }
      case 'chat.state':
        if (typeof d['enabled'] === 'boolean') this.setChatEnabledLocal(d['enabled']);
        this.settle(env.re, d);
        return;
      case 'chat.history': {
        const page: ChatHistoryPage = {
          messages: Array.isArray(d['messages']) ? d['messages'].filter(isChatMessage) : [],
          next_before: typeof d['next_before'] === 'string' ? d['next_before'] : null,
        };
        this._chat = prependChat(this._chat, page.messages);
        this.events.emit('chat', this._chat, []);
        this.settle(env.re, page);
        return;
      }
      case 'ack': {
        // The kernel fans the new playback.state out first and then acks the host's command
        // (websocket.md says the state carries `re`; accept both): answer with that state.
        const p = env.re ? this.pending.get(env.re) : undefined;
        this.settle(env.re, p?.playback && this._playback ? this._playback : d);
        return;
      }
      case 'error': {
        const err = wireError(d);
        if (err.code === 'CHAT_DISABLED') this.setChatEnabledLocal(false);
        // CONFLICT carries the current state: apply it so the caller re-applies on fresh data.
        const cur = err.details['state'];
        if (err.code === 'CONFLICT' && isPlaybackState(cur)) this.applyPlayback(cur);
        if (env.re && this.pending.has(env.re)) this.settle(env.re, undefined, err);
        else this.events.emit('error', err);
        return;
      }
      default:
        return; // unknown types: forward-compatible, visible through the 'message' event
    }
  }

  private applySnapshot(d: Record<string, unknown>): void {
    const playback = d['playback'];
    if (!isPlaybackState(playback)) return;
    // The snapshot is the whole truth at its send time: replace, never merge.
    this._playback = playback;
    const room = d['room'];
    if (isRecord(room) && typeof room['code'] === 'string') {
      this._room = room as unknown as Room;
      const rs: { state: string; grace_deadline_ms?: number } = { state: String(room['state']) };
      if (typeof room['grace_deadline_ms'] === 'number') rs.grace_deadline_ms = room['grace_deadline_ms'];
      this._roomState = rs;
    }
    const parts = d['participants'];
    if (isRecord(parts)) {
      const items = Array.isArray(parts['items']) ? parts['items'].filter(isParticipant) : [];
      this._participants = upsertParticipants([], items);
      this._participantCount = typeof parts['count'] === 'number' ? parts['count'] : items.length;
    }
    const chat = Array.isArray(d['chat']) ? d['chat'].filter(isChatMessage) : [];
    this._chat = appendChat([], chat, this.chatMax);
    if (isParticipant(d['you'])) this._you = { ...d['you'], is_host: d['you'].is_host === true };
    this.attempt = 0; // only a served snapshot proves the link works; resets the back-off
    this.setStatus('open');
    this.events.emit('snapshot', d);
    this.events.emit('playback', this._playback);
    this.events.emit('room', this._roomState, this._room);
    this.events.emit('participants', this._participants, this._participantCount);
    this.events.emit('chat', this._chat, chat);
    const waiters = this.resyncWaiters;
    this.resyncWaiters = [];
    for (const w of waiters) {
      this.time.clearTimeout(w.timer);
      w.resolve(d);
    }
  }

  private applyPlayback(state: PlaybackState): void {
    if (!isNewerPlayback(state, this._playback)) return; // stale or duplicate
    this._playback = state;
    this.events.emit('playback', state);
  }

  private setChatEnabledLocal(on: boolean): void {
    if (this._chatEnabled === on) return;
    this._chatEnabled = on;
    this.events.emit('chatState', on);
  }

  private settle(re: string | undefined, value: unknown, err?: ApiError): void {
    if (!re) return;
    const p = this.pending.get(re);
    if (!p) return;
    this.pending.delete(re);
    this.time.clearTimeout(p.timer);
    if (err) p.reject(err);
    else p.resolve(value);
  }

  // ---------------- outbound ----------------
  private rawSend(msg: { type: ClientMessageType; id?: string; data?: Record<string, unknown> }): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN) return false;
    try {
      ws.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Sends a command and resolves with its reply's data (or rejects with the `error` reply,
   * ApiError('TIMEOUT') after commandTimeoutMs, ApiError('NETWORK') when not connected or the
   * link drops first). Playback commands resolve with the resulting PlaybackState.
   */
  command(type: ClientMessageType, data?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = `c${this.nextId++}`;
      const msg: { type: ClientMessageType; id: string; data?: Record<string, unknown> } = { type, id };
      if (data !== undefined) msg.data = data;
      if (!this.rawSend(msg)) {
        reject(new ApiError('NETWORK', 'not connected to the room'));
        return;
      }
      const timer = this.time.setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError('TIMEOUT', `${type}: no reply within ${this.commandTimeoutMs} ms`));
      }, this.commandTimeoutMs);
      this.pending.set(id, { resolve, reject, timer, playback: type.startsWith('playback.') });
    });
  }

  play(positionS?: number): Promise<unknown> {
    return this.command('playback.play', positionS === undefined ? undefined : { position_s: clampPos(positionS) });
  }
  pause(positionS?: number): Promise<unknown> {
    return this.command('playback.pause', positionS === undefined ? undefined : { position_s: clampPos(positionS) });
  }
  seek(positionS: number): Promise<unknown> {
    return this.command('playback.seek', { position_s: clampPos(positionS) });
  }
  setSource(provider: string, ref: string): Promise<unknown> {
    return this.command('playback.set_source', { provider, ref });
  }
  changeQuality(q: string): Promise<unknown> {
    return this.command('playback.change_quality', { quality: q });
  }
  changeSubtitle(s: string | null): Promise<unknown> {
    return this.command('playback.change_subtitle', { subtitle: s });
  }
  async sendChat(text: string): Promise<void> {
    await this.command('chat.send', { text });
  }
  async chatHistory(before?: string, limit?: number): Promise<ChatHistoryPage> {
    const data: Record<string, unknown> = {};
    if (before !== undefined) data['before'] = before;
    if (limit !== undefined) data['limit'] = limit;
    return (await this.command('chat.history', data)) as ChatHistoryPage;
  }
  setChatEnabled(on: boolean): Promise<unknown> {
    return this.command('chat.set_enabled', { enabled: on });
  }
  deleteChat(messageId: string): Promise<unknown> {
    return this.command('chat.delete', { message_id: messageId });
  }
  mute(userId: string, durationS: number): Promise<unknown> {
    return this.command('chat.mute', { user_id: userId, duration_s: Math.round(durationS) });
  }
  kick(userId: string, durationS: number): Promise<unknown> {
    return this.command('chat.kick', { user_id: userId, duration_s: Math.round(durationS) });
  }
  /** Telemetry for drift and the buffering policy; fire-and-forget. */
  report(r: { position_s: number; buffering: boolean }): void {
    this.rawSend({ type: 'playback.report', data: { position_s: clampPos(r.position_s), buffering: r.buffering, client_ms: this.time.wallNow() } });
  }
  /** Asks for a fresh snapshot; resolves with it (the snapshot carries no `re`, so the next one answers). */
  resync(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!this.rawSend({ type: 'room.resync', data: {} })) {
        reject(new ApiError('NETWORK', 'not connected to the room'));
        return;
      }
      const entry: Pending = { resolve, reject, timer: null };
      entry.timer = this.time.setTimeout(() => {
        this.resyncWaiters = this.resyncWaiters.filter((w) => w !== entry);
        reject(new ApiError('TIMEOUT', `room.resync: no snapshot within ${this.commandTimeoutMs} ms`));
      }, this.commandTimeoutMs);
      this.resyncWaiters.push(entry);
    });
  }
}

function clampPos(s: number): number {
  if (!Number.isFinite(s) || s < 0) return 0;
  return Math.min(s, 10_000_000);
}

function stripServerMs(d: PlaybackState & { server_ms?: number }): PlaybackState {
  const { server_ms: _ignored, ...state } = d;
  return state;
}

function wireError(d: Record<string, unknown>): ApiError {
  const code = typeof d['code'] === 'string' ? d['code'] : 'INTERNAL_ERROR';
  const details = isRecord(d['details']) ? d['details'] : {};
  return new ApiError(code, typeof d['message'] === 'string' ? d['message'] : code, { status: STATUS_BY_CODE[code] ?? 0, details });
}

function closeReason(code: number): string {
  switch (code) {
    case 4001: return 'room deleted';
    case 4002: return 'room expired';
    case 4003: return 'kicked';
    case 1008: return 'policy violation';
    default: return '';
  }
}
