import type { PlaybackSource, SourceCapabilities, SourceQuality, SourceSubtitle, StateSource } from '../protocol/types.js';

/** What players accept: the resolved source (REST) or the reduced one in the playback state. */
export type AnySource = PlaybackSource | StateSource;

/** A source with the details players need, whichever shape it came in. */
export interface NormalizedSource {
  provider: string;
  stream_id: string;
  kind: string;
  url: string;
  embed_url: string;
  poster: string;
  duration_s: number | null;
  capabilities: SourceCapabilities;
  qualities: SourceQuality[];
  subtitles: SourceSubtitle[];
}

const CONTROLLED: SourceCapabilities = { can_seek: true, can_pause: true, can_rate: true, reports_time: true, seek_by_reload: false };
const EMBED: SourceCapabilities = { can_seek: false, can_pause: false, can_rate: false, reports_time: true, seek_by_reload: true };

/**
 * The playback state omits capabilities: derive them from `kind` (the providers' contract:
 * embeds accept no commands and seek by reload; direct media is fully controllable).
 */
export function normalizeSource(src: AnySource): NormalizedSource {
  const caps = (src as Partial<PlaybackSource>).capabilities;
  const qualities = (src.qualities as unknown[]).map((q): SourceQuality =>
    typeof q === 'string' ? { label: q } : (q as SourceQuality));
  const subtitles = (src.subtitles as unknown[]).map((s): SourceSubtitle =>
    typeof s === 'string' ? { language: s, label: s } : (s as SourceSubtitle));
  return {
    provider: src.provider,
    stream_id: src.stream_id,
    kind: src.kind,
    url: src.url,
    embed_url: src.embed_url,
    poster: (src as Partial<PlaybackSource>).poster ?? '',
    duration_s: src.duration_s ?? null,
    capabilities: caps ?? (src.kind === 'embed' ? EMBED : CONTROLLED),
    qualities,
    subtitles,
  };
}

/** Whether the page can drive the player (play/pause/seek/rate) or only soft-sync it. */
export function isControllable(src: AnySource): boolean {
  const n = normalizeSource(src);
  return n.kind !== 'embed' && n.capabilities.can_seek && n.capabilities.can_pause;
}

/** Same media (ignoring quality/subtitle), so a state change need not reload the player. */
export function sameMedia(a: AnySource | null, b: AnySource | null): boolean {
  if (!a || !b) return a === b;
  return a.provider === b.provider && a.stream_id === b.stream_id && a.url === b.url && a.embed_url === b.embed_url;
}
