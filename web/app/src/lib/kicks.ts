// A kicked member's browser cannot see why the WebSocket upgrade is refused (the 403 is hidden
// behind close code 1006), so reopening the room would just say "Connecting…" forever. We
// remember our own kicks for the block this app's hosts apply (ParticipantList: KICK_BLOCK_S)
// and say so instead.
const KEY = 'streamit.kicks';
export const KICK_BLOCK_S = 600;

type Kicks = Record<string, number>; // room code → blocked until (ms)

function read(): Kicks {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Kicks;
  } catch {
    return {};
  }
}

export function rememberKick(code: string): void {
  const kicks = read();
  kicks[code] = Date.now() + KICK_BLOCK_S * 1000;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(kicks));
  } catch {
    /* nothing to remember with */
  }
}

/** Milliseconds left of a remembered kick from this room, or 0. */
export function kickedFor(code: string): number {
  const until = read()[code];
  return until ? Math.max(0, until - Date.now()) : 0;
}
