import { describe, expect, it } from 'vitest';
import type { ControllerAction } from '../src/sync/controller.js';
import { expectedPosition, correctionRate } from '../src/sync/position.js';
import { PlaybackController } from '../src/sync/controller.js';
import type { RoomConnection } from '../src/room/connection.js';
import { EMBED, FakeConn, MP4, world } from './controller-world.js';
import { FakeAdapter, FakeTime } from './fakes.js';

describe('position math', () => {
  it('holds before ref_server_ms and advances by rate after', () => {
    const s = { status: 'playing' as const, position_s: 10, ref_server_ms: 1000, rate: 1 };
    expect(expectedPosition(s, 500)).toBe(10);
    expect(expectedPosition(s, 3000)).toBe(12);
    expect(expectedPosition({ ...s, rate: 2 }, 3000)).toBe(14);
    expect(expectedPosition({ ...s, status: 'paused' }, 3000)).toBe(10);
  });
  it('correction is proportional and bounded', () => {
    expect(correctionRate(1, 20, 1, 0.05)).toBeCloseTo(0.98);
    expect(correctionRate(1, -30, 1, 0.05)).toBeCloseTo(1.03);
    expect(correctionRate(1, 240, 1, 0.05)).toBeCloseTo(0.95);
    expect(correctionRate(1, -240, 1, 0.05)).toBeCloseTo(1.05);
  });
});

