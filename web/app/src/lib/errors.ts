// Turns registry codes (docs/errors.md) and WebSocket close codes into words a person
// understands, each with a way forward. The UI never shows a raw code or JSON body; the code
// only appears in small print for bug reports.
import { waitText } from './format';

export type ErrorAction = 'home' | 'retry' | 'signin' | 'wait' | 'none';

export interface FriendlyError {
  title: string;
  message: string;
  action: ErrorAction;
  /** Registry code or close code, for the small print. */
  code: string;
  retryAfterMs?: number;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
  details?: unknown;
}

function retryAfter(e: ErrorLike): number | undefined {
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs;
  const d = e.details as Record<string, unknown> | undefined;
  const v = d?.['retry_after_ms'];
  return typeof v === 'number' ? v : undefined;
}

function waitWords(ms: number | undefined): string {
  return ms == null ? 'in a moment' : `in ${waitText(ms)}`;
}

/** Messages for a registry code; `context` picks wording for where it happened. */
export function describeError(err: unknown, context: 'room' | 'auth' | 'chat' | 'catalog' | 'general' = 'general'): FriendlyError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : err instanceof TypeError ? 'NETWORK' : 'UNKNOWN';
  const ms = retryAfter(e);
  const details = (e.details ?? {}) as Record<string, unknown>;

  switch (code) {
    case 'NETWORK':
    case 'TIMEOUT':
      return {
        code,
        title: "Can't reach the StreamIt server",
        message: 'Check your internet connection, or whether the server is running, then try again.',
        action: 'retry',
      };
    case 'ROOM_NOT_FOUND':
      return {
        code,
        title: "This room doesn't exist",
        message: 'The code or link may be mistyped, or the host deleted the room.',
        action: 'home',
      };
    case 'ROOM_CLOSED':
      return { code, title: 'This room has ended', message: 'Start a new room and invite your friends again.', action: 'home' };
    case 'TOKEN_EXPIRED':
    case 'UNAUTHORIZED':
      if (context === 'auth' && code === 'UNAUTHORIZED')
        return { code, title: 'Wrong username or password', message: 'Check both and try again.', action: 'none' };
      return { code, title: 'Please sign in again', message: 'Your session has ended. Sign in again to continue.', action: 'signin' };
    case 'FORBIDDEN':
      if (ms != null && context === 'room')
        return { code, title: 'You were removed from this room', message: `The host removed you from this room. You can rejoin ${waitWords(ms)}.`, action: 'home', retryAfterMs: ms };
      return { code, title: "You can't do that", message: "Your account isn't allowed to do that here. Signing in with an account may help.", action: 'signin' };
    case 'RATE_LIMITED':
      return { code, title: 'Slow down a little', message: `Too many requests — try again ${waitWords(ms)}.`, action: 'wait', ...(ms != null ? { retryAfterMs: ms } : {}) };
    case 'CHAT_DISABLED':
      return { code, title: 'Chat is off', message: 'The host has turned chat off for now.', action: 'none' };
    case 'MUTED':
      return { code, title: 'You are muted', message: `The host muted you. You can chat again ${waitWords(ms)}.`, action: 'wait', ...(ms != null ? { retryAfterMs: ms } : {}) };
    case 'MESSAGE_REJECTED':
      return { code, title: 'Message not sent', message: `Your message was not accepted${typeof e.message === 'string' && e.message ? `: ${e.message}` : '.'} Try rephrasing it.`, action: 'none' };
    case 'NOT_HOST':
      return { code, title: 'Only the host can do that', message: 'Only the host can control playback and moderate the room.', action: 'none' };
    case 'CONFLICT':
      if (context === 'auth') return { code, title: 'Username taken', message: 'That username is already taken. Pick another one.', action: 'none' };
      return { code, title: 'Someone was faster', message: 'The room changed at the same moment. Try again.', action: 'retry' };
    case 'VALIDATION_FAILED': {
      const field = typeof details['field'] === 'string' ? details['field'] : '';
      const fieldWords: Record<string, string> = {
        display_name: 'That name is not allowed. Use 1–32 characters without special symbols.',
        username: 'That username is not valid.',
        password: 'That password is not valid — it may be too short.',
        title: 'The room title must be 1–120 characters.',
        ref: 'That link or reference cannot be played.',
        source: 'That source cannot be played.',
        code: 'That room code is not valid.',
      };
      return { code, title: 'Check your input', message: fieldWords[field] ?? (typeof e.message === 'string' && e.message && context !== 'general' ? sentence(e.message) : 'Some of the input is not valid.'), action: 'none' };
    }
    case 'INVALID_JSON':
    case 'INVALID_MESSAGE':
      return { code, title: 'Something went wrong', message: 'The app sent something the server did not understand. Reload the page and try again.', action: 'retry' };
    case 'PROVIDER_NOT_FOUND':
      return { code, title: 'Source not supported', message: 'This server cannot play that kind of source.', action: 'none' };
    case 'SOURCE_NOT_FOUND':
      return { code, title: 'Video not found', message: 'That video could not be found. Pick another title or link.', action: 'none' };
    case 'PROVIDER_UNAVAILABLE':
      return { code, title: 'Source unavailable', message: 'The video source is not answering right now. Try again later or pick another.', action: 'retry' };
    case 'CATALOG_UNAVAILABLE':
      return { code, title: 'Catalog unavailable', message: 'The catalog is not answering right now. Try again in a moment, or paste a link instead.', action: 'retry' };
    case 'CATALOG_NOT_FOUND':
    case 'ITEM_NOT_FOUND':
      return { code, title: 'Title not found', message: 'That title is no longer in the catalog. Search again.', action: 'none' };
    case 'DB_UNAVAILABLE':
    case 'STATE_UNAVAILABLE':
      return { code, title: 'The server is busy', message: 'The server could not answer just now. Try again in a few seconds.', action: 'retry' };
    case 'NOT_FOUND':
      return { code, title: 'Not available', message: context === 'auth' ? 'This way of signing in is not enabled on this server.' : 'This feature is not enabled on this server.', action: 'none' };
    default:
      return { code, title: 'Something went wrong', message: 'Something went wrong on our side. Try again in a moment.', action: 'retry' };
  }
}

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  return t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

/** Why the room socket closed for good, as a screen-sized message. Null: not a final close. */
export function describeClose(info: { code: number; reason?: string; error?: unknown } | null): FriendlyError | null {
  if (!info) return null;
  switch (info.code) {
    case 4001:
      return { code: '4001', title: 'The host deleted this room', message: 'Start your own room, or join another one from the lobby.', action: 'home' };
    case 4002:
      return { code: '4002', title: 'This room has ended', message: 'The host did not come back in time. Start a new room to keep watching.', action: 'home' };
    case 4003:
      return { code: '4003', title: 'You were removed from this room', message: 'The host removed you from this room.', action: 'home' };
  }
  if (info.error) return describeError(info.error, 'room');
  if (info.code === 1008)
    return { code: '1008', title: "You can't join this room", message: 'The server refused the connection. Sign in again and retry.', action: 'signin' };
  return { code: String(info.code), title: 'Disconnected', message: 'The connection to the room was closed.', action: 'retry' };
}
