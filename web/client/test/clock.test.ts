import { describe, expect, it } from 'vitest';
import { ClockSync, computeSample, pickBest } from '../src/sync/clock.js';
import { FakeTime } from './fakes.js';

describe('computeSample (NTP on-wire math)', () => {
  it('recovers offset and delay of a symmetric exchange', () => {
    // Server is 500 ms ahead; 20 ms each way; server holds it 2 ms.
    const t0 = 1000, t1 = 1000 + 20 + 500, t2 = t1 + 2, t3 = 1000 + 20 + 2 + 20;
    expect(computeSample(t0, t1, t2, t3)).toEqual({ offsetMs: 500, delayMs: 40 });
  });
  it('an asymmetric exchange errs by half the asymmetry', () => {
    // 5 ms out, 45 ms back, true offset 0.
    const s = computeSample(0, 5, 5, 50);
    expect(s.delayMs).toBe(50);
    expect(s.offsetMs).toBe(-20);
  });
});

describe('ClockSync', () => {
  const exchange = (c: ClockSync, time: FakeTime, trueOffset: number, out: number, back: number) => {
    const t0 = time.wallNow();
    const t1 = t0 + out + trueOffset;
    c.addSample(t0, t1, t1, t0 + out + back);
  };

  it('uses the lowest-delay sample of the window', () => {
    const time = new FakeTime();
    const c = new ClockSync({ time });
    exchange(c, time, 100, 40, 10); // delay 50, offset +115
    exchange(c, time, 100, 3, 3); // delay 6, offset 100  ← best
    exchange(c, time, 100, 10, 60); // delay 70, offset 75
    expect(c.offsetMs).toBe(100);
    expect(c.delayMs).toBe(6);
    expect(c.serverNow()).toBe(time.wallNow() + 100);
  });

  it('keeps only the last 8 samples', () => {
    const time = new FakeTime();
    const c = new ClockSync({ time });
    exchange(c, time, 100, 1, 1); // excellent, but it will roll out
    for (let i = 0; i < 8; i++) exchange(c, time, 200, 10, 10);
    expect(c.sampleCount).toBe(8);
    expect(c.offsetMs).toBe(200);
    expect(c.delayMs).toBe(20);
  });

  it('is not ready before 3 samples', () => {
    const time = new FakeTime();
    const c = new ClockSync({ time });
    exchange(c, time, 0, 5, 5);
    exchange(c, time, 0, 5, 5);
    expect(c.ready).toBe(false);
    exchange(c, time, 0, 5, 5);
    expect(c.ready).toBe(true);
  });

  it('pings every 2 s for the first 20 s, then every 10 s', async () => {
    const time = new FakeTime();
    const c = new ClockSync({ time });
    expect(c.nextIntervalMs()).toBe(2000);
    exchange(c, time, 0, 5, 5);
    await time.advance(19_000);
    expect(c.nextIntervalMs()).toBe(2000);
    await time.advance(2000);
    expect(c.nextIntervalMs()).toBe(10_000);
  });

  it('treats server_ms as a lower bound only, dropping samples it disproves', () => {
    const time = new FakeTime();
    const c = new ClockSync({ time });
    let distrusted = 0;
    c.onDistrust = () => distrusted++;
    for (let i = 0; i < 3; i++) exchange(c, time, 100, 5, 5);
    // Event sent before we received it: consistent, no change.
    expect(c.observeServerMs(time.wallNow() + 100 - 30)).toBe(true);
    // An event later than our estimate by less than the tolerance: still fine, offset unchanged.
    expect(c.observeServerMs(time.wallNow() + 100 + 40)).toBe(true);
    expect(c.offsetMs).toBe(100);
    // Server clock provably ahead of our estimate by 500 ms: samples are wrong.
    expect(c.observeServerMs(time.wallNow() + 600)).toBe(false);
    expect(distrusted).toBe(1);
    expect(c.ready).toBe(false);
  });

  it('pickBest prefers the newer of equal delays', () => {
    expect(pickBest([{ offsetMs: 1, delayMs: 5, atMs: 0 }, { offsetMs: 2, delayMs: 5, atMs: 1 }])?.offsetMs).toBe(2);
    expect(pickBest([])).toBeNull();
  });
});
