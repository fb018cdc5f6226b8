/**
 * VidKing's PLAYER_EVENT postMessage telemetry (plugins/provider-vidking/README.md). Mirrors the
 * kernel's validating parser (player_event.cpp): exact origin, size cap, known event, finite
 * non-negative currentTime, type-checked optional fields. Anything else is ignored: any page
 * can post messages to us.
 */
export type VidkingEventName = 'play' | 'pause' | 'timeupdate' | 'seeked' | 'ended';

export interface VidkingPlayerEvent {
  event: VidkingEventName;
  currentTime: number;
  duration?: number;
  progress?: number;
  id?: string;
  mediaType?: 'movie' | 'tv' | string;
  season?: number;
  episode?: number;
  timestamp?: number;
}

const EVENTS: ReadonlySet<string> = new Set(['play', 'pause', 'timeupdate', 'seeked', 'ended']);
const MAX_BYTES = 4096;

const finiteNonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Returns the event, or null when the origin, size or shape is not VidKing's. */
export function parsePlayerEvent(origin: string, message: unknown, expectedOrigin: string): VidkingPlayerEvent | null {
  if (!expectedOrigin || origin !== expectedOrigin) return null;
  let obj: unknown = message;
  if (typeof message === 'string') {
    if (message.length > MAX_BYTES) return null;
    try {
      obj = JSON.parse(message);
    } catch {
      return null;
    }
  } else if (typeof message === 'object' && message !== null) {
    // Tolerate a structured-clone object too; cap by its JSON size.
    try {
      if (JSON.stringify(message).length > MAX_BYTES) return null;
    } catch {
      return null;
    }
  } else {
    return null;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
  const env = obj as Record<string, unknown>;
  if (env['type'] !== 'PLAYER_EVENT') return null;
  const data = env['data'];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const d = data as Record<string, unknown>;
  const event = d['event'];
  if (typeof event !== 'string' || !EVENTS.has(event)) return null;
  if (!finiteNonNeg(d['currentTime'])) return null;
  const out: VidkingPlayerEvent = { event: event as VidkingEventName, currentTime: d['currentTime'] };
  // Optional fields: present means well-typed, else the whole message is refused (as the kernel does).
  for (const key of ['duration', 'progress', 'season', 'episode', 'timestamp'] as const) {
    if (d[key] === undefined) continue;
    if (!finiteNonNeg(d[key])) return null;
    out[key] = d[key];
  }
  if (d['id'] !== undefined) {
    if (typeof d['id'] !== 'string' && !(typeof d['id'] === 'number' && Number.isFinite(d['id']))) return null;
    out.id = String(d['id']);
  }
  if (d['mediaType'] !== undefined) {
    if (typeof d['mediaType'] !== 'string') return null;
    out.mediaType = d['mediaType'];
  }
  return out;
}

/** The embed URL with `progress` (whole seconds, as the player takes it) and `autoPlay` set. */
export function embedUrlAt(embedUrl: string, positionS: number | null, autoplay: boolean | null): string {
  let url: URL;
  try {
    url = new URL(embedUrl);
  } catch {
    return embedUrl;
  }
  if (positionS !== null) url.searchParams.set('progress', String(Math.max(0, Math.floor(positionS))));
  if (autoplay !== null) url.searchParams.set('autoPlay', autoplay ? 'true' : 'false');
  return url.toString();
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