describe('PlaybackController (controllable player)', () => {
  it('scheduled start: seeks first, then starts exactly at ref_server_ms', async () => {
    const w = world();
    const ref = w.server() + 500;
    w.conn.push(w.st({ status: 'playing', position_s: 10, ref_server_ms: ref }));
    await w.time.advance(100);
    expect(w.adapter.loads).toHaveLength(1);
    expect(w.adapter.seeks).toEqual([10]);
    expect(w.adapter.plays).toEqual([]);
    await w.time.advance(450);
    expect(w.adapter.plays).toEqual([ref - w.time.wallBase]);
    await w.time.advance(1000);
    expect(Math.abs(w.drift())).toBeLessThan(1);
    expect(w.adapter.seeks).toEqual([10]); // no correction needed
  });

  it('learns the player start latency and starts that much earlier next time', async () => {
    const w = world({ learnStartLatency: true });
    w.adapter.startDelayMs = 40;
    const ref = w.server() + 300;
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: ref }));
    await w.time.advance(1000);
    expect(w.ctl.latencies.startMs).toBeGreaterThan(20);
    // Pause, then a new scheduled start.
    w.conn.push(w.st({ version: 2, status: 'paused', position_s: 5 }));
    await w.time.advance(200);
    const ref2 = w.server() + 400;
    w.conn.push(w.st({ version: 3, status: 'playing', position_s: 5, ref_server_ms: ref2 }));
    await w.time.advance(390);
    const learned = w.ctl.latencies.startMs;
    await w.time.advance(10);
    expect(Math.abs(w.adapter.plays.at(-1)! - (ref2 - learned - w.time.wallBase))).toBeLessThan(1.5);
    await w.time.advance(160);
    expect(Math.abs(w.drift())).toBeLessThan(15); // 40 ms late without learning
  });

  it('a start that missed by more than restartThresholdMs is redone with the learned latency', async () => {
    const w = world({ learnStartLatency: true });
    w.adapter.startDelayMs = 100; // a slow player: 100 ms from play() to a running clock
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server() + 300 }));
    await w.time.advance(300 + 650);
    const seeksAfterFirst = w.adapter.seeks.length;
    expect(seeksAfterFirst).toBeGreaterThanOrEqual(1); // the restart's catch-up seek
    expect(w.ctl.latencies.startMs).toBeCloseTo(80, 0);
    await w.time.advance(1500);
    expect(Math.abs(w.drift())).toBeLessThan(25);
    expect(w.adapter.seeks.length).toBe(seeksAfterFirst); // settled: no further restarts
    // Without learning, a persistently slow player is restarted at most twice, then rate-corrected.
    const v = world({ learnStartLatency: false });
    v.adapter.startDelayMs = 100;
    v.conn.push(v.st({ status: 'playing', position_s: 0, ref_server_ms: v.server() + 300 }));
    await v.time.advance(10_000);
    expect(v.adapter.seeks.length).toBe(2);
    expect(Math.abs(v.drift())).toBeLessThan(20);
  });

  it('late joiner: seeks ahead to a self-chosen instant and is in sync on the first frame', async () => {
    const w = world();
    w.time.t = 60_000;
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server() - 30_000 }));
    await w.time.advance(400);
    expect(w.adapter.seeks).toHaveLength(1);
    expect(w.adapter.plays).toHaveLength(1);
    expect(Math.abs(w.drift())).toBeLessThan(2);
    expect(w.actions.some((a) => a.type === 'rate')).toBe(false);
  });

  it('small drift: corrects with playbackRate inside ±maxRateDelta, then restores the rate', async () => {
    const w = world();
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server() + 200 }));
    await w.time.advance(1000);
    expect(Math.abs(w.drift())).toBeLessThan(1);
    const seeksBefore = w.adapter.seeks.length;
    w.adapter.pos += 0.1; // 100 ms ahead
    await w.time.advance(150);
    expect(w.adapter.rate).toBeLessThan(1);
    expect(w.adapter.rate).toBeGreaterThanOrEqual(0.95);
    await w.time.advance(8000);
    expect(Math.abs(w.drift())).toBeLessThan(20);
    expect(w.adapter.rate).toBe(1);
    expect(w.adapter.seeks).toHaveLength(seeksBefore); // no seek for small drift
    // Behind: speeds up.
    w.adapter.pos -= 0.08;
    await w.time.advance(150);
    expect(w.adapter.rate).toBeGreaterThan(1);
    expect(w.adapter.rate).toBeLessThanOrEqual(1.05);
  });

  it('leaves drift inside the dead band alone', async () => {
    const w = world();
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server() + 200 }));
    await w.time.advance(1000);
    const ratesBefore = w.adapter.rates.length;
    w.adapter.pos += 0.015;
    await w.time.advance(1000);
    expect(w.adapter.rates.slice(ratesBefore).every((r) => r === 1)).toBe(true);
  });

  it('beyond the rate band: re-seeks (ahead by the seek latency) instead of rate correction', async () => {
    const w = world();
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server() + 200 }));
    await w.time.advance(1000);
    const seeksBefore = w.adapter.seeks.length;
    w.adapter.pos -= 0.6; // 600 ms behind (e.g. after buffering)
    await w.time.advance(150);
    expect(w.adapter.seeks).toHaveLength(seeksBefore + 1);
    const seek = w.actions.filter((a) => a.type === 'seek').at(-1) as Extract<ControllerAction, { type: 'seek' }>;
    expect(seek.reason).toBe('catch-up');
    expect(seek.to).toBeGreaterThan(expectedPosition(w.conn.playback!, w.server()));
    await w.time.advance(500);
    expect(Math.abs(w.drift())).toBeLessThan(2);
  });

  it('paused: pauses and seeks to position_s when off by more than the dead band', async () => {
    const w = world();
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server() + 100 }));
    await w.time.advance(2000);
    expect(w.adapter.playing).toBe(true);
    w.conn.push(w.st({ version: 2, status: 'paused', position_s: 42 }));
    await w.time.advance(100);
    expect(w.adapter.playing).toBe(false);
    expect(w.adapter.currentTime()).toBe(42);
    // Within the dead band: no extra seek.
    const seeks = w.adapter.seeks.length;
    w.conn.push(w.st({ version: 3, status: 'paused', position_s: 42.01 }));
    await w.time.advance(300);
    expect(w.adapter.seeks.length).toBe(seeks);
  });

  it('ignores a stale version and follows a new epoch', async () => {
    const w = world();
    w.conn.push(w.st({ version: 5, status: 'playing', position_s: 0, ref_server_ms: w.server() + 100 }));
    await w.time.advance(1000);
    w.conn.events.emit('playback', w.st({ version: 4, status: 'paused', position_s: 99 }));
    await w.time.advance(300);
    expect(w.adapter.playing).toBe(true);
    // Epoch 2 restarts versions at 0: still newer.
    const rebuilt = w.st({ epoch: 2, version: 0, status: 'paused', position_s: 7 });
    w.conn.push(rebuilt);
    await w.time.advance(300);
    expect(w.adapter.playing).toBe(false);
    expect(w.adapter.currentTime()).toBe(7);
  });

  it('a quality-only change does not re-seek a player that is in sync', async () => {
    const w = world();
    w.conn.push(w.st({ version: 1, status: 'playing', position_s: 0, ref_server_ms: w.server() + 100 }));
    await w.time.advance(1000);
    const seeks = w.adapter.seeks.length;
    w.conn.push({ ...w.conn.playback!, version: 2, quality: '720p' });
    await w.time.advance(500);
    expect(w.adapter.seeks.length).toBe(seeks);
  });

  it('reports telemetry periodically and on buffering transitions', async () => {
    const w = world({ reportIntervalMs: 1000 });
    w.conn.push(w.st({ status: 'paused', position_s: 3 }));
    await w.time.advance(1050);
    expect(w.conn.reports).toEqual([{ position_s: 3, buffering: false }]);
    w.adapter.buffering = true;
    w.adapter.emit('buffering', true);
    expect(w.conn.reports.at(-1)).toEqual({ position_s: 3, buffering: true });
  });

  it('exposes driftMs (actual − expected)', async () => {
    const w = world();
    const drifts: (number | null)[] = [];
    w.ctl.on('drift', (d: number | null) => drifts.push(d));
    w.conn.push(w.st({ status: 'paused', position_s: 10 }));
    await w.time.advance(300);
    expect(w.ctl.driftMs).toBe(0);
    w.adapter.pos = 10.5;
    w.ctl.tick();
    expect(drifts.at(-1)).toBeCloseTo(500);
  });
});

