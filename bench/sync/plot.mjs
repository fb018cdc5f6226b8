// Drift plot without plotting dependencies: an SVG drawn here, rendered by the Chromium we
// already run, screenshotted to PNG. One line per player: its error relative to the group's
// median at that instant (so the spread between lines is the inter-player drift), plus the
// drift (max − min) as a filled band.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#808000', '#000075'];

export function driftSvg(r, { width = 1100, height = 460 } = {}) {
  const pts = r.series;
  const t0 = pts[0].t;
  const rel = pts.map((p) => {
    const sorted = [...p.errs].sort((a, b) => a - b);
    const med = sorted[Math.floor(sorted.length / 2)];
    return { x: (p.t - t0) / 1000, ys: p.errs.map((e) => e - med), d: Math.max(...p.errs) - Math.min(...p.errs) };
  });
  const tMax = Math.max(1, rel[rel.length - 1].x);
  const yAbs = Math.min(200, Math.max(60, ...rel.flatMap((p) => p.ys.map(Math.abs))) * 1.1);
  const m = { l: 64, r: 150, t: 46, b: 46 };
  const W = width - m.l - m.r, H = height - m.t - m.b;
  const X = (x) => m.l + (x / tMax) * W;
  const Y = (y) => m.t + H / 2 - (Math.max(-yAbs, Math.min(yAbs, y)) / yAbs) * (H / 2);
  const parts = [];
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`);
  // grid
  const yStep = yAbs > 120 ? 50 : 20;
  for (let y = -Math.floor(yAbs / yStep) * yStep; y <= yAbs; y += yStep) {
    parts.push(`<line x1="${m.l}" x2="${m.l + W}" y1="${Y(y)}" y2="${Y(y)}" stroke="${y === 0 ? '#888' : '#e4e4e4'}"/>`);
    parts.push(`<text x="${m.l - 8}" y="${Y(y) + 4}" font-size="12" text-anchor="end">${y}</text>`);
  }
  const xStep = tMax > 90 ? 15 : tMax > 30 ? 5 : 2;
  for (let x = 0; x <= tMax; x += xStep) {
    parts.push(`<line x1="${X(x)}" x2="${X(x)}" y1="${m.t}" y2="${m.t + H}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${X(x)}" y="${m.t + H + 18}" font-size="12" text-anchor="middle">${x}</text>`);
  }
  // ±25 ms band: p99 ≤ 50 ms means all lines inside a 50 ms wide band
  parts.push(`<rect x="${m.l}" y="${Y(25)}" width="${W}" height="${Y(-25) - Y(25)}" fill="#2a9d8f" opacity="0.08"/>`);
  // drift (max − min) as a grey area from the bottom axis
  // drift (max − min) on the same ms axis, as a positive value
  const dPath = rel.map((p, i) => `${i && p.x - rel[i - 1].x < 0.6 ? 'L' : 'M'}${X(p.x).toFixed(1)},${Y(p.d).toFixed(1)}`).join('');
  parts.push(`<path d="${dPath}" fill="none" stroke="#555" stroke-width="1.2" stroke-dasharray="4,3"/>`);
  const n = rel[0].ys.length;
  for (let k = 0; k < n; k++) {
    const d = rel.map((p, i) => `${i && p.x - rel[i - 1].x < 0.6 ? 'L' : 'M'}${X(p.x).toFixed(1)},${Y(p.ys[k]).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.3" opacity="0.85"/>`);
    parts.push(`<line x1="${m.l + W + 12}" x2="${m.l + W + 32}" y1="${m.t + 10 + k * 18}" y2="${m.t + 10 + k * 18}" stroke="${COLORS[k % COLORS.length]}" stroke-width="3"/>`);
    parts.push(`<text x="${m.l + W + 38}" y="${m.t + 14 + k * 18}" font-size="12">${r.names?.[k] ?? `player ${k}`}</text>`);
  }
  parts.push(`<line x1="${m.l + W + 12}" x2="${m.l + W + 32}" y1="${m.t + 10 + n * 18}" y2="${m.t + 10 + n * 18}" stroke="#555" stroke-dasharray="4,3"/>`);
  parts.push(`<text x="${m.l + W + 38}" y="${m.t + 14 + n * 18}" font-size="12">drift (max−min)</text>`);
  const d = r.drift ?? r.others_drift ?? {};
  const title = `${r.scenario} · ${r.n} players · ${r.condition_label ?? r.condition}${r.buffering_wait_ms !== undefined ? ` · buffering wait ${r.buffering_wait_ms} ms` : ''} — drift p50 ${d.p50} / p95 ${d.p95} / p99 ${d.p99} / max ${d.max} ms`;
  parts.push(`<text x="${m.l}" y="24" font-size="15" font-weight="bold">${title}</text>`);
  parts.push(`<text x="${m.l + W / 2}" y="${height - 8}" font-size="12" text-anchor="middle">seconds since the first settled sample (settled windows only; breaks = settling after an action, excluded)</text>`);
  parts.push(`<text transform="translate(16,${m.t + H / 2}) rotate(-90)" font-size="12" text-anchor="middle">ms: player error − group median; drift</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
}

export async function plotDrift(browser, r, file) {
  const svg = driftSvg(r);
  const context = await browser.newContext({ viewport: { width: 1100, height: 460 } });
  try {
    const page = await context.newPage();
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    mkdirSync(dirname(file), { recursive: true });
    await page.locator('svg').screenshot({ path: file });
  } finally {
    await context.close();
  }
  return file;
}

// Re-plot from a results file: node bench/sync/plot.mjs RESULTS.json OUT_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { launchChromium } = await import('../../web/e2e/support/browser.mjs');
  const results = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const browser = await launchChromium();
  try {
    for (const r of results.runs) {
      if (!r.series?.length) continue;
      const file = join(process.argv[3], `drift-${r.scenario}-${r.condition}-n${r.n}${r.buffering_wait_ms !== undefined ? `-wait${r.buffering_wait_ms}` : ''}.png`);
      await plotDrift(browser, r, file);
      console.log(file);
    }
  } finally {
    await browser.close();
  }
}
