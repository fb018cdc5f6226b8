import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { StreamItApi } from '../src/rest/api.js';
import { MemoryStorage } from '../src/rest/session.js';
import { RoomConnection } from '../src/room/connection.js';
import type { PlaybackState } from '../src/protocol/types.js';
import { errorBody, fakeFetch, FakeTime, FakeWebSocket, flush, tokenPair } from './fakes.js';

const CODE = 'ABCDEFGHJK';

function state(over: Partial<PlaybackState> = {}): PlaybackState {
  return { epoch: 1, version: 0, status: 'paused', position_s: 0, ref_server_ms: 0, rate: 1, source: null, quality: '', subtitle: null, ...over };
}

function snapshot(over: { playback?: PlaybackState; you?: object; chat?: object[] } = {}) {
  const playback = over.playback ?? state();
  return {
    type: 'room.snapshot',
    data: {
      room: { code: CODE, title: 'Movie night', host: { id: 'user:1', display_name: 'Host' }, is_public: true, state: 'LIVE', created_ms: 1, updated_ms: 1, grace_deadline_ms: null, viewer_count: 2, source: null },
      epoch: playback.epoch, version: playback.version, playback,
      participants: { items: [{ session_id: 's1', user_id: 'user:1', display_name: 'Host', is_host: true }], count: 1, complete: true },
      chat: over.chat ?? [{ id: 'm1', user_id: 'user:1', display_name: 'Host', text: 'hi', ts_ms: 1 }],
      you: over.you ?? { session_id: 's2', user_id: 'guest:1', display_name: 'Zoë', is_host: false },
      server_ms: 1_700_000_000_000,
    },
  };
}

interface Setup { conn: RoomConnection; time: FakeTime; tickets: number; calls: ReturnType<typeof fakeFetch>['calls']; setTicket(r: () => { status: number; body?: unknown }): void; setRoom(r: () => { status: number; body?: unknown }): void }

async function setup(opts: { deadAfterMs?: number; pingIntervalMs?: number } = {}): Promise<Setup> {
  const time = new FakeTime();
  let tickets = 0;
  let ticketRoute: () => { status: number; body?: unknown } = () => ({ status: 200, body: { ticket: `t${++tickets}`, expires_in: 30 } });
  let roomRoute: () => { status: number; body?: unknown } = () => ({ status: 200, body: { code: CODE, state: 'LIVE' } });
  const { fetch, calls } = fakeFetch(({ url }) => {
    if (url.pathname.endsWith('/ws-ticket')) return ticketRoute();
    if (url.pathname === `/api/v1/rooms/${CODE}`) return roomRoute();
    return { status: 200, body: tokenPair(1) };
  });
  const api = new StreamItApi({ baseUrl: 'http://kernel.test', fetch, storage: new MemoryStorage() });
  await api.signInGuest('Zoë');
  const conn = new RoomConnection({
    api, code: CODE, WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket, time, random: () => 0.5,
    reconnect: { baseMs: 100, maxMs: 1000 }, ...opts,
  });
  const s: Setup = {
    conn, time, calls,
    get tickets() { return tickets; },
    setTicket(r) { ticketRoute = r; },
    setRoom(r) { roomRoute = r; },
  };
  return s;
}

async function joined(s: Setup, snap = snapshot()): Promise<FakeWebSocket> {
  s.conn.connect();
  await flush();
  await flush();
  const ws = FakeWebSocket.last;
  ws.open();
  ws.receive(snap);
  return ws;
}

beforeEach(() => FakeWebSocket.reset());