describe('PlaybackController (embed, soft sync)', () => {
  it('reloads at ?progress when reported time is off by more than the threshold, with a cooldown', async () => {
    const w = world({ embedReloadCooldownMs: 5000 }, 'embed');
    w.conn.push(w.st({ status: 'playing', position_s: 100, ref_server_ms: w.server() - 10_000, source: EMBED }));
    await w.time.advance(50);
    expect(w.adapter.loads).toHaveLength(1);
    expect(w.adapter.loads[0]!.opts?.startS).toBeCloseTo(111, 0); // expected 110 + 1 s load lead
    // The player reports 5 s behind, playing.
    w.adapter.reported = true;
    w.adapter.playing = true;
    w.adapter.pos = 105;
    w.adapter.startedAt = w.time.now();
    await w.time.advance(200);
    expect(w.adapter.reloads).toHaveLength(0); // cooldown since the load
    await w.time.advance(5000);
    expect(w.adapter.reloads).toHaveLength(1);
    expect(w.adapter.reloads[0]!.autoplay).toBe(true);
    expect(w.adapter.reloads[0]!.pos).toBeCloseTo(116.2, 0);
    // Within the threshold: nothing.
    w.adapter.reported = true;
    w.adapter.pos = expectedPosition(w.conn.playback!, w.server()) - 2;
    w.adapter.startedAt = w.time.now();
    await w.time.advance(6000);
    expect(w.adapter.reloads).toHaveLength(1);
  });

  it('a host action reloads at once; syncNow reloads on demand', async () => {
    const w = world({}, 'embed');
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server(), source: EMBED }));
    await w.time.advance(100);
    w.conn.push(w.st({ version: 2, status: 'playing', position_s: 600, ref_server_ms: w.server() + 200, source: EMBED }));
    expect(w.adapter.reloads).toHaveLength(1);
    expect(w.adapter.reloads[0]!.pos).toBe(601);
    w.conn.push(w.st({ version: 3, status: 'paused', position_s: 650, source: EMBED }));
    expect(w.adapter.reloads[1]).toEqual({ pos: 650, autoplay: false });
    w.ctl.syncNow();
    expect(w.adapter.reloads).toHaveLength(3);
    // Quality only: no reload.
    w.conn.push({ ...w.conn.playback!, version: 4, quality: '1080p' });
    expect(w.adapter.reloads).toHaveLength(3);
  });
});

describe('PlaybackController (autoplay blocked)', () => {
  it('does not seek in a loop when play() is refused; syncNow retries', async () => {
    const time = new FakeTime();
    const conn = new FakeConn(time);
    const adapter = new FakeAdapter(time);
    let refuse = true;
    const realPlay = adapter.play.bind(adapter);
    adapter.play = () => (refuse ? Promise.reject(Object.assign(new Error('no'), { name: 'NotAllowedError' })) : realPlay());
    const ctl = new PlaybackController({ connection: conn as unknown as RoomConnection, adapter, options: { learnStartLatency: false, initialStartLatencyMs: 0 } });
    const blocked: unknown[] = [];
    ctl.on('action', (a: ControllerAction) => a.type === 'blocked' && blocked.push(a));
    ctl.on('error', () => {});
    conn.push({ epoch: 1, version: 1, status: 'playing', position_s: 0, ref_server_ms: conn.clock.serverNow() + 100, rate: 1, source: MP4, quality: '', subtitle: null });
    await time.advance(3000);
    expect(blocked).toHaveLength(1);
    expect(adapter.seeks.length).toBeLessThanOrEqual(1);
    refuse = false;
    ctl.syncNow();
    await time.advance(1000);
    expect(adapter.playing).toBe(true);
    expect(Math.abs((adapter.currentTime() - expectedPosition(conn.playback!, conn.clock.serverNow())) * 1000)).toBeLessThan(2);
  });
});
