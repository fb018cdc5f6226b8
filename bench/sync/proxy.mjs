// User-space TCP "netem" for the sync benchmark: this machine's kernel has no sch_netem qdisc
// (`tc qdisc add dev lo root netem ...` → "Error: Specified qdisc kind is unknown."), so delay,
// jitter and "loss" are added here, between the browsers and the kernel, on loopback only.
//
// Per connection and per direction every chunk read from one side is written to the other
// after delay ± jitter (uniform), never before the previous chunk of the same direction: order
// is preserved as TCP would, so jitter shows up as bunching, not reordering.
//
// Loss: TCP hides a lost segment behind a retransmission, so what an application sees is a
// stall. With probability `lossPct` a chunk (and, order being kept, everything after it on that
// direction) is held back for an extra `lossStallMs` (≥ 200 ms, Linux's minimum RTO) plus one
// delay: the tail-loss / RTO case, which is what sparse WebSocket traffic meets in practice.
//
// Throttle: a connection whose first request carries the cookie `streamit_bench_tag=<tag>` and
// asks for /media/ is paced to `throttle.get(tag)` bytes/s downstream (the kernel → browser
// direction), so one player can be made to buffer without touching the others.
import { createServer, connect } from 'node:net';

/**
 * @param {{ targetPort?: number, delayMs?: number, jitterMs?: number, lossPct?: number,
 *           lossStallMs?: number, seed?: number }} opts
 */
export async function startProxy(opts) {
  const state = {
    delayMs: opts.delayMs ?? 0,
    jitterMs: opts.jitterMs ?? 0,
    lossPct: opts.lossPct ?? 0,
    lossStallMs: opts.lossStallMs ?? 200,
    targetPort: opts.targetPort ?? 0,
  };
  /** tag → bytes/s (media connections of that tag are paced while set) */
  const throttle = new Map();
  const sockets = new Set();
  let rng = (opts.seed ?? 12345) >>> 0;
  const random = () => {
    // xorshift32: reproducible jitter for a given seed
    rng ^= rng << 13; rng >>>= 0;
    rng ^= rng >>> 17;
    rng ^= rng << 5; rng >>>= 0;
    return rng / 4294967296;
  };
  const stats = { connections: 0, bytesUp: 0, bytesDown: 0, stalls: 0 };

  function pipeDelayed(from, to, dir, conn) {
    // One FIFO per direction drained by one timer: separate timers per chunk can fire out of
    // order (Node orders timers per duration list), which would reorder a TCP stream.
    const queue = [];
    let timer = null;
    let ended = false;
    let pending = 0;
    let lastAt = 0; // when the previous chunk of this direction leaves
    let pacedAt = 0;
    const pump = () => {
      timer = null;
      const now = performance.now();
      while (queue.length && queue[0].at <= now + 0.5) {
        const { chunk } = queue.shift();
        pending -= chunk.length;
        if (!to.destroyed) to.write(chunk);
      }
      if (pending < 1024 * 1024 && from.isPaused()) from.resume();
      if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0].at - now));
      else if (ended && !to.destroyed) to.end();
    };
    const push = (chunk, at) => {
      queue.push({ chunk, at });
      pending += chunk.length;
      // Keep memory bounded on a slow path: stop reading while much is in flight.
      if (pending > 4 * 1024 * 1024 && !from.isPaused()) from.pause();
      if (!timer) pump();
    };
    from.on('data', (chunk) => {
      if (dir === 'up') stats.bytesUp += chunk.length; else stats.bytesDown += chunk.length;
      if (dir === 'up' && conn.tag === undefined) {
        const head = chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
        const m = /(?:^|;\s*)streamit_bench_tag=([A-Za-z0-9_-]+)/m.exec(head.match(/^cookie:\s*(.*)$/im)?.[1] ?? '');
        conn.tag = m ? m[1] : null;
        conn.media = /^GET \/media\//.test(head);
      }
      const now = performance.now();
      let at = now;
      if (state.delayMs > 0 || state.jitterMs > 0) at += Math.max(0, state.delayMs + (random() * 2 - 1) * state.jitterMs);
      if (state.lossPct > 0 && random() * 100 < state.lossPct) {
        at += state.lossStallMs + state.delayMs;
        stats.stalls++;
      }
      at = Math.max(at, lastAt);
      const rate = dir === 'down' && conn.media && conn.tag ? throttle.get(conn.tag) : undefined;
      if (rate) {
        // Pace in 8 KiB slices so the player sees a slow trickle, not bursts.
        for (let off = 0; off < chunk.length; off += 8192) {
          const slice = chunk.subarray(off, Math.min(chunk.length, off + 8192));
          pacedAt = Math.max(pacedAt, at) + (slice.length / rate) * 1000;
          push(slice, pacedAt);
        }
        lastAt = pacedAt;
        return;
      }
      lastAt = at;
      push(chunk, at);
    });
    from.on('end', () => {
      ended = true;
      if (!timer && !queue.length && !to.destroyed) to.end();
    });
  }

  const server = createServer((client) => {
    stats.connections++;
    client.setNoDelay(true);
    const upstream = connect({ host: '127.0.0.1', port: state.targetPort });
    upstream.setNoDelay(true);
    const conn = { tag: undefined, media: false };
    sockets.add(client);
    sockets.add(upstream);
    pipeDelayed(client, upstream, 'up', conn);
    pipeDelayed(upstream, client, 'down', conn);
    const kill = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', () => setTimeout(kill, state.delayMs + state.jitterMs + 50));
    upstream.on('close', () => setTimeout(kill, state.delayMs + state.jitterMs + 50));
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const port = server.address().port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats,
    set(conf) {
      Object.assign(state, conf);
    },
    get config() {
      return { ...state };
    },
    setThrottle(tag, bytesPerS) {
      if (bytesPerS) throttle.set(tag, bytesPerS);
      else throttle.delete(tag);
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(() => r()));
    },
  };
}