describe('RoomConnection', () => {
  it('opens with a fresh ticket and applies the snapshot', async () => {
    const s = await setup();
    const statuses: string[] = [];
    s.conn.on('status', (st: string) => statuses.push(st));
    const ws = await joined(s);
    expect(ws.url).toBe(`ws://kernel.test/api/v1/rooms/${CODE}/ws?ticket=t1`);
    expect(statuses).toEqual(['connecting', 'open']);
    expect(s.conn.room?.title).toBe('Movie night');
    expect(s.conn.roomState).toEqual({ state: 'LIVE' });
    expect(s.conn.participants.map((p) => p.session_id)).toEqual(['s1']);
    expect(s.conn.chat.map((m) => m.id)).toEqual(['m1']);
    expect((s.conn.you as { session_id: string }).session_id).toBe('s2');
    expect(s.conn.playback?.version).toBe(0);
  });

  it('orders playback states by (epoch, version) and lets a new epoch win', async () => {
    const s = await setup();
    const ws = await joined(s);
    const seen: number[] = [];
    s.conn.on('playback', (p: PlaybackState) => seen.push(p.epoch * 100 + p.version));
    ws.receive({ type: 'playback.state', data: { ...state({ version: 2, status: 'playing' }), server_ms: 1 } });
    ws.receive({ type: 'playback.state', data: { ...state({ version: 1 }), server_ms: 1 } }); // stale
    ws.receive({ type: 'playback.state', data: { ...state({ version: 2 }), server_ms: 1 } }); // duplicate
    expect(s.conn.playback?.status).toBe('playing');
    ws.receive({ type: 'playback.state', data: { ...state({ epoch: 2, version: 0 }), server_ms: 1 } }); // rebuilt
    ws.receive({ type: 'playback.state', data: { ...state({ epoch: 1, version: 9 }), server_ms: 1 } }); // old epoch
    expect(seen).toEqual([102, 200]);
    expect(s.conn.playback).toMatchObject({ epoch: 2, version: 0 });
    expect(s.conn.playback).not.toHaveProperty('server_ms');
  });

  it('keeps participants, chat batches, deletions and room state', async () => {
    const s = await setup();
    const ws = await joined(s);
    ws.receive({ type: 'participant.joined', data: { participants: [{ session_id: 's3', user_id: 'guest:3', display_name: 'C', is_host: false }], count: 2, server_ms: 1 } });
    ws.receive({ type: 'participant.left', data: { participants: [{ session_id: 's1', user_id: 'user:1', display_name: 'Host', is_host: true }], count: 1, server_ms: 1 } });
    expect(s.conn.participants.map((p) => p.session_id)).toEqual(['s3']);
    ws.receive({ type: 'participant.count', data: { count: 250, server_ms: 1 } });
    expect(s.conn.participantCount).toBe(250);
    ws.receive({ type: 'chat.messages', data: { messages: [{ id: 'm1', user_id: 'u', display_name: 'x', text: 'dup', ts_ms: 1 }, { id: 'm2', user_id: 'u', display_name: 'x', text: '<b>', ts_ms: 2 }], server_ms: 1 } });
    expect(s.conn.chat.map((m) => m.id)).toEqual(['m1', 'm2']);
    ws.receive({ type: 'chat.deleted', data: { message_id: 'm1', server_ms: 1 } });
    expect(s.conn.chat.map((m) => m.id)).toEqual(['m2']);
    let enabled: boolean | null = null;
    s.conn.on('chatState', (e: boolean) => (enabled = e));
    ws.receive({ type: 'chat.state', data: { enabled: false, server_ms: 1 } });
    expect(enabled).toBe(false);
    expect(s.conn.chatEnabled).toBe(false);
    ws.receive({ type: 'room.state', data: { state: 'GRACE', grace_deadline_ms: 99, server_ms: 1 } });
    expect(s.conn.roomState).toEqual({ state: 'GRACE', grace_deadline_ms: 99 });
    expect(s.conn.room?.state).toBe('GRACE');
  });

  it('bounds the chat list', async () => {
    const time = new FakeTime();
    const { fetch } = fakeFetch(() => ({ status: 200, body: { ticket: 't', expires_in: 30 } }));
    const api = new StreamItApi({ baseUrl: 'http://k', fetch, storage: new MemoryStorage() });
    const conn = new RoomConnection({ api, code: CODE, WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket, time, chatMax: 3 });
    conn.connect();
    await flush();
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive(snapshot());
    const msgs = Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, user_id: 'u', display_name: 'x', text: 't', ts_ms: i }));
    ws.receive({ type: 'chat.messages', data: { messages: msgs, server_ms: 1 } });
    expect(conn.chat.map((m) => m.id)).toEqual(['n2', 'n3', 'n4']);
  });

  it('correlates replies by `re`, rejects error replies and times out', async () => {
    const s = await setup({ deadAfterMs: 60_000 });
    const ws = await joined(s);
    const play = s.conn.play(12.5);
    const sent = ws.sentOfType('playback.play')[0];
    expect(sent.data).toEqual({ position_s: 12.5 });
    ws.receive({ type: 'playback.state', re: sent.id, data: { ...state({ version: 1, status: 'playing', position_s: 12.5 }), server_ms: 1 } });
    await expect(play).resolves.toMatchObject({ version: 1 });
    // What the kernel actually does: broadcast the state, then ack the command.
    const seek = s.conn.seek(30);
    const sk = ws.sentOfType('playback.seek')[0];
    ws.receive({ type: 'playback.state', data: { ...state({ version: 2, status: 'playing', position_s: 30 }), server_ms: 1 } });
    ws.receive({ type: 'ack', re: sk.id, data: { server_ms: 2 } });
    await expect(seek).resolves.toMatchObject({ version: 2, position_s: 30 });

    const chat = s.conn.sendChat('hello');
    const c = ws.sentOfType('chat.send')[0];
    ws.receive({ type: 'error', re: c.id, data: { code: 'RATE_LIMITED', message: 'slow down', details: { retry_after_ms: 800 }, server_ms: 1 } });
    const err = await chat.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 800, status: 429 });

    const kick = s.conn.kick('guest:9', 60).catch((e: unknown) => e);
    expect(ws.sentOfType('chat.kick')[0].data).toEqual({ user_id: 'guest:9', duration_s: 60 });
    await s.time.advance(9_999);
    await s.time.advance(1);
    expect(await kick).toMatchObject({ code: 'TIMEOUT' });

    const hist = s.conn.chatHistory('m9', 20);
    const h = ws.sentOfType('chat.history')[0];
    expect(h.data).toEqual({ before: 'm9', limit: 20 });
    ws.receive({ type: 'chat.history', re: h.id, data: { messages: [{ id: 'm0', user_id: 'u', display_name: 'x', text: 'old', ts_ms: 0 }], next_before: null, server_ms: 1 } });
    await expect(hist).resolves.toEqual({ messages: [expect.objectContaining({ id: 'm0' })], next_before: null });
    expect(s.conn.chat[0]!.id).toBe('m0');

    // An error without a pending command surfaces as an 'error' event.
    const errors: ApiError[] = [];
    s.conn.on('error', (e: ApiError) => errors.push(e));
    ws.receive({ type: 'error', data: { code: 'INVALID_MESSAGE', message: 'bad', server_ms: 1 } });
    expect(errors[0]?.code).toBe('INVALID_MESSAGE');
  });

  it('resync resolves with the next snapshot; report carries client_ms', async () => {
    const s = await setup();
    const ws = await joined(s);
    const r = s.conn.resync();
    expect(ws.sentOfType('room.resync')).toHaveLength(1);
    ws.receive(snapshot({ playback: state({ version: 5 }) }));
    await expect(r).resolves.toMatchObject({ version: 5 });
    s.conn.report({ position_s: 3.25, buffering: true });
    expect(ws.sentOfType('playback.report')[0].data).toEqual({ position_s: 3.25, buffering: true, client_ms: s.time.wallNow() });
  });

  it('pings in a burst on open, feeds the clock, and keeps pinging', async () => {
    const s = await setup();
    const ws = await joined(s);
    for (let i = 0; i < 5; i++) {
      await s.time.advance(i === 0 ? 0 : 100);
      const p = ws.sentOfType('time.ping')[i];
      expect(p).toBeDefined();
      // Answer at once: server clock 1000 ms ahead, no transit time.
      ws.receive({ type: 'time.pong', re: p.id, data: { t0: p.data.t0, t1: p.data.t0 + 1000, t2: p.data.t0 + 1000, server_ms: p.data.t0 + 1000 } });
      expect(s.conn.clock.ready).toBe(i >= 2);
    }
    expect(ws.sentOfType('time.ping')).toHaveLength(5);
    expect(s.conn.clock.offsetMs).toBe(1000);
    // A pong for a ping we never sent is ignored.
    const fake = s.time.wallNow(); // delay 0 and the newest: it would be the best sample if accepted
    ws.receive({ type: 'time.pong', data: { t0: fake, t1: fake + 50_000, t2: fake + 50_000, server_ms: fake + 50_000 } });
    expect(s.conn.clock.offsetMs).toBe(1000);
    await s.time.advance(3000);
    expect(ws.sentOfType('time.ping').length).toBeGreaterThan(5);
  });

  it('reconnects after an unexpected close with a new ticket and applies the new snapshot', async () => {
    const s = await setup();
    const ws1 = await joined(s);
    const pending = s.conn.seek(10).catch((e: unknown) => e);
    ws1.serverClose(1011, 'server error');
    expect(await pending).toMatchObject({ code: 'NETWORK' });
    expect(s.conn.status).toBe('reconnecting');
    await s.time.advance(200);
    const ws2 = FakeWebSocket.last;
    expect(ws2).not.toBe(ws1);
    expect(ws2.url).toContain('ticket=t2');
    ws2.open();
    ws2.receive(snapshot({ playback: state({ epoch: 3, version: 1, status: 'playing' }) }));
    expect(s.conn.status).toBe('open');
    expect(s.conn.playback).toMatchObject({ epoch: 3, version: 1 });
    // Events from the abandoned socket are ignored.
    ws1.receive({ type: 'playback.state', data: { ...state({ epoch: 9, version: 9 }), server_ms: 1 } });
    expect(s.conn.playback?.epoch).toBe(3);
  });

  it('renews an expired session before fetching the ticket', async () => {
    const time = new FakeTime();
    let refreshed = 0;
    const { fetch, calls } = fakeFetch(({ url, headers }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      if (url.pathname === '/api/v1/auth/refresh') return { status: 200, body: tokenPair(2 + refreshed++) };
      if (headers['Authorization'] === 'Bearer access-1') return { status: 401, body: errorBody('TOKEN_EXPIRED') };
      return { status: 200, body: { ticket: 'fresh', expires_in: 30 } };
    });
    const api = new StreamItApi({ baseUrl: 'http://kernel.test', fetch, storage: new MemoryStorage() });
    await api.signInGuest('Zoë');
    const conn = new RoomConnection({ api, code: CODE, WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket, time });
    conn.connect();
    for (let i = 0; i < 5; i++) await flush();
    expect(refreshed).toBe(1);
    expect(calls.map((c) => c.path).slice(1)).toEqual(['/api/v1/rooms/ABCDEFGHJK/ws-ticket', '/api/v1/auth/refresh', '/api/v1/rooms/ABCDEFGHJK/ws-ticket']);
    expect(FakeWebSocket.last.url).toContain('ticket=fresh');
  });

  it('backs off exponentially while the ticket endpoint is down', async () => {
    const s = await setup();
    s.setTicket(() => ({ status: 503, body: errorBody('STATE_UNAVAILABLE') }));
    s.conn.connect();
    await flush();
    const ticketCalls = () => s.calls.filter((c) => c.path.endsWith('/ws-ticket')).length;
    expect(ticketCalls()).toBe(1);
    // random 0.5 → delays 75, 150, 300 (equal jitter around 100·2^n).
    await s.time.advance(74);
    expect(ticketCalls()).toBe(1);
    await s.time.advance(2);
    expect(ticketCalls()).toBe(2);
    await s.time.advance(150);
    expect(ticketCalls()).toBe(3);
    await s.time.advance(298); // third attempt was at 225: next at 525
    expect(ticketCalls()).toBe(3);
    await s.time.advance(2);
    expect(ticketCalls()).toBe(4);
    expect(s.conn.status).toBe('reconnecting');
  });

  it('detects a dead link (pings unanswered) and reconnects', async () => {
    const s = await setup({ pingIntervalMs: 1000, deadAfterMs: 3000 });
    const ws1 = await joined(s);
    // Nothing comes back from now on (setOffline stalls the socket without closing it).
    await s.time.advance(2900);
    expect(s.conn.status).toBe('open');
    await s.time.advance(300);
    expect(ws1.closedWith).not.toBeNull();
    expect(s.conn.status).toBe('reconnecting');
    await s.time.advance(200);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last.url).toContain('ticket=t2');
  });

  it('any inbound traffic proves the link alive', async () => {
    const s = await setup({ pingIntervalMs: 1000, deadAfterMs: 3000 });
    const ws = await joined(s);
    for (let i = 0; i < 10; i++) {
      await s.time.advance(1000);
      ws.receive({ type: 'participant.count', data: { count: 1, server_ms: 1 } });
    }
    expect(s.conn.status).toBe('open');
    expect(FakeWebSocket.instances).toHaveLength(1);
    // ...and silence after traffic is still detected.
    await s.time.advance(4500);
    expect(s.conn.status).toBe('reconnecting');
  });

  it('matches replies to their own command when several are in flight', async () => {
    const s = await setup();
    const ws = await joined(s);
    const a = s.conn.mute('guest:1', 60);
    const b = s.conn.deleteChat('m1');
    const [ma, mb] = [ws.sentOfType('chat.mute')[0], ws.sentOfType('chat.delete')[0]];
    expect(ma.id).not.toBe(mb.id);
    ws.receive({ type: 'error', re: mb.id, data: { code: 'VALIDATION_FAILED', message: 'no such message', server_ms: 1 } });
    ws.receive({ type: 'ack', re: ma.id, data: { server_ms: 1 } });
    await expect(a).resolves.toMatchObject({ server_ms: 1 });
    await expect(b).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it.each([
    [4001, 'room deleted'],
    [4002, 'room expired'],
    [4003, 'kicked'],
    [1008, 'policy violation'],
  ])('close %i is terminal (%s)', async (code) => {
    const s = await setup();
    const ws = await joined(s);
    const closed: unknown[] = [];
    s.conn.on('closed', (i: unknown) => closed.push(i));
    ws.serverClose(code);
    expect(s.conn.status).toBe('closed');
    expect(s.conn.closeInfo?.code).toBe(code);
    expect(closed).toHaveLength(1);
    await s.time.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('a refused ticket (ROOM_NOT_FOUND) is terminal', async () => {
    const s = await setup();
    s.setTicket(() => ({ status: 404, body: errorBody('ROOM_NOT_FOUND') }));
    s.conn.connect();
    await flush();
    await flush();
    expect(s.conn.status).toBe('closed');
    expect(s.conn.closeInfo?.error?.code).toBe('ROOM_NOT_FOUND');
  });

  it('an upgrade refused before open asks REST why: unknown room ends, a live room retries', async () => {
    const s = await setup();
    s.conn.connect();
    await flush();
    FakeWebSocket.last.serverClose(1006);
    await flush();
    await flush();
    expect(s.conn.status).toBe('reconnecting'); // the room exists: transient
    s.setRoom(() => ({ status: 404, body: errorBody('ROOM_NOT_FOUND') }));
    await s.time.advance(100);
    FakeWebSocket.last.serverClose(1006);
    await flush();
    await flush();
    expect(s.conn.status).toBe('closed');
    expect(s.conn.closeInfo?.error?.code).toBe('ROOM_NOT_FOUND');
  });

  it('close() stops for good', async () => {
    const s = await setup();
    const ws = await joined(s);
    s.conn.close();
    expect(s.conn.status).toBe('closed');
    expect(ws.closedWith?.code).toBe(1000);
    await s.time.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('CHAT_DISABLED marks chat off; CONFLICT applies the carried state', async () => {
    const s = await setup();
    const ws = await joined(s);
    const p = s.conn.sendChat('x');
    ws.receive({ type: 'error', re: ws.sentOfType('chat.send')[0].id, data: { code: 'CHAT_DISABLED', message: 'off', server_ms: 1 } });
    await expect(p).rejects.toMatchObject({ code: 'CHAT_DISABLED' });
    expect(s.conn.chatEnabled).toBe(false);
    const q = s.conn.pause();
    ws.receive({ type: 'error', re: ws.sentOfType('playback.pause')[0].id, data: { code: 'CONFLICT', message: 'stale', details: { state: state({ version: 7 }) }, server_ms: 1 } });
    await expect(q).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(s.conn.playback?.version).toBe(7);
  });

  it('commands while disconnected reject at once', async () => {
    const s = await setup();
    await expect(s.conn.play()).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
