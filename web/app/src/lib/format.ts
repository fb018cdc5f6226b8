/** 75.4 → "1:15", 3725 → "1:02:05". Non-finite values (unknown duration) → "--:--". */
export function formatTime(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Whole seconds, rounded up, for "try again in N s" messages: never says "0 seconds". */
export function secondsFromMs(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** First letter(s) for avatars; handles emoji and combining marks via the string iterator. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(parts[0] ?? '?')][0] ?? '?';
  const second = parts.length > 1 ? [...parts[parts.length - 1]!][0] ?? '' : '';
  return (first + second).toUpperCase();
}

/** A stable hue per user id so avatars and chat names are told apart at a glance. */
export function hueFor(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 360;
}

/** A wait for people: "45 s", "4 min 59 s", "2 h 5 min". */
export function waitText(ms: number): string {
  const s = secondsFromMs(ms);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}
