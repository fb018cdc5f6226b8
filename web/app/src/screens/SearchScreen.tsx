import { useTitle } from '../lib/useTitle';
import type { User } from '@streamit/client';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import { setPendingSource } from '../lib/pendingSource';
import { navigate, roomPath } from '../lib/router';
import { CatalogBrowser, type PlayRef } from '../components/CatalogBrowser';
import { SignInPanel } from '../components/SignInPanel';
import { useState } from 'preact/hooks';
import { ErrorMessage } from '../components/ErrorMessage';
import type { FriendlyError } from '../lib/errors';

/** Browse the catalog outside a room; "Watch with friends" opens a new private room with it. */
export function SearchScreen({ user, q }: { user: User | null; q: string }) {
  useTitle('Browse');
  const [error, setError] = useState<FriendlyError | null>(null);

  const start = async (p: PlayRef) => {
    setError(null);
    try {
      const room = await api.createRoom({ title: p.title.slice(0, 120), is_public: false });
      setPendingSource({ code: room.code, provider: p.provider, ref: p.ref });
      navigate(roomPath(room.code));
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <main class="page" id="main">
      <div class="page-head">
        <h1>Browse</h1>
        <p class="muted">Find something to watch, then start a room with it and share the link.</p>
      </div>
      {error && <ErrorMessage error={error} inline onDismiss={() => setError(null)} />}
      <div class="card">
        <CatalogBrowser
          initialQuery={q}
          onQueryChange={(next) => history.replaceState(null, '', `/search?q=${encodeURIComponent(next)}`)}
          {...(user ? { onPlay: start, playLabel: 'Watch with friends' } : {})}
        />
      </div>
      {!user && (
        <div class="search-signin">
          <SignInPanel heading="Sign in to start a room" lead="Rooms need a name to show your friends. A guest name is enough." />
        </div>
      )}
    </main>
  );
}
