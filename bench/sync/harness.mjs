// The sync benchmark's machinery: a kernel (web/e2e/support/kernel.mjs) serving the app build
// plus our player page, a delaying proxy in front of it (proxy.mjs), a VidKing stand-in
// (vidking-standin.mjs), one host page and N player pages (separate browser contexts of one
// Chromium process) running the real client library, and the scenarios.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKernel, repoRoot } from '../../web/e2e/support/kernel.mjs';
import { startProxy } from './proxy.mjs';
import { startVidkingStandin } from './vidking-standin.mjs';
import { buildPage } from './build-page.mjs';
import {
  driftSeries, errorAt, frameErrors, reflectPaused, reflectPlaying, round, stateAt, summary, timeToSync, timeline, expectedAt,
} from './metrics.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wall = () => performance.timeOrigin + performance.now();

export const CONDITIONS = {
  none: { delayMs: 0, jitterMs: 0, lossPct: 0, label: 'no added delay' },
  j40: { delayMs: 40, jitterMs: 20, lossPct: 0, label: '40 ± 20 ms' },
  j150: { delayMs: 150, jitterMs: 50, lossPct: 0, label: '150 ± 50 ms' },
  j40loss: { delayMs: 40, jitterMs: 20, lossPct: 1, label: '40 ± 20 ms + 1 % "loss"' },
  j150loss: { delayMs: 150, jitterMs: 50, lossPct: 1, label: '150 ± 50 ms + 1 % "loss"' },
};

/**
 * Media dir of the bench: STREAMIT_DEMO_MEDIA when set (ctest shares the browser test's copy),
 * else a copy of the run command's demo media when complete, else generated.
 */
function mediaDir() {
  if (process.env.STREAMIT_DEMO_MEDIA) return process.env.STREAMIT_DEMO_MEDIA;
  const dir = here('./.build/media');
  if (!existsSync(join(dir, 'demo/.complete')) && existsSync(join(repoRoot, 'data/media/demo/.complete'))) {
    mkdirSync(dir, { recursive: true });
    cpSync(join(repoRoot, 'data/media/demo'), join(dir, 'demo'), { recursive: true });
  }
  return dir;
}

/**
 * A private copy of the kernel binary and plugin libraries, taken under the shared build lock:
 * other sessions rebuild build/ while the benchmark runs, and a half-linked binary or a plugin
 * newer than the kernel must not end up in a measurement.
 */
let kernelSnap = null;
export function snapshotKernel() {
  if (kernelSnap) return kernelSnap;
  // Under ctest the build tree is not rebuilt while tests run: use it as it is.
  if (process.env.STREAMIT_BUILD_DIR) return (kernelSnap = process.env.STREAMIT_BUILD_DIR);
  const snap = here('./.build/kernel-snap');
  const script = `set -e; rm -rf '${snap}'; mkdir -p '${snap}/kernel' '${snap}/plugins';
    cp '${repoRoot}/build/kernel/streamit' '${snap}/kernel/streamit';
    find '${repoRoot}/build/plugins' -maxdepth 2 -name 'lib*.so' -exec cp {} '${snap}/plugins/' \\;`;
  try {
    execFileSync('flock', ['-w', '60', '/tmp/streamit-build.lock', 'bash', '-c', script], { stdio: 'inherit' });
  } catch {
    // The lock stayed busy (long builds by others): take a copy anyway when the binary is
    // complete and settled (not modified for 60 s) and answers --help.
    const bin = join(repoRoot, 'build/kernel/streamit');
    if (!existsSync(bin) || Date.now() - statSync(bin).mtimeMs < 60_000) throw new Error('kernel binary missing or being rebuilt; try again');
    execFileSync('bash', ['-c', script], { stdio: 'inherit' });
  }
  execFileSync(join(snap, 'kernel/streamit'), ['--help'], { stdio: 'ignore' });
  kernelSnap = snap;
  return snap;
}

