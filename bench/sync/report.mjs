// Markdown tables from a results file (bench/sync/results/*.json):
//   node bench/sync/report.mjs FILE...
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CONDITIONS } from './harness.mjs';

const f = (x) => (x === null || x === undefined ? '—' : String(x));
const cond = (c) => CONDITIONS[c]?.label ?? c;
const load = (r) => (r.load ? `${r.load.before[0]}→${r.load.after[0]}` : '');

export function formatTables(results) {
  const runs = results.runs;
  const out = [];
  const by = (s) => runs.filter((r) => r.scenario === s && !r.error);
  const steady = by('steady');
  if (steady.length) {
    out.push('#### Steady playback (inter-player drift after convergence, ms)', '',
      '| players | network | duration | drift p50 | p95 | p99 | max | media-clock drift p50 / p99 | \\|error\\| p50 / p99 | clock offsets (ms, truth 0) | grid points | load 1-min (before→after) |', '|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of steady) {
      const offs = (r.clock ?? []).map((c) => c.offset_ms).filter((x) => x !== undefined);
      const clk = offs.length ? `${Math.min(...offs)} … ${Math.max(...offs)}` : '—';
      out.push(`| ${r.n} | ${cond(r.condition)} | ${r.durationS} s | ${f(r.drift.p50)} | ${f(r.drift.p95)} | ${f(r.drift.p99)} | ${f(r.drift.max)} | ${f(r.drift_media_clock?.p50)} / ${f(r.drift_media_clock?.p99)} | ${f(r.abs_error?.p50)} / ${f(r.abs_error?.p99)} | ${clk} | ${r.drift.n} | ${load(r)} |`);
    }
    out.push('');
  }
  const actions = by('actions');
  if (actions.length) {
    const k = (r, kind, q) => f(r.latency_by_kind?.[kind]?.[q]);
    out.push('#### Host actions: host action → every player reflects it (ms after `ref_server_ms`, all players × actions); drift in the settled windows between actions', '',
      '| players | network | actions | play p50 / p99 | seek-while-playing p50 / p99 | pause p50 / p99 | seek-while-paused p50 / p99 | missed | lead p50 | drift p50 / p99 | media-clock drift p50 / p99 | load |', '|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of actions) out.push(`| ${r.n} | ${cond(r.condition)} | ${r.actions} | ${k(r, 'play', 'p50')} / ${k(r, 'play', 'p99')} | ${k(r, 'seek-playing', 'p50')} / ${k(r, 'seek-playing', 'p99')} | ${k(r, 'pause', 'p50')} / ${k(r, 'pause', 'p99')} | ${k(r, 'seek-paused', 'p50')} / ${k(r, 'seek-paused', 'p99')} | ${r.missed} | ${f(r.lead_ms.p50)} | ${f(r.drift.p50)} / ${f(r.drift.p99)} | ${f(r.drift_media_clock?.p50)} / ${f(r.drift_media_clock?.p99)} | ${load(r)} |`);
    out.push('');
  }
  const late = by('late');
  if (late.length) {
    out.push('#### Late joiner (snapshot received → within 50 ms and staying there for 1 s)', '',
      '| players | network | joins | in sync after (each, ms) | never | page open → snapshot (ms) | first frame error (ms) | load |', '|---|---|---|---|---|---|---|---|');
    for (const r of late) out.push(`| ${r.n} | ${cond(r.condition)} | ${r.rounds} | ${r.joins.map((j) => f(j.snapshot_to_in_sync_ms)).join(', ')} | ${r.never} | ${r.joins.map((j) => f(j.page_to_snapshot_ms)).join(', ')} | ${r.joins.map((j) => f(j.first_frame_err_ms)).join(', ')} | ${load(r)} |`);
    out.push('');
  }
  const buffer = by('buffer');
  if (buffer.length) {
    out.push('#### One player throttled below the clip bitrate: pause → seek → play ~1 s later (group buffering wait on/off)', '',
      '| players | network | buffering wait | lead per play (ms) | others start, ms after the command | slow player reflects, ms after ref | slow within 50 ms, ms after the command | others drift p50 / p99 | load |', '|---|---|---|---|---|---|---|---|---|');
    for (const r of buffer) out.push(`| ${r.n} | ${cond(r.condition)} | ${r.buffering_wait_ms} ms | ${r.plays.map((a) => f(a.lead_ms)).join(', ')} | ${r.plays.map((a) => f(a.others_start_after_cmd_ms)).join(', ')} | ${r.plays.map((a) => f(a.slow_reflect_ms)).join(', ')} | ${r.plays.map((a) => f(a.slow_in_sync_after_cmd_ms)).join(', ')} | ${f(r.others_drift.p50)} / ${f(r.others_drift.p99)} | ${load(r)} |`);
    out.push('');
  }
  const rec = by('reconnect');
  if (rec.length) {
    out.push('#### Reconnect (one player offline 5 s via context.setOffline)', '',
      '| players | network | host seeks while offline | back within 50 ms after online (ms) | connection status (ms rel. online) | load |', '|---|---|---|---|---|---|');
    for (const r of rec) for (const x of r.rounds) out.push(`| ${r.n} | ${cond(r.condition)} | ${x.host_seek_while_offline ? 'yes' : 'no'} | ${f(x.back_in_sync_after_online_ms)} | ${x.status_changes_rel_online_ms.join(' ') || 'none (never declared dead)'} | ${load(r)} |`);
    out.push('');
  }
  const emb = by('embed');
  if (emb.length) {
    out.push('#### Embeds (VidKing stand-in): host action → every embed within 2 s (ms after the state)', '',
      '| players | network | player boot | per action (all players) | p50 | max | never | settled \\|error\\| p50 / max (ms) | reloads per player | load |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const r of emb) out.push(`| ${r.n} | ${cond(r.condition)} | ${r.boot_ms} ms | ${r.actions.map((a) => `${a.label} ${f(a.all_ms)}`).join(', ')} | ${f(r.all_within_2s_ms.p50)} | ${f(r.all_within_2s_ms.max)} | ${r.never} | ${f(r.settled_abs_err_ms?.p50)} / ${f(r.settled_abs_err_max_ms)} | ${r.reloads.join(', ')} | ${load(r)} |`);
    out.push('');
  }
  const failed = runs.filter((r) => r.error);
  for (const r of failed) out.push(`- FAILED ${r.scenario} ${cond(r.condition)} n=${r.n}: ${r.error.split('\n')[0]}`);
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of process.argv.slice(2)) console.log(formatTables(JSON.parse(readFileSync(file, 'utf8'))));
}
