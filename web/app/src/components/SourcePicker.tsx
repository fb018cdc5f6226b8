import { useState } from 'preact/hooks';
import type { RoomConnection } from '@streamit/client';
import { describeError, type FriendlyError } from '../lib/errors';
import { parsePastedSource } from '../lib/sources';
import { CatalogBrowser, type PlayRef } from './CatalogBrowser';
import { ErrorMessage } from './ErrorMessage';

type Tab = 'catalog' | 'link';

/** The host's "what are we watching": the catalog or a pasted link. */
export function SourcePicker({ connection, onDone }: { connection: RoomConnection; onDone?: () => void }) {
  const [tab, setTab] = useState<Tab>('catalog');
  const [link, setLink] = useState('');
  const [error, setError] = useState<FriendlyError | null>(null);
  const [busy, setBusy] = useState(false);
  const [playing, setPlaying] = useState<string | null>(null);

  const play = async (p: PlayRef) => {
    setError(null);
    try {
      await connection.setSource(p.provider, p.ref);
      setPlaying(p.title);
      onDone?.();
    } catch (e) {
      setError(describeError(e, 'catalog'));
    }
  };

  const submitLink = async (e: Event) => {
    e.preventDefault();
    const parsed = parsePastedSource(link);
    if (!parsed) {
      setError({ code: 'VALIDATION_FAILED', title: 'Check the link', message: 'Paste an http(s) link to a video file or HLS playlist, or a VidKing reference such as movie:603 or tv:1399:1:2.', action: 'none' });
      return;
    }
    setBusy(true);
    await play({ ...parsed, title: link.trim() });
    setBusy(false);
  };

  const tabBtn = (id: Tab, label: string) => (
    <button type="button" role="tab" aria-selected={tab === id} aria-controls={`source-${id}`} id={`source-tab-${id}`} class={`tab ${tab === id ? 'tab-active' : ''}`} onClick={() => { setTab(id); setError(null); }}>
      {label}
    </button>
  );

  return (
    <section class="panel source-picker" aria-labelledby="source-heading">
      <div class="panel-head">
        <h2 id="source-heading">Choose what to watch</h2>
        <div class="tabs tabs-sm" role="tablist" aria-label="Source">
          {tabBtn('catalog', 'Catalog')}
          {tabBtn('link', 'Paste a link')}
        </div>
      </div>
      {playing && !error && <p class="notice notice-info small" role="status">Now playing: {playing}</p>}
      {error && <ErrorMessage error={error} inline onDismiss={() => setError(null)} />}
      <div id={`source-${tab}`} role="tabpanel" aria-labelledby={`source-tab-${tab}`}>
        {tab === 'catalog' ? (
          <CatalogBrowser onPlay={play} />
        ) : (
          <form class="link-form" onSubmit={submitLink}>
            <label class="field grow">
              <span class="field-label">Video link or reference</span>
              <input class="input mono" data-testid="source-link" placeholder="https://example.com/video.mp4 or movie:603" value={link} onInput={(e) => setLink(e.currentTarget.value)} required />
            </label>
            <button type="submit" class="btn btn-primary" data-testid="source-link-submit" disabled={busy || !link.trim()}>
              {busy ? 'Loading…' : 'Play in this room'}
            </button>
            <p class="muted small hint">Direct MP4/WebM files and HLS (.m3u8) playlists play in everyone's browser; VidKing references play in its embedded player.</p>
          </form>
        )}
      </div>
    </section>
  );
}
