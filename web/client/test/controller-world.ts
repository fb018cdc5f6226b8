// The controller's test world: a fake room connection (real ClockSync on fake time), a fake
// player and a state builder; shared by controller.test.ts and sync-tuning.test.ts.
import { ClockSync } from '../src/sync/clock.js';
import { PlaybackController, type ControllerAction, type SyncOptions } from '../src/sync/controller.js';
import type { RoomConnection } from '../src/room/connection.js';
import type { PlaybackState, StateSource } from '../src/protocol/types.js';
import { Emitter } from '../src/util/emitter.js';
import { expectedPosition } from '../src/sync/position.js';
import { FakeAdapter, FakeTime } from './fakes.js';

export const MP4: StateSource = { provider: 'provider.direct', stream_id: 'http://m/a.mp4', kind: 'mp4', url: 'http://m/a.mp4', embed_url: '', duration_s: null, qualities: [], subtitles: [] };
export const EMBED: StateSource = { provider: 'provider.vidking', stream_id: 'movie:603', kind: 'embed', url: '', embed_url: 'https://www.vidking.net/embed/movie/603', duration_s: null, qualities: [], subtitles: [] };

export class FakeConn {
  readonly events = new Emitter<string>();
  readonly clock: ClockSync;
  playback: PlaybackState | null = null;
  status = 'open';
  reports: { position_s: number; buffering: boolean }[] = [];
  constructor(readonly time: FakeTime) {
    this.clock = new ClockSync({ time });
  }
  on(ev: string, cb: (...a: any[]) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.events.on(ev, cb);
  }
  push(s: PlaybackState) {
    this.playback = s;
    this.events.emit('playback', s);
  }
  report(r: { position_s: number; buffering: boolean }) {
    this.reports.push(r);
  }
}

export function world(opts: Partial<SyncOptions> = {}, kind: 'html5' | 'embed' = 'html5') {
  const time = new FakeTime();
  const conn = new FakeConn(time);
  const adapter = new FakeAdapter(time, kind);
  const ctl = new PlaybackController({ connection: conn as unknown as RoomConnection, adapter, options: { learnStartLatency: false, initialStartLatencyMs: 0, ...opts } });
  const actions: ControllerAction[] = [];
  ctl.on('action', (a: ControllerAction) => actions.push(a));
  const server = () => conn.clock.serverNow();
  const st = (over: Partial<PlaybackState>): PlaybackState => ({
    epoch: 1, version: 1, status: 'paused', position_s: 0, ref_server_ms: server(), rate: 1, source: MP4, quality: '', subtitle: null, ...over,
  });
  const drift = () => (adapter.currentTime() - expectedPosition(conn.playback!, server())) * 1000;
  return { time, conn, adapter, ctl, actions, server, st, drift };
}
