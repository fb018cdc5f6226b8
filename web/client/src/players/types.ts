import type { AnySource } from './source.js';

export type PlayerEvent = 'buffering' | 'ready' | 'time' | 'ended' | 'error' | 'seeked' | 'frame';

export interface LoadOptions {
  startS?: number;
  quality?: string | null;
  subtitle?: string | null;
  /** Embeds: start playing after loading (the player's autoPlay). Controllable players ignore it. */
  autoplay?: boolean;
}

/**
 * What the PlaybackController drives. Controllable adapters (html5, hls) obey play/pause/seek/
 * rate; an embed (not controllable) only reports time and seeks by reloading.
 */
export interface PlayerAdapter {
  readonly kind: 'html5' | 'hls' | 'embed';
  readonly controllable: boolean;
  load(src: AnySource, opts?: LoadOptions): Promise<void>;
  play(): Promise<void>;
  pause(): void;
  /** Resolves once the player has the new position ready to show (seeked + a decodable frame). */
  seek(s: number): Promise<void>;
  /** Media time, seconds. For embeds: the last reported time, extrapolated while playing. */
  currentTime(): number;
  setRate(r: number): void;
  isBuffering(): boolean;
  /** True while the media is advancing. */
  isPlaying(): boolean;
  setQuality?(label: string | null): void;
  setSubtitle?(lang: string | null): void;
  /** True once the player knows its time (metadata loaded / telemetry received). */
  hasTime?(): boolean;
  /** Embeds: reload at this position (`?progress=`), optionally starting playback. */
  reloadAt?(positionS: number, autoplay: boolean): void;
  on(ev: PlayerEvent, cb: (...a: any[]) => void): () => void; // eslint-disable-line @typescript-eslint/no-explicit-any
  destroy(): void;
}
