import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { describeError, type FriendlyError } from '../lib/errors';
import { ErrorMessage } from './ErrorMessage';

type Tab = 'guest' | 'login' | 'register';

/**
 * Guest sign-in first (one field, the fastest way into a party), accounts one tab away.
 * Token refresh after this is the client library's job.
 */
export function SignInPanel({ heading = 'Join the party', lead }: { heading?: string; lead?: string }) {
  const [tab, setTab] = useState<Tab>('guest');
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FriendlyError | null>(null);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(describeError(e, 'auth'));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (tab === 'guest') void run(() => api.signInGuest(name.trim()));
    else if (tab === 'login') void run(() => api.login(username.trim(), password));
    else void run(() => api.register(username.trim(), password, displayName.trim() || username.trim()));
  };

  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`signin-tab-${id}`}
      aria-selected={tab === id}
      aria-controls="signin-panel"
      class={`tab ${tab === id ? 'tab-active' : ''}`}
      onClick={() => {
        setTab(id);
        setError(null);
      }}
    >
      {label}
    </button>
  );

  return (
    <section class="card signin" aria-labelledby="signin-heading">
      <h2 id="signin-heading">{heading}</h2>
      <p class="muted">{lead ?? 'Pick a name to watch as a guest, or use your account.'}</p>
      <div class="tabs" role="tablist" aria-label="How to sign in">
        {tabButton('guest', 'Guest')}
        {tabButton('login', 'Sign in')}
        {tabButton('register', 'Create account')}
      </div>
      <form id="signin-panel" role="tabpanel" aria-labelledby={`signin-tab-${tab}`} class="form" onSubmit={submit}>
        {tab === 'guest' ? (
          <label class="field">
            <span class="field-label">Display name</span>
            <input
              class="input"
              data-testid="guest-name"
              name="display_name"
              autocomplete="nickname"
              maxLength={32}
              required
              placeholder="e.g. Sam"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
        ) : (
          <>
            <label class="field">
              <span class="field-label">Username</span>
              <input class="input" name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span class="field-label">Password</span>
              <input
                class="input"
                type="password"
                name="password"
                autocomplete={tab === 'login' ? 'current-password' : 'new-password'}
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
            {tab === 'register' && (
              <label class="field">
                <span class="field-label">Display name <span class="muted">(optional)</span></span>
                <input class="input" name="display_name" autocomplete="nickname" maxLength={32} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
              </label>
            )}
          </>
        )}
        {error && <ErrorMessage error={error} inline />}
        <button type="submit" class="btn btn-primary btn-block" data-testid={tab === 'guest' ? 'guest-submit' : undefined} disabled={busy}>
          {busy ? 'Signing in…' : tab === 'guest' ? 'Continue as guest' : tab === 'login' ? 'Sign in' : 'Create account'}
        </button>
      </form>
    </section>
  );
}
