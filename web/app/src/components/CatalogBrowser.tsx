import { useEffect, useState } from 'preact/hooks';
import type { CatalogItem } from '@streamit/client';
import { api } from '../lib/api';
import { describeError, type FriendlyError } from '../lib/errors';
import { ErrorMessage } from './ErrorMessage';
import { Icon } from './Icon';
import { Poster } from './Poster';

export type PlayRef = { provider: string; ref: string; title: string };

interface Props {
  /** Present when the viewer may play things (the host in a room, or "start a room" on /search). */
  onPlay?: (play: PlayRef) => Promise<void> | void;
  playLabel?: string;
  initialQuery?: string;
  onQueryChange?: (q: string) => void;
}

type TypeFilter = 'all' | 'movie' | 'tv';

/** Catalog search with posters, details, and TV seasons/episodes. */
export function CatalogBrowser({ onPlay, playLabel = 'Play in this room', initialQuery = '', onQueryChange }: Props) {
  const [query, setQuery] = useState(initialQuery);
  const [type, setType] = useState<TypeFilter>('all');
  const [results, setResults] = useState<CatalogItem[] | null>(null);
  const [page, setPage] = useState(1);
  const [totalPages, setTotalPages] = useState(1);
  const [partial, setPartial] = useState<string[]>([]);
  const [error, setError] = useState<FriendlyError | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<CatalogItem | null>(null);

  const search = async (nextPage = 1) => {
    const q = query.trim();
    if (!q) return;
    setLoading(true);
    setError(null);
    onQueryChange?.(q);
    try {
      const res = await api.searchCatalog({ q, type, page: nextPage });
      setResults(res.items);
      setPage(res.page);
      setTotalPages(Math.max(1, res.total_pages));
      setPartial(res.catalogs.filter((c) => !c.ok).map((c) => c.catalog));
      setSelected(null);
    } catch (e) {
      setError(describeError(e, 'catalog'));
    } finally {
      setLoading(false);
    }
  };

  // A shared /search?q= link shows its results straight away.
  useEffect(() => {
    if (initialQuery.trim()) void search(1);
  }, []);

  return (
    <div class="catalog">
      <form
        class="catalog-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(1);
        }}
      >
        <label class="search-field grow">
          <span class="visually-hidden">Search movies and shows</span>
          <Icon name="search" size={16} />
          <input class="input" type="search" data-testid="catalog-query" placeholder="Search movies and shows" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <label>
          <span class="visually-hidden">Type</span>
          <select class="select" value={type} onChange={(e) => setType(e.currentTarget.value as TypeFilter)}>
            <option value="all">All</option>
            <option value="movie">Movies</option>
            <option value="tv">TV shows</option>
          </select>
        </label>
        <button type="submit" class="btn btn-secondary" data-testid="catalog-submit" disabled={loading || !query.trim()}>
          {loading ? 'Searching…' : 'Search'}
        </button>
      </form>

      {error && <ErrorMessage error={error} inline onRetry={() => void search(page)} />}
      {partial.length > 0 && !error && (
        <p class="notice notice-warn small" role="status">Some catalogs did not answer ({partial.join(', ')}); showing the rest.</p>
      )}

      {selected ? (
        <CatalogDetails item={selected} onBack={() => setSelected(null)} onPlay={onPlay} playLabel={playLabel} />
      ) : (
        results && (
          <>
            {results.length === 0 ? (
              <p class="empty muted">Nothing found for “{query.trim()}”. Try another title, or paste a link.</p>
            ) : (
              <ul class="catalog-grid" aria-busy={loading}>
                {results.map((item) => (
                  <li key={`${item.catalog}:${item.type}:${item.id}`} class="catalog-item" data-testid="catalog-item">
                    <button type="button" class="catalog-open" onClick={() => setSelected(item)} aria-label={`${item.title}: details`}>
                      <Poster src={item.poster} title={item.title} />
                    </button>
                    <div class="catalog-info">
                      <h3 class="catalog-title" title={item.title}>{item.title}</h3>
                      <p class="muted small">
                        {[item.year, item.type === 'tv' ? 'TV show' : 'Movie'].filter(Boolean).join(' · ')}
                      </p>
                      <div class="catalog-actions">
                        {onPlay && item.play && <PlayButton play={{ ...item.play, title: item.title }} onPlay={onPlay} label={playLabel} compact />}
                        {(item.type === 'tv' || !item.play) && (
                          <button type="button" class="btn btn-secondary btn-sm" onClick={() => setSelected(item)}>
                            {item.type === 'tv' ? 'Episodes' : 'Details'}
                          </button>
                        )}
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
            {totalPages > 1 && (
              <nav class="pager" aria-label="Result pages">
                <button type="button" class="btn btn-secondary btn-sm" disabled={page <= 1 || loading} onClick={() => void search(page - 1)}>Previous</button>
                <span class="muted small">Page {page} of {totalPages}</span>
                <button type="button" class="btn btn-secondary btn-sm" disabled={page >= totalPages || loading} onClick={() => void search(page + 1)}>Next</button>
              </nav>
            )}
          </>
        )
      )}
    </div>
  );
}

function PlayButton({ play, onPlay, label, compact }: { play: PlayRef; onPlay: (p: PlayRef) => Promise<void> | void; label: string; compact?: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class={`btn btn-primary ${compact ? 'btn-sm' : ''}`}
      data-testid="catalog-play"
      disabled={busy}
      aria-label={`${label}: ${play.title}`}
      onClick={async () => {
        setBusy(true);
        try {
          await onPlay(play);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Icon name="play" size={14} filled /> {busy ? 'Starting…' : label}
    </button>
  );
}

/** One title's details; for TV, its seasons and the chosen season's episodes. */
function CatalogDetails({ item, onBack, onPlay, playLabel }: { item: CatalogItem; onBack: () => void; onPlay?: Props['onPlay']; playLabel: string }) {
  const [details, setDetails] = useState<CatalogItem>(item);
  const [seasons, setSeasons] = useState<CatalogItem[] | null>(null);
  const [season, setSeason] = useState<number | null>(null);
  const [episodes, setEpisodes] = useState<CatalogItem[] | null>(null);
  const [error, setError] = useState<FriendlyError | null>(null);

  useEffect(() => {
    const type = item.type === 'tv' ? 'tv' : 'movie';
    api.catalogItem(item.catalog, type, item.id).then(
      (d) => setDetails({ ...item, ...d }),
      () => {
        /* the search result already has enough to show */
      },
    );
    if (type === 'tv')
      api.catalogSeason(item.catalog, item.id, 0).then(
        (r) => {
          const list = r.items.filter((s) => (s.season_number ?? 0) > 0);
          setSeasons(list);
          if (list[0]?.season_number != null) void pickSeason(list[0].season_number);
        },
        (e) => setError(describeError(e, 'catalog')),
      );
    // pickSeason only sets state; running once per item is what we want.
  }, [item]);

  async function pickSeason(n: number) {
    setSeason(n);
    setEpisodes(null);
    try {
      const r = await api.catalogSeason(item.catalog, item.id, n);
      setEpisodes(r.items);
    } catch (e) {
      setError(describeError(e, 'catalog'));
    }
  }

  return (
    <article class="catalog-details" data-testid="catalog-item">
      <button type="button" class="btn btn-ghost btn-sm back" onClick={onBack}>← Back to results</button>
      <div class="details-body">
        <Poster src={details.poster} title={details.title} />
        <div class="details-text">
          <h3>{details.title}</h3>
          <p class="muted small">
            {[details.year, details.type === 'tv' ? 'TV show' : 'Movie', ...(details.genres ?? [])].filter(Boolean).join(' · ')}
          </p>
          {details.overview && <p class="overview">{details.overview}</p>}
          {onPlay && details.play && <PlayButton play={{ ...details.play, title: details.title }} onPlay={onPlay} label={playLabel} />}
        </div>
      </div>
      {error && <ErrorMessage error={error} inline />}
      {item.type === 'tv' && (
        <div class="seasons">
          {seasons == null && !error && <p class="muted small">Loading seasons…</p>}
          {seasons && seasons.length > 0 && (
            <label class="field field-inline">
              <span class="field-label">Season</span>
              <select class="select" value={season ?? ''} onChange={(e) => void pickSeason(Number(e.currentTarget.value))}>
                {seasons.map((s) => (
                  <option key={s.season_number} value={s.season_number}>{s.title || `Season ${s.season_number}`}</option>
                ))}
              </select>
            </label>
          )}
          {season != null && episodes == null && !error && <p class="muted small">Loading episodes…</p>}
          {episodes && (
            <ol class="episode-list">
              {episodes.map((ep) => (
                <li key={ep.id} class="episode">
                  <span class="episode-num">{ep.episode_number ?? ''}</span>
                  <div class="episode-text">
                    <span class="episode-title">{ep.title}</span>
                    {ep.overview && <span class="muted small clamp-2">{ep.overview}</span>}
                  </div>
                  {onPlay && ep.play && (
                    <PlayButton play={{ ...ep.play, title: `${details.title} · S${season}E${ep.episode_number ?? ''}` }} onPlay={onPlay} label="Play" compact />
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </article>
  );
}
