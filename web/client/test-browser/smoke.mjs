// Real-Chromium smoke test of Html5Adapter + PlaybackController (no kernel): generates a clip
// with ffmpeg, serves it with Range support next to dist/, drives 2–3 players through a
// scheduled start, a seek while playing, a pause and a late join, and prints their drift.
// Run: npm run build -w @streamit/client && node client/test-browser/smoke.mjs  (from web/)
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync, createReadStream } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = resolve(here, '..');
const work = '/tmp/streamit-client-smoke';
mkdirSync(work, { recursive: true });
const clip = join(work, 'clip.mp4');
if (!existsSync(clip)) {
  // Audio keeps Chromium's media clock on wall time (SYNC.md); a keyframe every second keeps seeks cheap.
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '60', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', clip]);
}

const types = { '.js': 'text/javascript', '.html': 'text/html', '.mp4': 'video/mp4', '.map': 'application/json' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let file;
  if (url.pathname === '/' || url.pathname === '/smoke.html') file = join(here, 'smoke.html');
  else if (url.pathname === '/clip.mp4') file = clip;
  else if (url.pathname.startsWith('/dist/')) file = join(clientDir, url.pathname);
  if (!file || !existsSync(file)) { res.writeHead(404).end(); return; }
  const size = statSync(file).size;
  const type = types[extname(file)] ?? 'application/octet-stream';
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range ?? '');
  if (range) {
    const start = range[1] ? Number(range[1]) : 0;
    const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    res.writeHead(206, { 'Content-Type': type, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' });
    createReadStream(file, { start, end }).pipe(res);
  } else {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
    createReadStream(file).pipe(res);
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
if (process.argv.includes('--serve')) {
  // Keep serving for manual probing (open the URL in a browser, or script it).
  console.log(`serving ${origin}/smoke.html`);
  await new Promise(() => {});
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking',
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log('[page]', m.text()));
  page.on('pageerror', (e) => { console.log('[pageerror]', e.message); failed = true; });
  await page.goto(`${origin}/smoke.html`);
  await page.waitForFunction(() => window.ready);
  await page.evaluate(() => { window.addPlayer(); window.addPlayer(); });

  const sample = async (label, n = 20) => {
    const rows = [];
    for (let i = 0; i < n; i++) {
      rows.push(await page.evaluate(() => window.measure()));
      await page.waitForTimeout(50);
    }
    const all = rows.flat().filter((x) => x !== null).map(Math.abs).sort((a, b) => a - b);
    const p50 = all[Math.floor(all.length / 2)], max = all.at(-1);
    console.log(`${label}: |drift| p50 ${p50?.toFixed(1)} ms, max ${max?.toFixed(1)} ms over ${all.length} samples`);
    return { p50, max };
  };
  const check = (label, r, limitMs) => {
    if (!(r.max <= limitMs)) { console.log(`FAIL ${label}: max ${r.max} > ${limitMs}`); failed = true; }
  };

  await page.evaluate(() => window.push({ status: 'paused', position_s: 0 }));
  await page.waitForTimeout(2500);
  check('paused at 0', await sample('paused at 0', 5), 20);

  await page.evaluate(() => window.push({ status: 'playing', position_s: 0, lead_ms: 300 }));
  await page.waitForTimeout(2500);
  const start = await sample('scheduled start');
  check('scheduled start', start, 80);

  await page.evaluate(() => window.push({ status: 'playing', position_s: 20, lead_ms: 300 }));
  await page.waitForTimeout(2500);
  check('seek while playing', await sample('seek while playing (scheduled)'), 80);

  // Unscheduled jump (ref in the past): the catch-up path.
  await page.evaluate(() => window.push({ status: 'playing', position_s: 35, lead_ms: -500 }));
  await page.waitForTimeout(2500);
  check('catch-up', await sample('catch-up to a running timeline'), 80);

  await page.evaluate(() => window.addPlayer());
  await page.waitForTimeout(2500);
  check('late joiner', await sample('late joiner (3 players)'), 80);

  await page.evaluate(() => window.push({ status: 'paused', position_s: 42.5 }));
  await page.waitForTimeout(1000);
  check('pause', await sample('paused at 42.5', 5), 20);
  console.log('players', JSON.stringify(await page.evaluate(() => window.videoState())));
  console.log('learned latencies', JSON.stringify(await page.evaluate(() => window.latencies())));
} finally {
  await browser.close();
  server.close();
}
console.log(failed ? 'SMOKE FAILED' : 'SMOKE OK');
process.exit(failed ? 1 : 0);
