// A local stand-in for VidKing's player, so the embed (soft sync) path is measured offline.
// provider.vidking is pointed at it (`base_url: http://127.0.0.1:<port>`, the plugin's
// documented test setting) and the kernel lists its origin in `web.embed_origins` (the page's
// CSP frame-src) — config only: neither the client nor the kernel changes. The client's embed
// adapter trusts messages from the embed URL's origin, which is this server's.
//
// Like the real player it: serves /embed/movie/{id} and /embed/tv/{id}/{s}/{e}; takes
// `?progress=<whole s>&autoPlay=true|false`; accepts no commands; posts to its parent, as a JSON
// string, {"type":"PLAYER_EVENT","data":{event,currentTime,duration,progress,id,mediaType,timestamp}}
// for play / pause / seeked / timeupdate / ended (plugins/provider-vidking/README.md).
// `bootMs` emulates the player app's own start-up (the real one is a heavy SPA) before it
// seeks to `progress` and starts.
import { createServer } from 'node:http';

const page = (mediaUrl, bootMs, id, mediaType) => `<!doctype html>
<html><head><meta charset="utf-8"><title>VidKing stand-in</title>
<style>html,body{margin:0;background:#111;height:100%}video{width:100%;height:100%}</style></head>
<body><video id="v" preload="auto" playsinline></video>
<script>
(() => {
  const p = new URLSearchParams(location.search);
  const progress = Math.max(0, Number(p.get('progress') || 0));
  const autoPlay = p.get('autoPlay') !== 'false';
  const v = document.getElementById('v');
  const post = (event) => {
    const data = { event, currentTime: v.currentTime || 0, id: ${JSON.stringify(id)}, mediaType: ${JSON.stringify(mediaType)}, timestamp: Date.now() };
    if (Number.isFinite(v.duration) && v.duration > 0) {
      data.duration = v.duration;
      data.progress = (100 * (v.currentTime || 0)) / v.duration;
    }
    parent.postMessage(JSON.stringify({ type: 'PLAYER_EVENT', data }), '*');
  };
  for (const ev of ['play', 'pause', 'seeked', 'timeupdate', 'ended']) v.addEventListener(ev, () => post(ev));
  setTimeout(() => {
    v.addEventListener('loadedmetadata', () => {
      v.currentTime = progress;
      if (autoPlay) v.play().catch(() => { v.muted = true; v.play().catch(() => {}); });
    }, { once: true });
    v.src = ${JSON.stringify(mediaUrl)};
  }, ${Number(bootMs)});
})();
</script></body></html>`;

/** @param {{ mediaUrl?: string, bootMs?: number }} opts (both may be set later through `state`) */
export async function startVidkingStandin(opts) {
  const state = { bootMs: opts.bootMs ?? 1000, mediaUrl: opts.mediaUrl ?? '', requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url, 'http://x');
    const m = /^\/embed\/(movie)\/(\d+)$/.exec(url.pathname) ?? /^\/embed\/(tv)\/(\d+)\/\d+\/\d+$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : page(state.mediaUrl, state.bootMs, m[2], m[1]));
  });
  server.keepAliveTimeout = 1000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    state,
    async stop() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(() => r()));
    },
  };
}
