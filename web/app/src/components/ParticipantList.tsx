import { useState } from 'preact/hooks';
import type { Participant, RoomConnection } from '@streamit/client';
import { describeError, type FriendlyError } from '../lib/errors';
import { KICK_BLOCK_S } from '../lib/kicks';
import { Avatar } from './AppHeader';
import { Icon } from './Icon';

const MUTE_S = 300;

interface Props {
  connection: RoomConnection;
  participants: readonly Participant[];
  count: number;
  youSessionId: string | null;
  isHost: boolean;
  onError: (e: FriendlyError) => void;
}

/** Who is here; the host gets per-person mute and kick. */
export function ParticipantList({ connection, participants, count, youSessionId, isHost, onError }: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (p: Participant, what: 'mute' | 'kick') => {
    setBusy(p.session_id + what);
    try {
      if (what === 'mute') await connection.mute(p.user_id, MUTE_S);
      else await connection.kick(p.user_id, KICK_BLOCK_S);
      setNotice(what === 'mute' ? `${p.display_name} is muted for 5 minutes.` : `${p.display_name} was removed for 10 minutes.`);
      window.setTimeout(() => setNotice(null), 4000);
    } catch (e) {
      onError(describeError(e, 'room'));
    } finally {
      setBusy(null);
    }
  };

  // The host first, then by name; stable for screen readers and screenshots alike.
  const sorted = [...participants].sort((a, b) => Number(b.is_host) - Number(a.is_host) || a.display_name.localeCompare(b.display_name));

  return (
    <section class="panel participants" aria-labelledby="participants-heading">
      <div class="panel-head">
        <h2 id="participants-heading"><Icon name="users" size={16} /> Watching <span class="count-pill">{Math.max(count, participants.length)}</span></h2>
      </div>
      <ul class="participant-list">
        {sorted.map((p) => {
          const you = p.session_id === youSessionId;
          const state = (p as Participant & { buffering?: boolean }).buffering;
          return (
            <li key={p.session_id} class="participant" data-testid="participant" data-host={p.is_host ? 'true' : 'false'} data-user-id={p.user_id}>
              <Avatar id={p.user_id} name={p.display_name} size={26} />
              <span class="participant-name">{p.display_name}</span>
              {you && <span class="badge badge-muted">You</span>}
              {p.is_host && (
                <span class="badge badge-host" title="Host">
                  <Icon name="crown" size={12} /> Host
                </span>
              )}
              {state !== undefined && <span class={`badge ${state ? 'badge-warn' : 'badge-live'}`}>{state ? 'Buffering' : 'Ready'}</span>}
              {isHost && !you && !p.is_host && (
                <span class="participant-actions">
                  <button type="button" class="icon-btn" data-testid="mute" disabled={busy !== null} aria-label={`Mute ${p.display_name} for 5 minutes`} title="Mute for 5 minutes" onClick={() => void act(p, 'mute')}>
                    <Icon name="mute" size={15} />
                  </button>
                  <button type="button" class="icon-btn icon-btn-danger" data-testid="kick" disabled={busy !== null} aria-label={`Remove ${p.display_name} from the room`} title="Remove from room (10 minutes)" onClick={() => void act(p, 'kick')}>
                    <Icon name="kick" size={15} />
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {participants.length < count && <p class="muted small">and {count - participants.length} more</p>}
      {notice && <p class="notice notice-info small" role="status">{notice}</p>}
    </section>
  );
}