/** Newest modification time under `dir` (recursive), in ms. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let pageBuilt = null;
/** Builds the player page when it or the client library changed since the last build. */
export async function ensurePage() {
  if (pageBuilt) return pageBuilt;
  if (process.env.SYNC_CLIENT_SRC) {
    // A scratch copy of the client (tuning): always rebuilt, into its own directory.
    process.env.SYNC_PAGE_OUT ??= here('./.build/syncbench-scratch');
    pageBuilt = await buildPage();
    return pageBuilt;
  }
  const index = here('./.build/syncbench/index.html');
  const stale = !existsSync(index) ||
    Math.max(newest(here('./page')), newest(join(repoRoot, 'web/client/src'))) > statSync(index).mtimeMs;
  pageBuilt = stale ? await buildPage() : here('./.build/syncbench');
  return pageBuilt;
}

/**
 * @param {{ condition?: string, bufferingWaitMs?: number, gateway?: string, bootMs?: number, media?: 'webm' | 'mp4' }} o
 * gateway: extra `gateway:` keys as YAML flow text, e.g. "playback_lead_min_ms: 250" (tuning runs).
 */
export async function startWorld(o = {}) {
  const cond = CONDITIONS[o.condition ?? 'none'];
  const page = await ensurePage();
  const root = mkdtempSync(join(tmpdir(), 'streamit-syncbench-root-'));
  cpSync(join(repoRoot, 'web/app/dist'), root, { recursive: true });
  cpSync(page, join(root, 'syncbench'), { recursive: true });
  const proxy = await startProxy({ ...cond, seed: 4242 });
  const vk = await startVidkingStandin({ bootMs: o.bootMs ?? 1000 });
  const gw = [o.gateway, o.bufferingWaitMs === undefined ? '' : `buffering_wait_ms: ${o.bufferingWaitMs}`].filter(Boolean).join(', ');
  const gateway = gw ? `gateway: {${gw}}\n` : '';
  let kernel;
  try {
    kernel = await startKernel({
      kernel: join(snapshotKernel(), 'kernel/streamit'),
      buildDir: snapshotKernel(),
      mediaDir: mediaDir(),
      rootDir: root,
      extraOrigins: [proxy.url],
      embedOrigins: [vk.origin],
      vidkingBaseUrl: vk.origin,
      extraYaml: gateway,
    });
  } catch (e) {
    await proxy.stop();
    await vk.stop();
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
  proxy.set({ targetPort: kernel.port });
  vk.state.mediaUrl = `${kernel.baseUrl}/media/demo/clip.webm`;
  return {
    cond,
    kernel,
    proxy,
    vk,
    media: o.media ?? 'webm',
    mediaUrl: `${proxy.url}/media/demo/clip.${o.media === 'mp4' ? 'mp4' : 'webm'}`,
    async stop() {
      await kernel.stop().catch(() => undefined);
      await proxy.stop().catch(() => undefined);
      await vk.stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- pages

async function openPage(browser, url, { tag, cookieUrl } = {}) {
  const context = await browser.newContext({ viewport: { width: 500, height: 320 } });
  if (tag) await context.addCookies([{ name: 'streamit_bench_tag', value: tag, url: cookieUrl }]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { timeout: 30000 });
  await page.waitForFunction(() => window.__bench && (window.__bench.code || window.__bench.error), null, { timeout: 30000 });
  const err = await page.evaluate(() => window.__bench.error);
  if (err) throw new Error(`page failed: ${err}`);
  return { context, page, errors };
}

export async function openHost(browser, world) {
  const h = await openPage(browser, `${world.kernel.baseUrl}/syncbench/index.html?role=host&name=Conductor`);
  await h.page.waitForFunction(() => window.__streamit.connection.status === 'open' && window.__streamit.connection.clock.ready, null, { timeout: 20000 });
  h.code = await h.page.evaluate(() => window.__bench.code);
  h.actions = [];
  /** Sends a host command; returns the wall times around it. */
  h.cmd = async (kind, arg) => {
    const r = await h.page.evaluate(async ([k, a]) => {
      const c = window.__streamit.connection;
      const t0 = performance.timeOrigin + performance.now();
      if (k === 'play') await c.play();
      else if (k === 'pause') await c.pause();
      else if (k === 'seek') await c.seek(a);
      else if (k === 'source') await c.setSource(a[0], a[1]);
      return { t0, t1: performance.timeOrigin + performance.now(), version: c.playback?.version, status: c.playback?.status };
    }, [kind, arg]);
    h.actions.push({ kind, arg, ...r });
    return r;
  };
  h.states = async () => (await h.page.evaluate(() => window.__bench.states));
  h.playback = () => h.page.evaluate(() => window.__streamit.connection.playback);
  return h;
}

export async function openPlayer(browser, world, code, name, { opts, tag } = {}) {
  const optsQ = opts ? `&opts=${encodeURIComponent(JSON.stringify(opts))}` : '';
  const openedAt = wall();
  const p = await openPage(browser, `${world.proxy.url}/syncbench/index.html?role=player&name=${name}&room=${code}${optsQ}`, { tag, cookieUrl: world.proxy.url });
  Object.assign(p, { name, tag, openedAt, frames: [], vevents: [], embed: [], clock: [] });
  p.collect = async () => {
    const d = await p.page.evaluate(() => window.__bench.drain());
    p.frames.push(...d.frames);
    p.vevents.push(...d.vevents);
    p.embed.push(...d.embed);
    p.clock.push(...d.clock);
  };
  p.finish = async () => {
    await p.collect();
    const info = await p.page.evaluate(() => ({
      actions: window.__bench.actions, status: window.__bench.status, snapshotAt: window.__bench.snapshotAt,
      joinedAt: window.__bench.joinedAt, latencies: window.__streamit.controller?.latencies,
    }));
    Object.assign(p, info);
    return p;
  };
  p.close = async () => {
    await p.context.close().catch(() => undefined);
  };
  return p;
}

async function waitLoaded(players, timeoutMs = 30000, embed = false) {
  const end = Date.now() + timeoutMs;
  for (const p of players) {
    const left = Math.max(1000, end - Date.now());
    await p.page.waitForFunction((isEmbed) => {
      const a = window.__streamit.controller?.currentAdapter;
      if (!a) return false;
      if (isEmbed) return a.kind === 'embed';
      return a.element instanceof HTMLVideoElement && a.element.readyState >= 2;
    }, embed, { timeout: left });
  }
}

async function collectAll(players) {
  await Promise.all(players.map((p) => p.collect().catch(() => undefined)));
}

/** Runs `ms` while draining the pages every few seconds (keeps the pages' memory small). */
async function run(players, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await sleep(Math.min(4000, end - Date.now()));
    await collectAll(players);
  }
}

// ---------------------------------------------------------------- scenarios

/** Common start: host, N players, the demo clip, everyone loaded, paused at 0. */
const trace = (msg) => {
  if (process.env.SYNC_TRACE) console.error(`[sync ${new Date().toISOString().slice(11, 23)}] ${msg}`);
};

async function setup(browser, world, n, { opts, embed = false, tags = {} } = {}) {
  trace('setup: host');
  const host = await openHost(browser, world);
  const players = [];
  for (let i = 0; i < n; i++) {
    trace(`setup: player ${i}`);
    players.push(await openPlayer(browser, world, host.code, `p${i}`, { opts, tag: tags[i] }));
  }
  trace('setup: source');
  if (embed) await host.cmd('source', ['provider.vidking', 'movie:603']);
  else await host.cmd('source', ['provider.direct', world.mediaUrl]);
  await waitLoaded(players, 40000, embed);
  trace('setup: loaded');
  return { host, players };
}

async function teardown(host, players) {
  for (const p of players) await p.close();
  await host.context.close().catch(() => undefined);
}

function analyse(players, tl) {
  for (const p of players) p.ferr = frameErrors(p.frames, tl);
}

/** Windows from `settleMs` after each playing state's start to the next state change (or `end`). */
function settledWindows(tl, end, settleMs) {
  const w = [];
  for (let i = 0; i < tl.length; i++) {
    const s = tl[i];
    if (s.status !== 'playing') continue;
    const t0 = s.ref_server_ms + settleMs;
    const t1 = i + 1 < tl.length ? tl[i + 1].recv : end;
    if (t1 > t0) w.push([t0, t1]);
  }
  return w;
}

/** Each player's error (ms, actual − expected) at fixed instants after a start: how the start went. */
function startProfile(players, tl, t0) {
  const at = [0, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000];
  return Object.fromEntries(players.map((p) => [p.name, at.map((d) => round(errorAt(p.ferr, tl, t0 + d)))]));
}

/** |actual − expected| over the settled windows, all players pooled (a common offset shows here, not in drift). */
function absError(players, tl, windows) {
  const v = [];
  for (const [t0, t1] of windows) for (let t = t0; t <= t1; t += 100) for (const p of players) {
    const e = errorAt(p.ferr, tl, t);
    if (e !== null) v.push(Math.abs(e));
  }
  return summary(v);
}

/** Raw traces for diagnosis, only with SYNC_DEBUG=1. */
function debugDump(tl, players) {
  if (!process.env.SYNC_DEBUG) return undefined;
  return {
    states: tl.map((x) => ({ v: x.version, status: x.status, pos: x.position_s, ref: x.ref_server_ms, recv: x.recv })),
    players: players.map((p) => ({ name: p.name, vevents: p.vevents, actions: p.actions, status: p.status, ferr: p.ferr.filter((_, i) => i % 3 === 0).map((f) => [Math.round(f.t), Math.round(f.err), Math.round(f.cerr)]) })),
  };
}

function clockSummary(players) {
  // The players' final clock estimates: offset should be ≈ 0 (same machine), delay the RTT.
  return players.map((p) => {
    const last = p.clock[p.clock.length - 1];
    return last ? { name: p.name, offset_ms: round(last[1], 2), delay_ms: round(last[2], 1) } : { name: p.name };
  });
}

/** Steady playback: play once, then measure `durationS`. */
export async function scenarioSteady(browser, world, { n, durationS, settleMs = 2000, opts }) {
  const { host, players } = await setup(browser, world, n, { opts });
  await sleep(1500); // clocks: a few samples beyond the join burst
  await host.cmd('play');
  await run(players, durationS * 1000);
  const end = wall();
  trace('steady: collecting');
  await Promise.all(players.map((p) => p.finish()));
  const tl = timeline(await host.states());
  trace('steady: analysing');
  analyse(players, tl);
  const windows = settledWindows(tl, end, settleMs);
  const { drift, series } = driftSeries(players, tl, windows);
  const start = tl.find((s) => s.status === 'playing');
  const conv = players.map((p) => timeToSync(p.ferr, tl, start.ref_server_ms, end, 50, 1000));
  const result = {
    scenario: 'steady', n, durationS, settleMs, lead_ms: round(start.ref_server_ms - start.recv),
    drift: summary(drift), drift_media_clock: summary(driftSeries(players, tl, windows, 20, 'cerr').drift),
    abs_error: absError(players, tl, windows), first_in_sync_ms: conv.map((c) => round(c)),
    start_profile_ms: startProfile(players, tl, start.ref_server_ms), clock: clockSummary(players),
    learned: players.map((p) => p.latencies),
    series: thin(series, 100), names: players.map((p) => p.name),
  };
  trace('steady: done');
  await teardown(host, players);
  return result;
}

/** Host script: seek-while-playing, pause, seek while paused, play (resume), ... every `everyS`. */
export async function scenarioActions(browser, world, { n, durationS, everyS = 4, settleMs = 2000, opts }) {
  const { host, players } = await setup(browser, world, n, { opts });
  await sleep(1500);
  await host.cmd('play');
  await run(players, 4000);
  const script = ['seek-playing', 'pause', 'seek-paused', 'play', 'seek-playing', 'seek-playing', 'pause', 'play'];
  const end0 = Date.now() + durationS * 1000;
  let i = 0;
  let pos = 5;
  while (Date.now() < end0) {
    const kind = script[i++ % script.length];
    pos = 10 + ((pos * 37 + 13) % 90); // deterministic spread over the clip
    if (kind === 'seek-playing' || kind === 'seek-paused') await host.cmd('seek', pos);
    else await host.cmd(kind);
    host.actions[host.actions.length - 1].label = kind;
    await run(players, everyS * 1000);
  }
  const end = wall();
  await Promise.all(players.map((p) => p.finish()));
  const tl = timeline(await host.states());
  analyse(players, tl);
  // Latency: every state after the first play, per player, against ref_server_ms.
  const lat = { playing: [], paused: [], byKind: {} };
  const perAction = [];
  const firstPlay = tl.findIndex((s) => s.status === 'playing');
  for (let k = firstPlay + 1; k < tl.length; k++) {
    const s = tl[k];
    const until = k + 1 < tl.length ? tl[k + 1].recv : end;
    const label = s.status === 'playing' ? (tl[k - 1].status === 'playing' ? 'seek-playing' : 'play') : (tl[k - 1].status === 'paused' ? 'seek-paused' : 'pause');
    const lats = players.map((p) => {
      const at = s.status === 'playing' ? reflectPlaying(p.ferr, s, until) : reflectPaused(p.vevents, s, until);
      return at === null ? null : at - s.ref_server_ms;
    });
    perAction.push({ label, lead_ms: round(s.ref_server_ms - s.recv), lats: lats.map((x) => round(x)) });
    for (const x of lats) {
      const v = x === null ? Infinity : x;
      (s.status === 'playing' ? lat.playing : lat.paused).push(v);
      (lat.byKind[label] ??= []).push(v);
    }
  }
  const windows = settledWindows(tl, end, settleMs);
  const { drift, series } = driftSeries(players, tl, windows);
  const missed = [...lat.playing, ...lat.paused].filter((x) => x === Infinity).length;
  const result = {
    debug: debugDump(tl, players),
    scenario: 'actions', n, durationS, everyS, settleMs,
    actions: perAction.length,
    missed,
    latency_playing: summary(lat.playing.filter(Number.isFinite)),
    latency_paused: summary(lat.paused.filter(Number.isFinite)),
    latency_all: summary([...lat.playing, ...lat.paused].filter(Number.isFinite)),
    latency_by_kind: Object.fromEntries(Object.entries(lat.byKind).map(([k, v]) => [k, summary(v.filter(Number.isFinite))])),
    lead_ms: summary(perAction.filter((a) => a.lead_ms > 0).map((a) => a.lead_ms)),
    drift: summary(drift), drift_media_clock: summary(driftSeries(players, tl, windows, 20, 'cerr').drift),
    abs_error: absError(players, tl, windows), clock: clockSummary(players), per_action: perAction,
    learned: players.map((p) => p.latencies),
    series: thin(series, 100), names: players.map((p) => p.name),
  };
  await teardown(host, players);
  return result;
}

/** Late joiners: n−1 players play; `rounds` times a new player joins, is timed, and leaves. */
export async function scenarioLate(browser, world, { n, rounds = 3, watchS = 6, opts }) {
  const { host, players } = await setup(browser, world, n - 1, { opts });
  await sleep(1500);
  await host.cmd('play');
  await run(players, 3000);
  const joins = [];
  for (let r = 0; r < rounds; r++) {
    const late = await openPlayer(browser, world, host.code, `late${r}`, { opts });
    await run([...players, late], watchS * 1000);
    await late.finish();
    joins.push(late);
    await late.close();
  }
  const end = wall();
  await Promise.all(players.map((p) => p.finish()));
  const tl = timeline(await host.states());
  analyse([...players, ...joins], tl);
  const rows = joins.map((p) => {
    const snap = p.snapshotAt;
    const toSync = timeToSync(p.ferr, tl, p.openedAt, end, 50, 1000);
    const fromSnap = toSync === null ? null : toSync - (snap - p.openedAt);
    const firstFrame = p.ferr.find((f) => f.playing && f.t > snap);
    return {
      name: p.name,
      page_to_snapshot_ms: round(snap - p.openedAt),
      snapshot_to_in_sync_ms: round(fromSnap),
      open_to_in_sync_ms: round(toSync),
      first_frame_err_ms: firstFrame ? round(firstFrame.err) : null,
      actions: p.actions.filter((a) => a.type !== 'rate').map((a) => `${round(a.t - snap, 0)}:${a.type}${a.late_ms !== undefined ? `(${round(a.late_ms)})` : ''}`).slice(0, 8),
    };
  });
  const result = {
    debug: debugDump(tl, [...players, ...joins]),
    scenario: 'late', n, rounds,
    snapshot_to_in_sync_ms: summary(rows.map((r) => r.snapshot_to_in_sync_ms ?? Infinity).filter(Number.isFinite)),
    never: rows.filter((r) => r.snapshot_to_in_sync_ms === null).length,
    joins: rows,
  };
  await teardown(host, players);
  return result;
}

/**
 * One player's media is throttled below the clip's bitrate, so every seek leaves it loading
 * for seconds. The host script is the case the room's buffering wait is for: pause, seek while
 * paused (the slow player starts loading), then play ~1 s later — while it may still report
 * buffering. Run once with the wait on and once off (the world's kernel config).
 */
export async function scenarioBuffer(browser, world, { n, rounds = 4, rateBps = 60000, opts, settleMs = 2000 }) {
  const tags = { 0: 'slow' };
  world.proxy.setThrottle('slow', rateBps);
  const { host, players } = await setup(browser, world, n, { opts, tags });
  await sleep(1500);
  await host.cmd('play');
  await run(players, 6000);
  let pos = 20;
  for (let i = 0; i < rounds; i++) {
    pos = 15 + ((pos * 37 + 13) % 90);
    await host.cmd('pause');
    await run(players, 1000);
    await host.cmd('seek', pos);
    await run(players, 1000);
    await host.cmd('play');
    await run(players, 6000);
  }
  world.proxy.setThrottle('slow', 0);
  const end = wall();
  await Promise.all(players.map((p) => p.finish()));
  const tl = timeline(await host.states());
  analyse(players, tl);
  const slow = players[0];
  const others = players.slice(1);
  const rows = [];
  for (let k = 1; k < tl.length; k++) {
    const s = tl[k];
    if (s.status !== 'playing' || tl[k - 1].status !== 'paused') continue; // the plays
    const until = k + 1 < tl.length ? tl[k + 1].recv : end;
    const othersLat = others.map((p) => reflectPlaying(p.ferr, s, until)).map((t) => (t === null ? null : t - s.ref_server_ms));
    const slowLat = reflectPlaying(slow.ferr, s, until);
    rows.push({
      lead_ms: round(s.ref_server_ms - s.recv),
      others_reflect_ms_max: othersLat.includes(null) ? null : round(Math.max(...othersLat)),
      // ms after the host's command (state received), so the wait's cost is visible too
      others_start_after_cmd_ms: othersLat.includes(null) ? null : round(Math.max(...othersLat) + s.ref_server_ms - s.recv),
      slow_reflect_ms: slowLat === null ? null : round(slowLat - s.ref_server_ms),
      slow_in_sync_after_cmd_ms: round(timeToSync(slow.ferr, tl, s.recv, until, 50, 500)),
    });
  }
  const windows = settledWindows(tl, end, settleMs);
  const { drift: othersDrift, series } = driftSeries(others, tl, windows);
  const result = {
    debug: debugDump(tl, players),
    scenario: 'buffer', n, rate_bytes_per_s: rateBps, plays: rows,
    slow_buffering_reports: slow.actions.filter((a) => a.type === 'report-buffering').length,
    others_drift: summary(othersDrift),
    others_drift_media_clock: summary(driftSeries(others, tl, windows, 20, 'cerr').drift),
    slow_waiting_events: slow.vevents.filter((e) => e.type === 'waiting').length,
    series: thin(series, 100), names: others.map((p) => p.name),
  };
  await teardown(host, players);
  return result;
}

/**
 * Reconnect: one player goes offline (context.setOffline) for `offlineS`; in round 1 the host
 * seeks while it is away, in round 2 nothing happens meanwhile.
 */
export async function scenarioReconnect(browser, world, { n, offlineS = 5, opts }) {
  const { host, players } = await setup(browser, world, n, { opts });
  await sleep(1500);
  await host.cmd('play');
  await run(players, 5000);
  const victim = players[0];
  const rounds = [];
  for (const withSeek of [true, false]) {
    const off = wall();
    await victim.context.setOffline(true);
    await run(players.slice(1), 2000);
    if (withSeek) await host.cmd('seek', withSeek ? 70 : 0);
    await run(players.slice(1), offlineS * 1000 - 2000);
    await victim.context.setOffline(false);
    const on = wall();
    await run(players, 8000);
    rounds.push({ withSeek, off, on });
  }
  const end = wall();
  await Promise.all(players.map((p) => p.finish()));
  const tl = timeline(await host.states());
  analyse(players, tl);
  const rows = rounds.map((r, i) => {
    const until = i + 1 < rounds.length ? rounds[i + 1].off : end;
    const sts = victim.status.filter(([t]) => t >= r.off && t <= until).map(([t, s]) => `${round(t - r.on, 0)}:${s}`);
    return {
      host_seek_while_offline: r.withSeek,
      back_in_sync_after_online_ms: round(timeToSync(victim.ferr, tl, r.on, until, 50, 1000)),
      status_changes_rel_online_ms: sts,
    };
  });
  const result = { debug: debugDump(tl, players), scenario: 'reconnect', n, offlineS, rounds: rows, rounds_at: rounds };
  await teardown(host, players);
  return result;
}

/**
 * Embeds (soft sync): n players show the VidKing stand-in; after each host action, the time
 * until every embed is within 2 s of the room (its own PLAYER_EVENT currentTime vs expected).
 */
export async function scenarioEmbed(browser, world, { n, everyS = 10, opts }) {
  const { host, players } = await setup(browser, world, n, { opts, embed: true });
  await run(players, 3000);
  const script = ['play', 'seek-playing', 'pause', 'seek-paused', 'play', 'seek-playing'];
  let pos = 30;
  for (const kind of script) {
    pos = 10 + ((pos * 37 + 13) % 90);
    if (kind.startsWith('seek')) await host.cmd('seek', pos);
    else await host.cmd(kind);
    await run(players, everyS * 1000);
  }
  const end = wall();
  await Promise.all(players.map((p) => p.finish()));
  const tl = timeline(await host.states());
  const rows = [];
  const startIdx = tl.findIndex((s) => s.status === 'playing');
  for (let k = startIdx; k < tl.length; k++) {
    const s = tl[k];
    const until = k + 1 < tl.length ? tl[k + 1].recv : end;
    const per = players.map((p) => {
      // In sync from the first event after which every report is within 2 s (and, when the
      // room is paused, the player says paused).
      const ev = p.embed.filter(([t]) => t >= s.recv && t <= until);
      let since = null;
      for (const [t, event, ct] of ev) {
        const ok = Math.abs(ct - expectedAt(s, t)) <= 2 && (s.status === 'playing' ? event !== 'pause' : event === 'pause' || event === 'seeked');
        if (ok && since === null) since = t;
        if (!ok && s.status === 'playing') since = null;
      }
      return since === null ? null : since - s.recv;
    });
    const label = s.status === 'playing' ? (k > 0 && tl[k - 1].status === 'playing' ? 'seek-playing' : 'play') : (tl[k - 1].status === 'paused' ? 'seek-paused' : 'pause');
    // Residual error once settled: |reported − expected| from 4 s after the action on.
    const settled = players.flatMap((p) => p.embed.filter(([t]) => t >= s.recv + 4000 && t <= until).map(([t, , ct]) => Math.abs(ct - expectedAt(s, t)) * 1000));
    rows.push({
      label, within_2s_ms: per.map((x) => round(x, 0)), all_ms: per.includes(null) ? null : round(Math.max(...per), 0),
      settled_abs_err_ms: summary(settled),
    });
  }
  const result = {
    scenario: 'embed', n, boot_ms: world.vk.state.bootMs, actions: rows,
    all_within_2s_ms: summary(rows.map((r) => r.all_ms).filter((x) => x !== null)),
    settled_abs_err_ms: summary(rows.flatMap((r) => (r.settled_abs_err_ms.p50 === null ? [] : [r.settled_abs_err_ms.p50]))),
    settled_abs_err_max_ms: Math.max(0, ...rows.map((r) => r.settled_abs_err_ms.max ?? 0)),
    never: rows.filter((r) => r.all_ms === null).length,
    reloads: players.map((p) => p.actions.filter((a) => a.type === 'reload').length),
  };
  await teardown(host, players);
  return result;
}

/** Keeps every k-th point so a series stays plottable. */
function thin(series, maxPoints) {
  if (series.length <= maxPoints * 20) return series.filter((_, i) => i % 5 === 0);
  const k = Math.ceil(series.length / (maxPoints * 20)) * 5;
  return series.filter((_, i) => i % k === 0);
}

export { stateAt };
