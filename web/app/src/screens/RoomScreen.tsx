import { useTitle } from '../lib/useTitle';
import { useEffect, useState } from 'preact/hooks';
import type { PlaybackController, PlayerAdapter, Room, User } from '@streamit/client';
import { api } from '../lib/api';
import { describeClose, describeError, type FriendlyError } from '../lib/errors';
import { isRoomCode, navigate } from '../lib/router';
import { useRoomConnection } from '../lib/useRoomConnection';
import { takePendingSource } from '../lib/pendingSource';
import { kickedFor, rememberKick } from '../lib/kicks';
import { waitText } from '../lib/format';
import { ChatPanel } from '../components/ChatPanel';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { Icon } from '../components/Icon';
import { ParticipantList } from '../components/ParticipantList';
import { PlaybackBar } from '../components/PlaybackBar';
import { PlayerView } from '../components/PlayerView';
import { ConnectionBanner, RoomStateBadge } from '../components/RoomBanners';
import { ShareLink } from '../components/ShareLink';
import { SignInPanel } from '../components/SignInPanel';
import { SourcePicker } from '../components/SourcePicker';
import { SyncIndicator } from '../components/SyncIndicator';

export function RoomScreen({ code, user }: { code: string; user: User | null }) {
  if (!isRoomCode(code)) {
    return (
      <main class="page page-center" id="main">
        <ErrorMessage error={describeError({ code: 'ROOM_NOT_FOUND' })} />
      </main>
    );
  }
  if (!user) {
    return (
      <main class="page page-center" id="main">
        <SignInPanel heading="Sign in to join this room" lead={`You were invited to room ${code}. Pick a name to join as a guest, or sign in.`} />
      </main>
    );
  }
  // Keyed by user: signing in as someone else must open a fresh connection.
  return <RoomLoader key={`${user.id}:${code}`} code={code} />;
}

/** Asks REST first so an unknown or ended room gets a clear message before any socket. */
function RoomLoader({ code }: { code: string }) {
  const [room, setRoom] = useState<Room | null>(null);
  const [error, setError] = useState<FriendlyError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    const kicked = kickedFor(code);
    if (kicked > 0) {
      setError({ ...describeClose({ code: 4003, reason: 'kicked' })!, message: `The host removed you from this room. You can rejoin in ${waitText(kicked)}.` });
      return;
    }
    api.getRoom(code).then(
      (r) => {
        if (!live) return;
        if (r.state === 'EXPIRED') setError(describeError({ code: 'ROOM_CLOSED' }));
        else setRoom(r);
      },
      (e) => live && setError(describeError(e, 'room')),
    );
    return () => {
      live = false;
    };
  }, [code, attempt]);

  if (error)
    return (
      <main class="page page-center" id="main">
        {error.code === 'ROOM_CLOSED' && <RoomStateBadge state="EXPIRED" serverNow={() => Date.now()} />}
        <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} />
      </main>
    );
  if (!room)
    return (
      <main class="page page-center" id="main" aria-busy="true">
        <div class="loading"><span class="spinner" aria-hidden="true" /> Opening the room…</div>
      </main>
    );
  return <RoomView code={code} initialRoom={room} />;
}

