import type { FriendlyError } from '../lib/errors';
import { api } from '../lib/api';
import { navigate } from '../lib/router';
import { useCountdown } from '../lib/hooks';
import { waitText } from '../lib/format';
import { useMemo } from 'preact/hooks';

interface Props {
  error: FriendlyError;
  /** Called by the "Try again" button (action retry / wait). */
  onRetry?: () => void;
  /** Inline: a one-line notice inside a form; otherwise a full panel. */
  inline?: boolean;
  onDismiss?: () => void;
}

async function signInAgain(): Promise<void> {
  // Dropping the session makes every screen show its sign-in form; the path stays so the
  // person lands back where they were (e.g. the room link) after signing in.
  try {
    await api.logout();
  } catch {
    /* the local session is cleared regardless */
  }
}

/** Any user-facing error: words, not codes, and a way forward. */
export function ErrorMessage({ error, onRetry, inline, onDismiss }: Props) {
  const until = useMemo(() => (error.retryAfterMs != null ? Date.now() + error.retryAfterMs : null), [error]);
  const left = useCountdown(until);
  const waiting = error.action === 'wait' && left > 0;
  const message = waiting && error.code === 'RATE_LIMITED'
    ? `Too many requests — try again in ${waitText(left)}.`
    : error.message;

  const actions = (
    <div class="error-actions">
      {error.action === 'home' && (
        <button type="button" class="btn btn-primary" onClick={() => navigate('/')}>Go to the lobby</button>
      )}
      {(error.action === 'retry' || error.action === 'wait') && onRetry && (
        <button type="button" class="btn btn-secondary" disabled={waiting} onClick={onRetry}>
          {waiting ? `Try again in ${waitText(left)}` : 'Try again'}
        </button>
      )}
      {error.action === 'signin' && (
        <button type="button" class="btn btn-primary" onClick={() => void signInAgain()}>
          {error.code === 'FORBIDDEN' ? 'Sign in with an account' : 'Sign in again'}
        </button>
      )}
      {onDismiss && (
        <button type="button" class="btn btn-ghost" onClick={onDismiss}>Dismiss</button>
      )}
    </div>
  );

  if (inline) {
    return (
      <div class="notice notice-error" role="alert" data-testid="error-message" data-code={error.code}>
        <span>
          <strong>{error.title}.</strong> {message}
        </span>
        {(error.action !== 'none' && error.action !== 'wait') || onDismiss ? actions : null}
      </div>
    );
  }
  return (
    <section class="error-panel" role="alert" data-testid="error-message" data-code={error.code}>
      <div class="error-icon" aria-hidden="true">!</div>
      <h2>{error.title}</h2>
      <p>{message}</p>
      {actions}
      <p class="error-code">Code: {error.code}</p>
    </section>
  );
}
