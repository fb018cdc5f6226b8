import type { PlaybackState } from '../protocol/types.js';

/**
 * Where the room's media should be at server time `serverMs` (docs/websocket.md): while
 * playing, position_s + (t − ref_server_ms)/1000 · rate, held at position_s before
 * ref_server_ms (a scheduled start); while paused, position_s.
 */
export function expectedPosition(state: Pick<PlaybackState, 'status' | 'position_s' | 'ref_server_ms' | 'rate'>, serverMs: number): number {
  if (state.status !== 'playing') return state.position_s;
  const elapsed = Math.max(0, serverMs - state.ref_server_ms);
  return state.position_s + (elapsed / 1000) * state.rate;
}

/**
 * The playbackRate that closes `driftMs` (actual − expected) gently: proportional to the drift
 * (gain per second of drift), never beyond ±maxDelta of the room's rate.
 */
export function correctionRate(baseRate: number, driftMs: number, gainPerS: number, maxDelta: number): number {
  const delta = Math.max(-maxDelta, Math.min(maxDelta, (driftMs / 1000) * gainPerS));
  // Ahead (positive drift) → slower.
  return baseRate * (1 - delta);
}
