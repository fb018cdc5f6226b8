#!/usr/bin/env node
// Sync fidelity benchmark (issue 18): real Chromium players following one host through the real
// client library, against a real kernel, with user-space delay/jitter/"loss" (proxy.mjs).
//
//   node bench/sync/run.mjs [--n 4[,8]] [--scenarios steady,actions,late,buffer,reconnect,embed]
//        [--conditions none,j40,j150,j40loss,j150loss] [--duration 120] [--action-duration 48]
//        [--opts '{"deadBandMs":20}'] [--out bench/sync/results/x.json] [--plot docs/sync]
//        [--gateway 'playback_lead_min_ms: 250'] [--boot-ms 1000] [--media webm|mp4] [--max-minutes 60]
//   node bench/sync/run.mjs --preset full --plot docs/sync     # the documented matrix (~35 min)
//
// Everything runs on loopback, is bounded (--max-minutes, every wait has a timeout) and is
// stopped by PID (the kernel) / by handle (browser, proxy, stand-in) at the end or on a signal.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { launchChromium } from '../../web/e2e/support/browser.mjs';
import {
  CONDITIONS, scenarioActions, scenarioBuffer, scenarioEmbed, scenarioLate, scenarioReconnect, scenarioSteady, startWorld, ensurePage, snapshotKernel,
} from './harness.mjs';
import { plotDrift } from './plot.mjs';
import { formatTables } from './report.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const ns = (args.n ?? '4').split(',').map(Number);
const scenarios = (args.scenarios ?? 'steady,actions,late,buffer,reconnect,embed').split(',');
const conditions = (args.conditions ?? 'none,j40').split(',');
const durationS = Number(args.duration ?? 120);
const actionDurationS = Number(args['action-duration'] ?? 48);
const opts = args.opts ? JSON.parse(args.opts) : undefined;
const maxMinutes = Number(args['max-minutes'] ?? 60);
const out = resolve(args.out ?? `bench/sync/results/sync-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const plotDir = args.plot ? resolve(args.plot) : null;
for (const c of conditions) if (!CONDITIONS[c]) throw new Error(`unknown condition ${c}`);

let browser = null;
let world = null;
async function cleanup() {
  if (world) await world.stop().catch(() => undefined);
  world = null;
  if (browser) await browser.close().catch(() => undefined);
  browser = null;
}
const hardStop = setTimeout(async () => {
  console.error(`[sync] --max-minutes ${maxMinutes} reached: stopping`);
  await cleanup();
  process.exit(2);
}, maxMinutes * 60_000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });

const load = () => os.loadavg();

const results = { started: new Date().toISOString(), args, machine: { cpus: os.cpus().length, load_start: load() }, runs: [] };
/** The documented matrix (docs/benchmarks.md "Sync fidelity"); --scenarios filters it. */
function presetFull() {
  // Ordered by importance, so a run cut short by --max-minutes still has the core figures.
  const j = [];
  const steady = (n, condition, durationS) => j.push({ scenario: 'steady', n, condition, durationS });
  steady(4, 'none', 120);
  steady(4, 'j40', 120);
  for (const condition of ['none', 'j40']) j.push({ scenario: 'actions', n: 4, condition });
  for (const condition of ['none', 'j40']) j.push({ scenario: 'late', n: 4, condition });
  for (const w of [1500, 0]) j.push({ scenario: 'buffer', n: 4, condition: 'none', bufferingWaitMs: w });
  j.push({ scenario: 'reconnect', n: 4, condition: 'none' });
  j.push({ scenario: 'embed', n: 4, condition: 'none' });
  steady(8, 'none', 120);
  steady(8, 'j40', 120);
  for (const condition of ['none', 'j40']) j.push({ scenario: 'actions', n: 8, condition });
  steady(4, 'j150', 60);
  steady(4, 'j40loss', 60);
  for (const condition of ['j150', 'j40loss']) j.push({ scenario: 'actions', n: 4, condition });
  for (const condition of ['j150', 'j40loss']) j.push({ scenario: 'late', n: 4, condition });
  for (const w of [1500, 0]) j.push({ scenario: 'buffer', n: 4, condition: 'j40', bufferingWaitMs: w });
  for (const condition of ['j40', 'j150']) j.push({ scenario: 'reconnect', n: 4, condition });
  for (const condition of ['j40', 'j150']) j.push({ scenario: 'embed', n: 4, condition });
  return j;
}

function jobsFromArgs() {
  const j = [];
  for (const scenario of scenarios) for (const condition of conditions) for (const n of ns) {
    if (['late', 'buffer', 'reconnect', 'embed'].includes(scenario) && n !== ns[0] && !args['all-n']) continue;
    for (const bufferingWaitMs of scenario === 'buffer' ? [1500, 0] : [undefined]) j.push({ scenario, n, condition, bufferingWaitMs, durationS });
  }
  return j;
}

const jobs = args.preset === 'full' ? presetFull().filter((x) => !args.scenarios || scenarios.includes(x.scenario)) : jobsFromArgs();
console.error(`[sync] ${jobs.length} runs`);

try {
  await ensurePage();
  snapshotKernel();
  browser = await launchChromium();
  for (const job of jobs) {
    const { scenario, n, condition, bufferingWaitMs } = job;
    const t0 = Date.now();
    const loadBefore = load();
    world = await startWorld({ condition, bufferingWaitMs, gateway: args.gateway, media: args.media, bootMs: args['boot-ms'] !== undefined ? Number(args['boot-ms']) : undefined });
    let r;
    try {
      const o = { n, opts };
      if (scenario === 'steady') r = await scenarioSteady(browser, world, { ...o, durationS: job.durationS ?? durationS });
      else if (scenario === 'actions') r = await scenarioActions(browser, world, { ...o, durationS: actionDurationS });
      else if (scenario === 'late') r = await scenarioLate(browser, world, o);
      else if (scenario === 'buffer') r = await scenarioBuffer(browser, world, o);
      else if (scenario === 'reconnect') r = await scenarioReconnect(browser, world, o);
      else if (scenario === 'embed') r = await scenarioEmbed(browser, world, o);
      else throw new Error(`unknown scenario ${scenario}`);
    } catch (e) {
      r = { scenario, n, error: String(e?.stack ?? e) };
      console.error(`[sync] ${scenario} ${condition} n=${n} failed:`, e);
    }
    r.condition = condition;
    r.condition_label = CONDITIONS[condition].label;
    if (bufferingWaitMs !== undefined) r.buffering_wait_ms = bufferingWaitMs;
    if (args.gateway) r.gateway = args.gateway;
    if (args.media) r.media = args.media;
    if (opts) r.opts = opts;
    r.proxy_stalls = world.proxy.stats.stalls;
    r.wall_s = Math.round((Date.now() - t0) / 1000);
    r.load = { before: loadBefore.map((x) => Math.round(x * 100) / 100), after: load().map((x) => Math.round(x * 100) / 100) };
    await world.stop();
    world = null;
    if (plotDir && r.series?.length) {
      const file = join(plotDir, `drift-${scenario}-${condition}-n${n}${bufferingWaitMs !== undefined ? `-wait${bufferingWaitMs}` : ''}.png`);
      await plotDrift(browser, r, file);
      r.plot = file;
    }
    const { series, debug, ...brief } = r;
    console.log(JSON.stringify(brief));
    results.runs.push(r);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(results, null, 1));
  }
} finally {
  results.machine.load_end = load();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 1));
  await cleanup();
  clearTimeout(hardStop);
}
console.log(formatTables(results));
console.log(`results: ${out}`);
