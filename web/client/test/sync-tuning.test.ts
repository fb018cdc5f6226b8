// Behaviour added while tuning against real Chromium (bench/sync, docs/benchmarks.md "Sync
// fidelity"): starts that cannot make the room's lead, catch-up retries, and buffering
// reports during slow seeks.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_OPTIONS } from '../src/sync/controller.js';
import { world } from './controller-world.js';

describe('PlaybackController tuning (bench/sync)', () => {
  it('defaults: start latency 90 ms before learning, slow seeks reported after 150 ms', () => {
    expect(DEFAULT_SYNC_OPTIONS.initialStartLatencyMs).toBe(90);
    expect(DEFAULT_SYNC_OPTIONS.slowSeekReportMs).toBe(150);
  });

  it('a scheduled start that misses its instant catches up with a near seek, budgeted as one', async () => {
    const w = world({ initialSeekLatencyMs: 80 });
    const t0 = w.time.now();
    w.adapter.seekDelayMs = 100; // the seek to position_s outlasts the 80 ms lead ...
    w.conn.push(w.st({ status: 'playing', position_s: 10, ref_server_ms: w.server() + 80 }));
    await w.time.advance(10);
    w.adapter.seekDelayMs = 20; // ... the catch-up seek lands in data already loaded
    await w.time.advance(600);
    expect(w.adapter.seeks).toHaveLength(2);
    expect(w.adapter.seeks[0]).toBe(10);
    expect(w.adapter.seeks[1]).toBeGreaterThan(10);
    expect(w.adapter.plays).toHaveLength(1);
    // 100 (seek) + 20 (near seek) + 2 × 40 + 20 of lead ≈ 220 ms; the far-seek budget
    // (1.5 × the learned seek latency) started ≥ 80 ms later.
    expect(w.adapter.plays[0]! - t0).toBeLessThan(240);
    expect(Math.abs(w.drift())).toBeLessThan(2);
  });

  it('a catch-up retry budgets a near seek instead of doubling the far estimate', async () => {
    const w = world({ initialSeekLatencyMs: 80 });
    w.time.t = 60_000;
    w.adapter.seekDelayMs = 400; // the first (far) seek is slow ...
    w.conn.push(w.st({ status: 'playing', position_s: 0, ref_server_ms: w.server() - 30_000 }));
    await w.time.advance(10);
    w.adapter.seekDelayMs = 20; // ... the retry lands in data already loaded
    await w.time.advance(700);
    // far seek (400 ms) + near retry (20 ms) + 2 × 40 + 20 ms of lead: playing well before 700 ms
    // (the doubled far estimate waited ~760 ms more).
    expect(w.adapter.seeks).toHaveLength(2);
    expect(w.adapter.plays).toHaveLength(1);
    expect(w.adapter.plays[0]! - 60_000).toBeLessThan(600);
    expect(Math.abs(w.drift())).toBeLessThan(2);
  });

  it('reports buffering while a seek is slow, and ready once it is done', async () => {
    const w = world({ reportIntervalMs: 60_000 });
    w.conn.push(w.st({ status: 'paused', position_s: 0 }));
    await w.time.advance(100);
    w.adapter.seekDelayMs = 1000;
    w.conn.push(w.st({ version: 2, status: 'paused', position_s: 50 }));
    await w.time.advance(100);
    expect(w.conn.reports.some((r) => r.buffering)).toBe(false); // fast seeks stay silent
    await w.time.advance(100);
    expect(w.conn.reports.at(-1)?.buffering).toBe(true);
    await w.time.advance(900);
    expect(w.conn.reports.at(-1)).toEqual({ position_s: 50, buffering: false });
  });
});
