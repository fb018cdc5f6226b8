import { useState } from 'preact/hooks';
import { extractRoomCode, navigate, roomPath } from '../lib/router';
import { Icon } from './Icon';

/** Join by a code or a pasted share link; the room page reports unknown rooms. */
export function JoinRoomForm() {
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);

  const submit = (e: Event) => {
    e.preventDefault();
    const code = extractRoomCode(value);
    if (!code) {
      setInvalid(true);
      return;
    }
    navigate(roomPath(code));
  };

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="join-heading">
      <div class="card-icon" aria-hidden="true"><Icon name="link" /></div>
      <h2 id="join-heading">Join a room</h2>
      <label class="field">
        <span class="field-label">Room code or link</span>
        <input
          class="input mono"
          data-testid="join-code"
          required
          placeholder="ABCDE23456 or a link"
          autocomplete="off"
          spellcheck={false}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'join-error' : undefined}
          value={value}
          onInput={(e) => {
            setValue(e.currentTarget.value);
            setInvalid(false);
          }}
        />
      </label>
      {invalid && (
        <p id="join-error" class="notice notice-error" role="alert" data-testid="error-message">
          That doesn't look like a room code. Codes are 10 letters and digits, like 7KQ2MXR9PA.
        </p>
      )}
      <button type="submit" class="btn btn-secondary btn-block" data-testid="join-submit">Join</button>
    </form>
  );
}