function RoomView({ code, initialRoom }: { code: string; initialRoom: Room }) {
  const connection = useRoomConnection(code);
  const [controller, setController] = useState<PlaybackController | null>(null);
  const [adapter, setAdapter] = useState<PlayerAdapter | null>(null);
  const [toast, setToast] = useState<FriendlyError | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);

  useEffect(() => {
    if (!toast) return;
    const id = window.setTimeout(() => setToast(null), 6000);
    return () => window.clearTimeout(id);
  }, [toast]);

  // A source chosen on the browse screen before the room existed (see lib/pendingSource.ts).
  const ready = connection?.status === 'open' && connection.isHost;
  useEffect(() => {
    if (!ready || !connection) return;
    const pending = takePendingSource(code);
    if (pending) connection.setSource(pending.provider, pending.ref).catch((e: unknown) => setToast(describeError(e, 'catalog')));
  }, [ready, connection, code]);

  useTitle(connection?.room?.title ?? initialRoom.title);
  const closeCode = connection?.closeInfo?.code;
  useEffect(() => {
    if (closeCode === 4003) rememberKick(code);
  }, [closeCode, code]);

  if (!connection) return null;

  const ended = connection.status === 'closed' ? describeClose(connection.closeInfo) : null;
  if (ended) {
    const finalState = closeCode === 4001 ? 'DELETED' : closeCode === 4002 || ended.code === 'ROOM_CLOSED' ? 'EXPIRED' : null;
    return (
      <main class="page page-center" id="main">
        {finalState && <RoomStateBadge state={finalState} serverNow={() => Date.now()} />}
        <ErrorMessage error={ended} onRetry={() => location.reload()} />
      </main>
    );
  }

  const room = connection.room ?? initialRoom;
  const state = connection.roomState?.state ?? room.state;
  const you = connection.you;
  const isHost = connection.isHost;
  const hasSource = !!connection.playback?.source;
  const showPicker = isHost && (!hasSource || pickerOpen);

  const deleteRoom = async () => {
    setDeleting(true);
    try {
      await api.deleteRoom(code);
      navigate('/', { replace: true });
    } catch (e) {
      setDeleting(false);
      setConfirmDelete(false);
      setToast(describeError(e, 'room'));
    }
  };

  return (
    <main class="room-page" id="main">
      <ConnectionBanner connection={connection} />
      <div class="room-head">
        <div class="room-title-block">
          <h1 class="room-title">{room.title}</h1>
          <div class="room-sub">
            <RoomStateBadge state={state} graceDeadlineMs={connection.roomState?.grace_deadline_ms ?? room.grace_deadline_ms} serverNow={() => connection.clock.serverNow()} />
            <span class="muted small">Hosted by {room.host.display_name}</span>
            {!room.is_public && <span class="badge badge-muted">Private</span>}
          </div>
        </div>
        <div class="room-head-actions">
          <ShareLink code={code} />
          {isHost && (
            <button type="button" class="btn btn-ghost btn-sm btn-icon-text danger-text" data-testid="delete-room" onClick={() => setConfirmDelete(true)}>
              <Icon name="trash" size={15} /> <span>Delete room</span>
            </button>
          )}
        </div>
      </div>

      {toast && (
        <div class="toast-wrap">
          <ErrorMessage error={toast} inline onDismiss={() => setToast(null)} />
        </div>
      )}

      <div class="room-layout">
        <div class="room-main">
          <PlayerView connection={connection} isHost={isHost} onController={setController} onAdapter={setAdapter} />
          <div class="player-controls">
            <PlaybackBar connection={connection} adapter={adapter} isHost={isHost} onError={setToast} />
            <div class="player-controls-row">
              {controller && <SyncIndicator controller={controller} hasSource={hasSource} />}
              {isHost && hasSource && (
                <button type="button" class="btn btn-ghost btn-sm btn-icon-text" aria-expanded={pickerOpen} onClick={() => setPickerOpen(!pickerOpen)} data-testid="change-source">
                  <Icon name="film" size={15} /> {pickerOpen ? 'Hide sources' : 'Change source'}
                </button>
              )}
            </div>
          </div>
          {showPicker && <SourcePicker connection={connection} onDone={() => setPickerOpen(false)} />}
        </div>
        <aside class="room-side" aria-label="People and chat">
          <ParticipantList
            connection={connection}
            participants={connection.participants}
            count={connection.participantCount}
            youSessionId={you?.session_id ?? null}
            isHost={isHost}
            onError={setToast}
          />
          <ChatPanel
            connection={connection}
            messages={connection.chat}
            enabled={connection.chatEnabled}
            isHost={isHost}
            youUserId={you?.user_id ?? null}
            canSend={connection.status === 'open'}
          />
        </aside>
      </div>

      <ConfirmDialog
        open={confirmDelete}
        title="Delete this room?"
        confirmLabel="Delete room"
        danger
        busy={deleting}
        testid="delete-room-confirm"
        onConfirm={() => void deleteRoom()}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>Everyone watching will be disconnected and the link will stop working. This can't be undone.</p>
      </ConfirmDialog>
    </main>
  );
}
