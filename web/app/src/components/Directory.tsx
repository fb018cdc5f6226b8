import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Room } from '@streamit/client';
import { api } from '../lib/api';
import { describeError, type FriendlyError } from '../lib/errors';
import { useInterval } from '../lib/hooks';
import { onLinkClick, roomPath } from '../lib/router';
import { plural } from '../lib/format';
import { ErrorMessage } from './ErrorMessage';
import { Icon } from './Icon';

type Sort = 'viewers' | 'newest' | 'title';
const PAGE_SIZE = 12;
const REFRESH_MS = 5000;

/** The public directory: live rooms with viewer counts, refreshed on its own every 5 s. */
export function Directory() {
  const [sort, setSort] = useState<Sort>('viewers');
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<FriendlyError | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const res = await api.listPublicRooms({ page, page_size: PAGE_SIZE, sort, q });
      if (mine !== seq.current) return; // a newer request (sort/search/page change) won
      setRooms(res.items);
      setTotal(res.total);
      setError(null);
      // Rooms may end between refreshes; step back when the current page became empty.
      if (res.items.length === 0 && page > 1) setPage((p) => Math.max(1, p - 1));
    } catch (e) {
      if (mine === seq.current) setError(describeError(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [page, sort, q]);

  useEffect(() => {
    void load();
  }, [load]);
  useInterval(() => void load(), REFRESH_MS);

  // Search as you type, debounced so a word costs one request.
  useEffect(() => {
    const id = window.setTimeout(() => {
      setQ(query.trim());
      setPage(1);
    }, 250);
    return () => window.clearTimeout(id);
  }, [query]);

  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section class="directory card" aria-labelledby="directory-heading">
      <div class="section-head">
        <div>
          <h2 id="directory-heading">Live rooms</h2>
          <p class="muted small" aria-live="polite">
            {rooms == null ? 'Loading…' : total === 0 ? 'No public rooms right now' : `${plural(total, 'public room', 'public rooms')} · updates every few seconds`}
          </p>
        </div>
        <div class="directory-tools">
          <label class="search-field">
            <span class="visually-hidden">Search rooms by title</span>
            <Icon name="search" size={16} />
            <input class="input input-sm" type="search" placeholder="Search rooms" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          </label>
          <label class="select-field">
            <span class="visually-hidden">Sort rooms</span>
            <select class="select input-sm" value={sort} onChange={(e) => { setSort(e.currentTarget.value as Sort); setPage(1); }}>
              <option value="viewers">Most viewers</option>
              <option value="newest">Newest</option>
              <option value="title">Title A–Z</option>
            </select>
          </label>
        </div>
      </div>

      {error && <ErrorMessage error={error} inline onRetry={() => void load()} />}

      <ul class="room-grid" data-testid="directory" aria-busy={loading}>
        {rooms?.map((room) => (
          <li key={room.code} class="room-card" data-testid="directory-item" data-code={room.code}>
            <a class="room-card-link" href={roomPath(room.code)} onClick={(e) => onLinkClick(e, roomPath(room.code))}>
              <div class="room-card-top">
                <span class="badge badge-live"><span class="dot" aria-hidden="true" />LIVE</span>
                <span class="viewers" title="Viewers">
                  <Icon name="eye" size={15} />
                  <span data-testid="viewer-count">{room.viewer_count}</span>
                  <span class="visually-hidden"> watching</span>
                </span>
              </div>
              <h3 class="room-card-title">{room.title}</h3>
              <p class="muted small">Hosted by {room.host.display_name}</p>
            </a>
          </li>
        ))}
      </ul>
      {rooms != null && rooms.length === 0 && !error && (
        <div class="empty">
          <Icon name="film" size={28} />
          <p>{q ? `No live rooms match “${q}”.` : 'Nobody is watching in public right now. Start a room and be the first.'}</p>
        </div>
      )}

      {pages > 1 && (
        <nav class="pager" aria-label="Room pages">
          <button type="button" class="btn btn-secondary btn-sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</button>
          <span class="muted small">Page {page} of {pages}</span>
          <button type="button" class="btn btn-secondary btn-sm" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</button>
        </nav>
      )}
    </section>
  );
}
