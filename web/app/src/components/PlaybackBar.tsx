import { useEffect, useRef, useState } from 'preact/hooks';
import { expectedPosition, type PlayerAdapter, type RoomConnection } from '@streamit/client';
import { describeError, type FriendlyError } from '../lib/errors';
import { formatTime } from '../lib/format';
import { useNow } from '../lib/hooks';
import { Icon } from './Icon';

interface Props {
  connection: RoomConnection;
  adapter: PlayerAdapter | null;
  isHost: boolean;
  onError: (e: FriendlyError) => void;
}

/** The media's duration: what the source says, else what the <video> learned from the file. */
function durationOf(source: { duration_s: number | null } | null, adapter: PlayerAdapter | null): number | null {
  if (source?.duration_s && source.duration_s > 0) return source.duration_s;
  const video = adapter ? document.querySelector<HTMLVideoElement>('[data-testid="player"] video') : null;
  if (video && Number.isFinite(video.duration) && video.duration > 0) return video.duration;
  return null;
}

/**
 * Transport for the host (play/pause, seek, quality, subtitles) and a read-only status line for
 * everyone else. The position shown is the room's (from the state and the server clock), so
 * the host sees where everyone should be, not where their own player happens to be.
 */
export function PlaybackBar({ connection, adapter, isHost, onError }: Props) {
  const pb = connection.playback;
  const source = pb?.source ?? null;
  const playing = pb?.status === 'playing';
  useNow(250, playing);
  const [dragging, setDragging] = useState<number | null>(null);
  // Optimistic: the toggle flips at once and the room's state confirms it; a refusal reverts.
  const [pending, setPending] = useState<'play' | 'pause' | null>(null);

  useEffect(() => setPending(null), [pb?.version, pb?.epoch]);

  const position = pb ? expectedPosition(pb, connection.clock.serverNow()) : 0;
  const duration = durationOf(source, adapter);
  const shown = dragging ?? (duration != null ? Math.min(position, duration) : position);
  const max = duration ?? Math.max(60, Math.ceil(position + 60));
  const effectivePlaying = pending ? pending === 'play' : playing;

  const run = async (what: 'play' | 'pause', fn: () => Promise<unknown>) => {
    setPending(what);
    try {
      await fn();
    } catch (e) {
      setPending(null);
      onError(describeError(e, 'room'));
    }
  };

  // Pointer drags commit on release ('change'); keyboard steps fire 'change' too. A bare
  // 'input' (assistive tech, scripted tests) commits once it settles.
  const pointerDown = useRef(false);
  const settle = useRef<number | null>(null);
  const clearSettle = () => {
    if (settle.current != null) window.clearTimeout(settle.current);
    settle.current = null;
  };
  useEffect(() => clearSettle, []);

  const seekTo = async (s: number) => {
    clearSettle();
    setDragging(null);
    try {
      await connection.seek(Math.max(0, s));
    } catch (e) {
      onError(describeError(e, 'room'));
    }
  };

  // Space toggles playback for the host when focus is not in a field or on a control.
  useEffect(() => {
    if (!isHost) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' && e.key !== ' ') return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY'].includes(t.tagName))) return;
      if (!connection.playback?.source) return;
      e.preventDefault();
      if (connection.playback.status === 'playing') void run('pause', () => connection.pause());
      else void run('play', () => connection.play());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!isHost) {
    return (
      <div class="playback-bar readonly" aria-label="Playback">
        <span class={`play-state ${playing ? 'is-playing' : ''}`}>
          <Icon name={playing ? 'play' : 'pause'} size={14} filled />
          {source ? (playing ? 'Playing' : 'Paused') : 'Waiting for the host'}
        </span>
        <div class="progress" role="progressbar" aria-label="Playback position" aria-valuemin={0} aria-valuemax={Math.round(max)} aria-valuenow={Math.round(shown)} aria-valuetext={`${formatTime(shown)} of ${formatTime(duration)}`}>
          <div class="progress-fill" style={{ width: `${max > 0 ? Math.min(100, (shown / max) * 100) : 0}%` }} />
        </div>
        <span class="time mono">{formatTime(shown)} / {formatTime(duration)}</span>
      </div>
    );
  }

  const qualities = source?.qualities ?? [];
  const subtitles = source?.subtitles ?? [];
  const disabled = !source;

  return (
    <div class="playback-bar" role="group" aria-label="Host playback controls">
      {effectivePlaying ? (
        <button type="button" class="btn btn-round" data-testid="pause" disabled={disabled} aria-label="Pause for everyone" title="Pause (Space)" onClick={() => void run('pause', () => connection.pause())}>
          <Icon name="pause" size={18} filled />
        </button>
      ) : (
        <button type="button" class="btn btn-round btn-primary" data-testid="play" disabled={disabled} aria-label="Play for everyone" title="Play (Space)" onClick={() => void run('play', () => connection.play())}>
          <Icon name="play" size={18} filled />
        </button>
      )}
      <span class="time mono" aria-hidden="true">{formatTime(shown)}</span>
      <input
        type="range"
        class="seek"
        data-testid="seek"
        min={0}
        max={max}
        step={0.1}
        value={shown}
        disabled={disabled}
        aria-label="Seek"
        aria-valuetext={`${formatTime(shown)} of ${formatTime(duration)}`}
        style={{ '--fill': `${max > 0 ? Math.min(100, (shown / max) * 100) : 0}%` }}
        onKeyDown={(e) => {
          // Native arrow steps would be the 0.1 s precision step; people expect 5 s jumps.
          const jump: Record<string, number> = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -30, PageUp: 30 };
          if (e.key in jump) {
            e.preventDefault();
            void seekTo(Math.min(max, Math.max(0, shown + jump[e.key]!)));
          } else if (e.key === 'Home' || e.key === 'End') {
            e.preventDefault();
            void seekTo(e.key === 'Home' ? 0 : Math.max(0, max - 1));
          }
        }}
        onPointerDown={() => (pointerDown.current = true)}
        onPointerUp={() => (pointerDown.current = false)}
        onInput={(e) => {
          const v = Number(e.currentTarget.value);
          setDragging(v);
          clearSettle();
          if (!pointerDown.current) settle.current = window.setTimeout(() => void seekTo(v), 400);
        }}
        onChange={(e) => void seekTo(Number(e.currentTarget.value))}
      />
      <span class="time-sep" aria-hidden="true">/</span>
      <span class="time mono" aria-hidden="true">{formatTime(duration)}</span>
      {qualities.length > 0 && (
        <label class="compact-select">
          <span class="visually-hidden">Quality</span>
          <select
            class="select input-sm"
            data-testid="quality"
            value={pb?.quality ?? ''}
            onChange={(e) => void connection.changeQuality(e.currentTarget.value).catch((err: unknown) => onError(describeError(err, 'room')))}
          >
            {/* The state's quality may be empty (automatic) or a label the list lacks; keep it selectable. */}
            {(!pb?.quality || !qualities.includes(pb.quality)) && <option value={pb?.quality ?? ''}>{!pb?.quality || pb.quality === 'auto' ? 'Auto' : pb.quality}</option>}
            {qualities.map((q) => <option key={q} value={q}>{q}</option>)}
          </select>
        </label>
      )}
      {subtitles.length > 0 && (
        <label class="compact-select">
          <span class="visually-hidden">Subtitles</span>
          <select
            class="select input-sm"
            data-testid="subtitle"
            value={pb?.subtitle ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              void connection.changeSubtitle(v === '' ? null : v).catch((err: unknown) => onError(describeError(err, 'room')));
            }}
          >
            <option value="">Subtitles off</option>
            {subtitles.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
      )}
    </div>
  );
}
