import { useEffect, useRef, useState } from 'preact/hooks';
import { PlaybackController, type PlayerAdapter, type RoomConnection } from '@streamit/client';
import { Icon } from './Icon';

interface Props {
  connection: RoomConnection;
  isHost: boolean;
  onController: (c: PlaybackController | null) => void;
  onAdapter: (a: PlayerAdapter | null) => void;
}

/** Brings the host's source picker into view with the search field focused. */
function focusCatalog(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="catalog-query"]');
  input?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  input?.focus({ preventScroll: true });
}

/**
 * The 16:9 stage. The PlaybackController creates the player inside the mount node (<video>,
 * hls.js or the VidKing iframe) and replaces it when the kind of source changes; Preact never
 * renders inside that node, only the overlays beside it.
 */
export function PlayerView({ connection, isHost, onController, onAdapter }: Props) {
  const mount = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<PlaybackController | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [failed, setFailed] = useState(false);
  const [muted, setMuted] = useState(false);
  const source = connection.playback?.source ?? null;
  const mediaKey = source ? `${source.provider}|${source.stream_id}|${source.url}|${source.embed_url}` : '';

  useEffect(() => {
    const el = mount.current;
    if (!el) return;
    const controller = new PlaybackController({ connection, container: el });
    controllerRef.current = controller;
    const offs = [
      controller.on('adapter', (a: PlayerAdapter) => {
        onAdapter(a);
        setFailed(false);
        setMuted(false);
      }),
      controller.on('error', (err: unknown) => {
        // The adapter retries muted when the browser refuses sound without a gesture: not a
        // failure, just a reason to offer "Unmute".
        if (err instanceof Error && err.name === 'AutoplayMuted') setMuted(true);
        else if (err instanceof Error && (err.name === 'MediaError' || /hls|media|load/i.test(err.message))) setFailed(true);
        else console.warn('[streamit] player', err);
      }),
      controller.on('action', (a: { type: string }) => {
        if (a.type === 'blocked') setBlocked(true);
        else if (a.type === 'play' || a.type === 'load') setBlocked(false);
      }),
    ];
    onController(controller);
    if (window.__streamit?.connection === connection) window.__streamit.controller = controller;
    return () => {
      offs.forEach((off) => off());
      controller.destroy();
      controllerRef.current = null;
      el.replaceChildren();
      onController(null);
      onAdapter(null);
    };
    // One controller per connection; the callbacks are stable state setters of the parent.
  }, [connection]);

  // A new medium starts with a clean slate.
  useEffect(() => {
    setFailed(false);
    setBlocked(false);
  }, [mediaKey]);

  const start = () => {
    const c = controllerRef.current;
    const a = c?.currentAdapter;
    setBlocked(false);
    if (!c || !a) return;
    void a.play().then(() => c.syncNow(), () => setBlocked(true));
  };

  const unmute = () => {
    const video = mount.current?.querySelector('video');
    if (video) video.muted = false;
    setMuted(false);
  };

  return (
    <div class="player" data-testid="player" data-kind={source?.kind ?? 'none'}>
      <div class="player-mount" ref={mount} />
      {!source && (
        <div class="player-empty">
          <div class="player-empty-icon" aria-hidden="true"><Icon name="film" size={30} /></div>
          <p class="player-empty-title">Nothing is playing yet</p>
          <p class="muted small">{isHost ? 'Pick something from the catalog below or paste a link.' : 'The host will pick something to watch.'}</p>
          {isHost && (
            <button type="button" class="btn btn-primary btn-sm player-empty-cta" onClick={focusCatalog}>
              <Icon name="search" size={15} /> Choose what to watch
            </button>
          )}
        </div>
      )}
      {source && failed && (
        <div class="player-overlay" role="alert" data-testid="error-message">
          <p>This video can't be played in your browser.</p>
          <p class="muted small">{isHost ? 'Try another source.' : 'Ask the host to pick another source.'}</p>
        </div>
      )}
      {source && blocked && !failed && (
        <button type="button" class="player-overlay player-start" onClick={start}>
          <span class="player-start-icon" aria-hidden="true"><Icon name="play" size={28} filled /></span>
          <span>Click to start watching</span>
        </button>
      )}
      {source && muted && !blocked && !failed && (
        <button type="button" class="btn btn-primary btn-sm player-unmute" onClick={unmute}>
          <Icon name="mute" size={15} /> Tap to unmute
        </button>
      )}
    </div>
  );
}
