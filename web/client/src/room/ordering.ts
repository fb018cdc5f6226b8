import type { ChatMessage, Participant, PlaybackState } from '../protocol/types.js';

/**
 * True when `next` should replace `current`: states are ordered by (epoch, version); a higher
 * epoch means the server rebuilt the room's state (versions restart), so it always wins.
 */
export function isNewerPlayback(next: PlaybackState, current: PlaybackState | null): boolean {
  if (!current) return true;
  if (next.epoch !== current.epoch) return next.epoch > current.epoch;
  return next.version > current.version;
}

/** Appends messages not yet present (reconnects can replay a batch the snapshot holds) and keeps the newest `max`. */
export function appendChat(list: readonly ChatMessage[], added: readonly ChatMessage[], max: number): ChatMessage[] {
  const seen = new Set(list.map((m) => m.id));
  const out = [...list];
  for (const m of added) {
    if (!seen.has(m.id)) {
      seen.add(m.id);
      out.push(m);
    }
  }
  return out.length > max ? out.slice(out.length - max) : out;
}

/** Prepends an older history page (ids sort by time); no trimming — the user asked for them. */
export function prependChat(list: readonly ChatMessage[], older: readonly ChatMessage[]): ChatMessage[] {
  const seen = new Set(list.map((m) => m.id));
  return [...older.filter((m) => !seen.has(m.id)), ...list];
}

export function upsertParticipants(list: readonly Participant[], joined: readonly Participant[]): Participant[] {
  const map = new Map(list.map((p) => [p.session_id, p]));
  for (const p of joined) map.set(p.session_id, p);
  return [...map.values()];
}

export function removeParticipants(list: readonly Participant[], left: readonly Participant[]): Participant[] {
  const gone = new Set(left.map((p) => p.session_id));
  return list.filter((p) => !gone.has(p.session_id));
}

/** Jittered exponential back-off ("equal jitter"): half fixed so retries never bunch at 0. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return exp / 2 + (random() * exp) / 2;
}
