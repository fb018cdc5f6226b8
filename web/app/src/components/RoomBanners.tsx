import type { RoomConnection } from '@streamit/client';
import { useEffect, useState } from 'preact/hooks';
import { useNow } from '../lib/hooks';
import { formatTime } from '../lib/format';

/** LIVE / GRACE (with the host's return countdown) / EXPIRED / DELETED, in words and colour. */
export function RoomStateBadge({ state, graceDeadlineMs, serverNow }: { state: string; graceDeadlineMs?: number | null | undefined; serverNow: () => number }) {
  const grace = state === 'GRACE';
  useNow(500, grace);
  const left = grace && graceDeadlineMs ? Math.max(0, (graceDeadlineMs - serverNow()) / 1000) : null;
  const label: Record<string, string> = {
    LIVE: 'LIVE',
    GRACE: 'GRACE',
    EXPIRED: 'EXPIRED',
    DELETED: 'DELETED',
    CREATED: 'WAITING',
  };
  const cls = state === 'LIVE' ? 'badge-live' : grace || state === 'CREATED' ? 'badge-warn' : 'badge-danger';
  return (
    <div class={`room-state ${grace ? 'room-state-grace' : ''}`} data-testid="room-state" data-state={state} role="status" aria-live="polite">
      <span class={`badge ${cls}`}>
        <span class="dot" aria-hidden="true" />
        {label[state] ?? state}
      </span>
      {grace && (
        <span class="room-state-text">
          The host left. Waiting for them to return{left != null ? <> — <strong class="mono">{formatTime(left)}</strong> left</> : '…'}
        </span>
      )}
      {state === 'CREATED' && <span class="room-state-text">Waiting for the host to arrive</span>}
      {state === 'EXPIRED' && <span class="room-state-text">This room has ended</span>}
      {state === 'DELETED' && <span class="room-state-text">The host deleted this room</span>}
    </div>
  );
}

/** Shown only while the socket is not open: people should know why nothing moves. */
export function ConnectionBanner({ connection }: { connection: RoomConnection }) {
  const status = connection.status;
  const down = status === 'connecting' || status === 'reconnecting';
  const [since, setSince] = useState<number | null>(null);
  useEffect(() => setSince(down ? Date.now() : null), [down]);
  const now = useNow(1000, down);
  if (!down) return null;
  // After a while, say plainly that the server is unreachable and offer to retry at once.
  const long = since != null && now - since > 10_000;
  return (
    <div class="connection-banner" data-testid="connection-state" data-status={status} role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      <span class="grow">
        {status === 'reconnecting'
          ? long
            ? "Reconnecting… Can't reach the StreamIt server right now; still trying. Check your connection."
            : 'Reconnecting… your player will catch up when the connection is back.'
          : 'Connecting to the room…'}
      </span>
      {status === 'reconnecting' && long && (
        <button type="button" class="btn btn-secondary btn-sm" onClick={() => connection.reconnectNow()}>Retry now</button>
      )}
    </div>
  );
}
