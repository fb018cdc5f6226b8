// The benchmark's player page: the real client library (RoomConnection, ClockSync,
// PlaybackController, the player adapters) wired exactly as the reference app's PlayerView does
// (`new PlaybackController({ connection, container })`), plus recorders the harness reads:
// every presented frame (requestVideoFrameCallback), media element events, playback states,
// controller actions, clock estimates and, for embeds, the PLAYER_EVENT messages.
//
// Query: role=host|player, name, room (players), opts (JSON Partial<SyncOptions>, tuning runs only).
import {
  StreamItApi, MemoryStorage, RoomConnection, PlaybackController, type PlayerAdapter, type PlaybackState,
} from '@streamit/client';

const q = new URLSearchParams(location.search);
const role = q.get('role') ?? 'player';
const name = q.get('name') ?? role;
const optsJson = q.get('opts');
const wall = () => performance.timeOrigin + performance.now();

interface Bench {
  ready: boolean;
  error: string | null;
  role: string;
  code: string | null;
  /** flat: wallDisplay, mediaTime, ownServerDisplay, presentedFrames, wallNow, currentTime */
  frames: number[];
  vevents: { t: number; type: string; ct: number; paused: boolean; rs: number }[];
  states: (PlaybackState & { recv: number })[];
  actions: ({ t: number } & Record<string, unknown>)[];
  clock: [number, number, number, number][]; // wall, offset, delay, samples
  status: [number, string][];
  embed: [number, string, number][]; // wall, event, currentTime
  joinedAt: number;
  snapshotAt: number | null;
  drain(): Partial<Bench>;
}

const bench: Bench = {
  ready: false, error: null, role, code: null, frames: [], vevents: [], states: [], actions: [], clock: [],
  status: [], embed: [], joinedAt: wall(), snapshotAt: null,
  /** Returns and clears the bulky recordings (the harness collects them in pieces). */
  drain() {
    const out = { frames: bench.frames, vevents: bench.vevents, embed: bench.embed, clock: bench.clock };
    bench.frames = [];
    bench.vevents = [];
    bench.embed = [];
    bench.clock = [];
    return out;
  },
};
(window as unknown as { __bench: Bench }).__bench = bench;
const status = document.getElementById('status')!;

function hookVideo(video: HTMLVideoElement, conn: RoomConnection): void {
  type Meta = { mediaTime: number; expectedDisplayTime: number; presentedFrames: number };
  const v = video as HTMLVideoElement & { requestVideoFrameCallback(cb: (now: number, m: Meta) => void): number };
  const onFrame = (_now: number, m: Meta) => {
    const pnow = performance.now();
    const own = conn.clock.serverNow() + (m.expectedDisplayTime - pnow);
    // The media clock too (currentTime when the callback runs): frames are quantised to vsync.
    bench.frames.push(performance.timeOrigin + m.expectedDisplayTime, m.mediaTime, own, m.presentedFrames, performance.timeOrigin + pnow, v.currentTime);
    v.requestVideoFrameCallback(onFrame);
  };
  v.requestVideoFrameCallback(onFrame);
  for (const type of ['play', 'playing', 'pause', 'seeking', 'seeked', 'waiting', 'stalled', 'canplay', 'ratechange']) {
    video.addEventListener(type, () => {
      bench.vevents.push({ t: wall(), type, ct: video.currentTime, paused: video.paused, rs: video.playbackRate });
    });
  }
}

async function main(): Promise<void> {
  const api = new StreamItApi({ storage: new MemoryStorage() });
  await api.signInGuest(name);
  let code = q.get('room');
  if (role === 'host') code = (await api.createRoom({ title: 'sync bench' })).code;
  if (!code) throw new Error('no room');
  bench.code = code;
  const connection = new RoomConnection({ api, code });
  const expose = window as unknown as { __streamit: { connection: RoomConnection; controller: PlaybackController | null } };
  expose.__streamit = { connection, controller: null };
  connection.on('status', (s: string) => bench.status.push([wall(), s]));
  connection.on('snapshot', () => {
    if (bench.snapshotAt === null) bench.snapshotAt = wall();
  });
  connection.on('playback', (s: PlaybackState) => bench.states.push({ ...s, recv: wall() }));
  connection.clock.onUpdate(() => {
    bench.clock.push([wall(), connection.clock.offsetMs, connection.clock.delayMs, connection.clock.sampleCount]);
  });
  if (role !== 'host') {
    const options = optsJson ? JSON.parse(optsJson) : undefined;
    const container = document.getElementById('player')!;
    const controller = new PlaybackController({ connection, container, options });
    expose.__streamit.controller = controller;
    controller.on('adapter', (a: PlayerAdapter) => {
      const el = (a as unknown as { element?: HTMLElement }).element;
      if (el instanceof HTMLVideoElement) hookVideo(el, connection);
    });
    controller.on('action', (a: Record<string, unknown>) => {
      const { source: _s, error: _e, ...rest } = a;
      bench.actions.push({ t: wall(), ...rest });
    });
    controller.on('error', (e: unknown) => bench.actions.push({ t: wall(), type: 'error', message: String(e) }));
    window.addEventListener('message', (e: MessageEvent) => {
      // Raw PLAYER_EVENT telemetry as it arrives (the adapter parses its own copy).
      if (typeof e.data !== 'string' || !e.data.includes('PLAYER_EVENT')) return;
      try {
        const d = JSON.parse(e.data).data;
        bench.embed.push([wall(), d.event, d.currentTime]);
      } catch {
        /* not ours */
      }
    });
  }
  connection.connect();
  bench.ready = true;
  setInterval(() => {
    const c = expose.__streamit.controller;
    status.textContent = `${role} ${name} ${code} ${connection.status} offset=${connection.clock.offsetMs.toFixed(1)} drift=${c?.driftMs?.toFixed(1) ?? '-'}`;
  }, 500);
}

main().catch((e: unknown) => {
  bench.error = String(e instanceof Error ? e.stack ?? e.message : e);
  status.textContent = bench.error;
});
