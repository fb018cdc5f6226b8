// Pure metrics of the sync benchmark (no browser): the room's timeline, each player's error
// per presented frame, inter-player drift on a common time grid, action latencies.
//
// Time base: every browser context and the kernel run on this machine and read the same system
// clock, so the truth is "server time = wall time" (performance.timeOrigin + the frame's
// expectedDisplayTime). A player's ClockSync estimate error therefore *counts* as drift, as it
// should; each player's own estimate is recorded too (ownErr) for diagnosis.

/** Where the room is at wall/server time t under state s (docs/websocket.md). */
export function expectedAt(s, t) {
  if (s.status !== 'playing') return s.position_s;
  return s.position_s + (Math.max(0, t - s.ref_server_ms) / 1000) * s.rate;
}

/** The authoritative timeline: the host's states ordered by (epoch, version), each effective from when the host received it. */
export function timeline(states) {
  const seen = new Map();
  for (const s of states) {
    const key = `${s.epoch}:${s.version}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()].sort((a, b) => a.recv - b.recv);
}

export function stateAt(tl, t) {
  let lo = 0, hi = tl.length - 1, best = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tl[mid].recv <= t) { best = tl[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return best;
}

/**
 * Frames (flat: wallDisplay, mediaTime, ownServerDisplay, presented) → per-frame records
 * { t, m, err } with err = actual − expected in ms against the timeline.
 */
export function frameErrors(flat, tl) {
  const out = [];
  for (let i = 0; i + 5 < flat.length; i += 6) {
    const t = flat[i], m = flat[i + 1], own = flat[i + 2], tc = flat[i + 4], ct = flat[i + 5];
    const s = stateAt(tl, t);
    if (!s || !s.source) continue;
    const sc = stateAt(tl, tc) ?? s;
    out.push({
      t, m, err: (m - expectedAt(s, t)) * 1000, ownErr: (m - expectedAt(s, own)) * 1000, playing: s.status === 'playing',
      // media clock error at the callback (tc), placed at the frame's time for interpolation
      cerr: (ct - expectedAt(sc, tc)) * 1000,
    });
  }
  out.sort((a, b) => a.t - b.t);
  return out;
}

function lowerIndex(frames, t) {
  let lo = 0, hi = frames.length - 1, idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid].t <= t) { idx = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return idx;
}

/**
 * A player's error at time t: interpolated between the frames around t; when no frame follows
 * within `gapMs` (stalled, buffering, paused), the held frame against the moving expectation.
 */
export function errorAt(frames, tl, t, gapMs = 100, key = 'err') {
  const k = lowerIndex(frames, t);
  if (k < 0) return null;
  const a = frames[k];
  const b = frames[k + 1];
  if (b && b.t - a.t <= gapMs) return a[key] + ((b[key] - a[key]) * (t - a.t)) / (b.t - a.t);
  if (t - a.t > 5000) return null; // no frames at all for long: not measurable
  const s = stateAt(tl, t);
  return (a.m - expectedAt(s, t)) * 1000;
}

export function percentile(values, p) {
  if (!values.length) return null;
  const v = [...values].sort((x, y) => x - y);
  const idx = Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1));
  return v[idx];
}

export function summary(values) {
  if (!values.length) return { n: 0, p50: null, p95: null, p99: null, max: null };
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

export const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);

/**
 * Inter-player drift (max − min of the players' errors) every `stepMs` inside `windows`
 * ([t0, t1] wall ms), only where the room plays and every listed player is measurable.
 * Returns { drift: number[], series: {t, errs[]}[] }.
 */
export function driftSeries(players, tl, windows, stepMs = 20, key = 'err') {
  const drift = [];
  const series = [];
  for (const [t0, t1] of windows) {
    for (let t = t0; t <= t1; t += stepMs) {
      const s = stateAt(tl, t);
      if (!s || s.status !== 'playing' || t < s.ref_server_ms) continue;
      const errs = players.map((p) => errorAt(p.ferr, tl, t, 100, key));
      if (errs.some((e) => e === null)) continue;
      drift.push(Math.max(...errs) - Math.min(...errs));
      series.push({ t, errs });
    }
  }
  return { drift, series };
}

/**
 * When a player first reflects a playing state: its first frame presented at or after
 * ref_server_ms (− half a vsync) within `tolMs` of the expected position. null if never before `until`.
 */
export function reflectPlaying(frames, s, until, tolMs = 50) {
  for (const f of frames) {
    if (f.t < s.ref_server_ms - 8 || f.t < s.recv - 1000) continue;
    if (f.t > until) break;
    if (Math.abs((f.m - expectedAt(s, f.t)) * 1000) <= tolMs) return f.t;
  }
  return null;
}

/** When a player first shows a paused state: video paused (or seeked) at position_s ± tol. */
export function reflectPaused(vevents, s, until, tolS = 0.05) {
  let paused = false;
  for (const e of vevents) {
    if (e.t > until) break;
    if (e.t < s.recv - 2000) { paused = e.paused; continue; }
    paused = e.paused;
    if (e.t >= s.recv - 50 && paused && Math.abs(e.ct - s.position_s) <= tolS) return Math.max(e.t, s.ref_server_ms);
  }
  return null;
}

/**
 * Time (ms after `from`) from which a player stays within `tolMs` for at least `holdMs`
 * (frames only; a stall breaks the hold). null if never before `until`.
 */
export function timeToSync(frames, tl, from, until, tolMs = 50, holdMs = 1000) {
  let since = null;
  let last = null;
  for (const f of frames) {
    if (f.t < from) continue;
    if (f.t > until) break;
    const ok = Math.abs(f.err) <= tolMs && (last === null || f.t - last <= 150);
    last = f.t;
    if (ok) {
      if (since === null) since = f.t;
      if (f.t - since >= holdMs) return since - from;
    } else since = null;
  }
  return since !== null && until - since >= holdMs ? since - from : null;
}
