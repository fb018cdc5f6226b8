import type { User } from '@streamit/client';
import { api } from '../lib/api';
import { onLinkClick, type Route } from '../lib/router';
import { initials, hueFor } from '../lib/format';
import { Icon } from './Icon';
import { useState } from 'preact/hooks';

export function Avatar({ id, name, size = 28 }: { id: string; name: string; size?: number }) {
  return (
    <span
      class="avatar"
      aria-hidden="true"
      style={{ width: `${size}px`, height: `${size}px`, background: `hsl(${hueFor(id)} 55% 42%)` }}
    >
      {initials(name)}
    </span>
  );
}

export function AppHeader({ user, route }: { user: User | null; route: Route }) {
  const [busy, setBusy] = useState(false);
  const logout = async () => {
    setBusy(true);
    try {
      await api.logout();
    } catch {
      /* the local session is dropped either way */
    } finally {
      setBusy(false);
    }
  };
  return (
    <header class="app-header">
      <div class="app-header-inner">
        <a class="brand" href="/" onClick={(e) => onLinkClick(e, '/')} aria-label="StreamIt home">
          <span class="brand-mark" aria-hidden="true"><Icon name="play" size={14} filled /></span>
          <span class="brand-name">StreamIt</span>
        </a>
        <nav class="app-nav" aria-label="Main">
          <a href="/" class={route.name === 'home' ? 'active' : ''} aria-current={route.name === 'home' ? 'page' : undefined} onClick={(e) => onLinkClick(e, '/')}>
            Rooms
          </a>
          <a href="/search" class={route.name === 'search' ? 'active' : ''} aria-current={route.name === 'search' ? 'page' : undefined} onClick={(e) => onLinkClick(e, '/search')}>
            Browse
          </a>
        </nav>
        {user && (
          <div class="user-chip">
            <Avatar id={user.id} name={user.display_name} />
            <span class="user-name" data-testid="signed-in-user" title={user.kind === 'guest' ? 'Guest' : 'Account'}>
              {user.display_name}
            </span>
            {user.kind === 'guest' && <span class="badge badge-muted">Guest</span>}
            <button type="button" class="btn btn-ghost btn-icon" data-testid="logout" onClick={logout} disabled={busy} aria-label="Sign out" title="Sign out">
              <Icon name="logout" />
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
