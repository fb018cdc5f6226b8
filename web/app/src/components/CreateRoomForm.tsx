import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { describeError, type FriendlyError } from '../lib/errors';
import { navigate, roomPath } from '../lib/router';
import { ErrorMessage } from './ErrorMessage';
import { Icon } from './Icon';

export function CreateRoomForm() {
  const [title, setTitle] = useState('');
  const [isPublic, setIsPublic] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FriendlyError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const room = await api.createRoom({ title: title.trim(), is_public: isPublic });
      navigate(roomPath(room.code));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="create-heading">
      <div class="card-icon" aria-hidden="true"><Icon name="plus" /></div>
      <h2 id="create-heading">Start a room</h2>
      <label class="field">
        <span class="field-label">Room title</span>
        <input
          class="input"
          data-testid="create-title"
          required
          maxLength={120}
          placeholder="Friday movie night"
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </label>
      <label class="check">
        <input type="checkbox" data-testid="create-public" checked={isPublic} onChange={(e) => setIsPublic(e.currentTarget.checked)} />
        <span>
          <strong>List in the public directory</strong>
          <span class="muted small block">Anyone can find and join. Private rooms are reachable by link only.</span>
        </span>
      </label>
      {error && <ErrorMessage error={error} inline />}
      <button type="submit" class="btn btn-primary btn-block" data-testid="create-submit" disabled={busy || !title.trim()}>
        {busy ? 'Creating…' : 'Create room'}
      </button>
    </form>
  );
}
