// Integration check of @streamit/client against a real kernel in real Chromium: starts a
// private kernel (memory realtime store, SQLite in a temp dir, guest auth + provider.direct),
// serves the library and a generated clip from a small proxy (same origin for REST and the
// WebSocket, as in production), then a host and a guest in separate browser contexts go
// through sign-in, room creation, ticketed WebSocket, snapshot, set_source, scheduled play,
// seek, pause, chat, a dead-link reconnect (setOffline) and a kick.
// Run from web/: npm run build -w @streamit/client && node client/test-browser/kernel-it.mjs
import { execFileSync, spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = resolve(here, '..');
const repo = resolve(clientDir, '../..');
const kernelBin = process.env.STREAMIT_BIN ?? join(repo, 'build/kernel/streamit');
const work = mkdtempSync('/tmp/streamit-client-it-');
const clip = '/tmp/streamit-client-smoke/clip.mp4';
mkdirSync(dirname(clip), { recursive: true });
if (!existsSync(clip)) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '60', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', clip]);
}

const freePort = () => new Promise((r) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const kport = await freePort();
const pport = await freePort();
const origin = `http://127.0.0.1:${pport}`;

// Plugins: copy the two we need into one directory.
const pluginDir = join(work, 'plugins');
mkdirSync(pluginDir);
for (const [dir, so] of [['auth-guest', 'libauth_guest.so'], ['provider-direct', 'libprovider_direct.so']]) {
  copyFileSync(join(repo, 'build/plugins', dir, so), join(pluginDir, so));
}
mkdirSync(join(work, 'data'));
writeFileSync(join(work, 'streamit.yaml'), `data_dir: ${work}/data
http:
  host: 127.0.0.1
  port: ${kport}
auth:
  ws_allowed_origins: ["${origin}"]
plugins:
  directories: ["${pluginDir}"]
  instances:
    - {id: auth.guest, library: libauth_guest.so, required: true}
    - id: provider.direct
      library: libprovider_direct.so
      required: true
      config: {allow_loopback: true}
`);
const kernel = spawn(kernelBin, ['serve', '--config', join(work, 'streamit.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
let kernelLog = '';
kernel.stdout.on('data', (d) => (kernelLog += d));
kernel.stderr.on('data', (d) => (kernelLog += d));

const types = { '.js': 'text/javascript', '.html': 'text/html', '.mp4': 'video/mp4', '.map': 'application/json' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') {
    const up = httpRequest({ host: '127.0.0.1', port: kport, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
    return;
  }
  let file;
  if (url.pathname === '/it.html') file = join(here, 'it.html');
  else if (url.pathname === '/clip.mp4') file = clip;
  else if (url.pathname.startsWith('/dist/')) file = join(clientDir, url.pathname);
  if (!file || !existsSync(file)) { res.writeHead(404).end(); return; }
  const size = statSync(file).size;
  const type = types[extname(file)] ?? 'application/octet-stream';
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range ?? '');
  if (req.method === 'HEAD') { res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' }).end(); return; }
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
// WebSocket upgrades go to the kernel byte for byte.
server.on('upgrade', (req, socket, head) => {
  const up = connect(kport, '127.0.0.1', () => {
    let raw = `${req.method} ${req.url} HTTP/1.1\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    up.write(raw + '\r\n');
    if (head.length) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  const end = () => { up.destroy(); socket.destroy(); };
  up.on('error', end);
  socket.on('error', end);
});
await new Promise((r) => server.listen(pport, '127.0.0.1', r));

let failed = false;
const check = (label, ok, extra = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${extra ? ` — ${extra}` : ''}`);
  if (!ok) failed = true;
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking',
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
});
try {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${kport}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i === 99) throw new Error(`kernel did not start:\n${kernelLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const open = async (name) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    page.on('pageerror', (e) => { console.log(`[${name} pageerror]`, e.message); failed = true; });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[${name}]`, m.text()); });
    await page.goto(`${origin}/it.html`);
    await page.waitForFunction(() => window.ready);
    return { ctx, page };
  };
  const host = await open('host');
  const guest = await open('guest');

  const code = await host.page.evaluate(async () => {
    const { StreamItApi, RoomConnection, PlaybackController } = window.lib;
    const api = new StreamItApi();
    await api.signInGuest('Hannah');
    const room = await api.createRoom({ title: 'IT room', is_public: true });
    const conn = new RoomConnection({ api, code: room.code });
    window.conn = conn;
    window.ctl = new PlaybackController({ connection: conn, container: document.getElementById('player') });
    conn.connect();
    await new Promise((r) => conn.on('snapshot', r));
    return room.code;
  });
  check('host: guest sign-in, room created, snapshot received', !!code, code);
  const hostState = await host.page.evaluate(() => ({ status: conn.status, you: conn.you, room: conn.room?.state, parts: conn.participants.length }));
  check('host: you.is_host, participants listed', hostState.you?.is_host === true && hostState.parts >= 1, JSON.stringify(hostState));

  const clipUrl = `${origin}/clip.mp4`;
  const setSrc = await host.page.evaluate(async (url) => {
    try { return await conn.setSource('provider.direct', url); } catch (e) { return { error: e.code, message: e.message }; }
  }, clipUrl);
  check('host: set_source answered with playback.state', setSrc && setSrc.source?.kind === 'mp4', JSON.stringify(setSrc).slice(0, 200));

  await guest.page.evaluate(async (code) => {
    const { StreamItApi, RoomConnection, PlaybackController } = window.lib;
    const api = new StreamItApi();
    await api.signInGuest('Gabriel');
    const conn = new RoomConnection({ api, code, pingIntervalMs: 1000, deadAfterMs: 3000 });
    window.conn = conn;
    window.ctl = new PlaybackController({ connection: conn, container: document.getElementById('player') });
    conn.connect();
    await new Promise((r) => conn.on('snapshot', r));
  }, code);
  check('guest: joined with a ticket and got the snapshot', await guest.page.evaluate(() => conn.status === 'open' && conn.playback?.source?.kind === 'mp4'));
  await host.page.waitForFunction(() => conn.participants.length >= 2, null, { timeout: 5000 }).then(() => check('host: sees the guest join', true), () => check('host: sees the guest join', false));

  const driftOf = (p) => p.evaluate(() => {
    const v = document.querySelector('video');
    const s = conn.playback;
    return v && s ? (v.currentTime - window.lib.expectedPosition(s, conn.clock.serverNow())) * 1000 : null;
  });
  const clockOf = (p) => p.evaluate(() => ({ ready: conn.clock.ready, offset: conn.clock.offsetMs, delay: conn.clock.delayMs }));
  check('clock ready after the burst', (await clockOf(guest.page)).ready, JSON.stringify(await clockOf(guest.page)));

  const play = await host.page.evaluate(async () => { const s = await conn.play(0); return { ref: s.ref_server_ms, now: conn.clock.serverNow() }; });
  check('play is scheduled in the future (ref_server_ms > server_ms)', play.ref > play.now, `lead ${play.ref - play.now} ms`);
  await guest.page.waitForTimeout(2500);
  let hd = await driftOf(host.page), gd = await driftOf(guest.page);
  check('after play: both players within 80 ms of expected', Math.abs(hd) < 80 && Math.abs(gd) < 80, `host ${hd?.toFixed(1)} ms, guest ${gd?.toFixed(1)} ms`);

  await host.page.evaluate(() => conn.seek(25));
  await guest.page.waitForTimeout(2500);
  hd = await driftOf(host.page); gd = await driftOf(guest.page);
  check('after seek: within 80 ms', Math.abs(hd) < 80 && Math.abs(gd) < 80, `host ${hd?.toFixed(1)} ms, guest ${gd?.toFixed(1)} ms`);
  const gt = await guest.page.evaluate(() => document.querySelector('video').currentTime);
  check('guest video is past 25 s', gt > 25 && gt < 29, `${gt.toFixed(2)} s`);

  await host.page.evaluate(() => conn.pause());
  await guest.page.waitForTimeout(700);
  const paused = await guest.page.evaluate(() => ({ paused: document.querySelector('video').paused, t: document.querySelector('video').currentTime, pos: conn.playback.position_s }));
  check('after pause: guest paused at position_s', paused.paused && Math.abs(paused.t - paused.pos) < 0.03, JSON.stringify(paused));

  await guest.page.evaluate(() => conn.sendChat('hello <b>host</b>'));
  await host.page.waitForFunction(() => conn.chat.some((m) => m.text === 'hello <b>host</b>'), null, { timeout: 3000 })
    .then(() => check('chat: guest → host', true), () => check('chat: guest → host', false));

  // Dead link: offline stalls the socket; the guest must notice, reconnect with a new ticket, and resync.
  await host.page.evaluate(() => conn.play());
  await guest.ctx.setOffline(true);
  await guest.page.waitForFunction(() => conn.status === 'reconnecting', null, { timeout: 8000 })
    .then(() => check('offline: dead link detected', true), () => check('offline: dead link detected', false));
  await host.page.evaluate(() => conn.seek(40));
  await guest.ctx.setOffline(false);
  await guest.page.waitForFunction(() => conn.status === 'open', null, { timeout: 15000 })
    .then(() => check('online: reconnected', true), () => check('online: reconnected', false));
  await guest.page.waitForTimeout(2500);
  gd = await driftOf(guest.page);
  check('online: back in sync after the missed seek', gd !== null && Math.abs(gd) < 80, `guest ${gd?.toFixed(1)} ms`);

  const guestUser = await guest.page.evaluate(() => conn.you.user_id);
  await host.page.evaluate((u) => conn.kick(u, 60), guestUser);
  await guest.page.waitForFunction(() => conn.status === 'closed', null, { timeout: 5000 }).catch(() => {});
  const closeInfo = await guest.page.evaluate(() => conn.closeInfo);
  check('kick: guest closed with 4003, no reconnect', closeInfo?.code === 4003, JSON.stringify(closeInfo));
  console.log('learned', JSON.stringify(await guest.page.evaluate(() => window.ctl.latencies)), 'clock', JSON.stringify(await clockOf(guest.page)));
} catch (e) {
  console.log('ERROR', e);
  failed = true;
} finally {
  await browser.close();
  server.close();
  kernel.kill('SIGTERM');
  await new Promise((r) => kernel.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
if (failed) console.log(kernelLog.split('\n').slice(-30).join('\n'));
console.log(failed ? 'KERNEL IT FAILED' : 'KERNEL IT OK');
process.exit(failed ? 1 : 0);
