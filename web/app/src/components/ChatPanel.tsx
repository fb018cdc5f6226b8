import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatMessage, RoomConnection } from '@streamit/client';
import { describeError, type FriendlyError } from '../lib/errors';
import { useCountdown } from '../lib/hooks';
import { clockTime, hueFor, waitText } from '../lib/format';
import { Icon } from './Icon';

interface Props {
  connection: RoomConnection;
  messages: readonly ChatMessage[];
  enabled: boolean;
  isHost: boolean;
  youUserId: string | null;
  canSend: boolean;
}

const MAX_LEN = 1000;

/**
 * Room chat. Text is rendered as JSX text (textContent), never as HTML: the server does not
 * escape anything (docs/chat.md). Errors that carry a wait (rate limit, mute) disable sending
 * with a countdown instead of letting people hammer the button.
 */
export function ChatPanel({ connection, messages, enabled, isHost, youUserId, canSend }: Props) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<FriendlyError | null>(null);
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  const [older, setOlder] = useState<ChatMessage[]>([]);
  const [olderCursor, setOlderCursor] = useState<string | null | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [toggling, setToggling] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const waitLeft = useCountdown(blockedUntil);

  useEffect(() => {
    if (blockedUntil != null && waitLeft === 0) {
      setBlockedUntil(null);
      setError(null);
    }
  }, [waitLeft, blockedUntil]);

  // Older pages first, then the live window; deduplicated because a snapshot after a reconnect
  // may overlap what was paged in.
  const all = useMemo(() => {
    const seen = new Set<string>();
    const out: ChatMessage[] = [];
    for (const m of [...older, ...messages]) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
    return out;
  }, [older, messages]);

  // Follow new messages only when the reader is already at the bottom.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [all.length]);

  const onScroll = () => {
    const el = listRef.current;
    if (!el) return;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };

  const send = async (e: Event) => {
    e.preventDefault();
    const body = text.trim();
    if (!body || sending || blockedUntil) return;
    setSending(true);
    setError(null);
    try {
      await connection.sendChat(body);
      setText('');
      stickToBottom.current = true;
    } catch (err) {
      const friendly = describeError(err, 'chat');
      setError(friendly);
      if (friendly.retryAfterMs != null && (friendly.code === 'RATE_LIMITED' || friendly.code === 'MUTED'))
        setBlockedUntil(Date.now() + friendly.retryAfterMs);
    } finally {
      setSending(false);
    }
  };

  const loadOlder = async () => {
    const first = all[0];
    if (!first || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await connection.chatHistory(first.id, 50);
      stickToBottom.current = false;
      setOlder((prev) => [...page.messages, ...prev]);
      setOlderCursor(page.next_before);
    } catch (err) {
      setError(describeError(err, 'chat'));
    } finally {
      setLoadingOlder(false);
    }
  };

  // The switch shows the host's choice at once (and keeps the checkbox in the state it was
  // clicked into); the room's chat.state confirms it, a refusal reverts it.
  const [wanted, setWanted] = useState<boolean | null>(null);
  useEffect(() => setWanted(null), [enabled]);
  const toggle = async (on: boolean) => {
    setWanted(on);
    setToggling(true);
    try {
      await connection.setChatEnabled(on);
    } catch (err) {
      setWanted(null);
      setError(describeError(err, 'chat'));
    } finally {
      setToggling(false);
    }
  };
  const switchOn = wanted ?? enabled;

  const remove = async (id: string) => {
    try {
      await connection.deleteChat(id);
      setOlder((prev) => prev.filter((m) => m.id !== id));
    } catch (err) {
      setError(describeError(err, 'chat'));
    }
  };

  const liveMessage =
    blockedUntil && error
      ? error.code === 'RATE_LIMITED'
        ? `You're sending messages too fast. Wait ${waitText(waitLeft)}.`
        : `The host muted you. You can chat again in ${waitText(waitLeft)}.`
      : error?.message;

  const disabledForYou = !enabled && !isHost;

  return (
    <section class="panel chat" aria-labelledby="chat-heading">
      <div class="panel-head">
        <h2 id="chat-heading"><Icon name="chat" size={16} /> Chat</h2>
        {isHost && (
          <label class="switch" title={switchOn ? 'Turn chat off for everyone' : 'Turn chat on'}>
            <input type="checkbox" role="switch" data-testid="chat-toggle" checked={switchOn} disabled={toggling} onChange={(e) => void toggle(e.currentTarget.checked)} />
            <span class="switch-track" aria-hidden="true"><span class="switch-thumb" /></span>
            <span class="switch-label">{switchOn ? 'On' : 'Off'}</span>
            <span class="visually-hidden">Chat enabled</span>
          </label>
        )}
      </div>

      <ol class="chat-list" ref={listRef} onScroll={onScroll} aria-live="polite" aria-relevant="additions" tabIndex={0} aria-label="Chat messages">
        {(typeof olderCursor === 'string' || (olderCursor === undefined && messages.length >= 50)) && (
          <li class="chat-older">
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => void loadOlder()} disabled={loadingOlder}>
              {loadingOlder ? 'Loading…' : 'Load earlier messages'}
            </button>
          </li>
        )}
        {all.length === 0 && <li class="chat-empty muted small">No messages yet. Say hi!</li>}
        {all.map((m, i) => {
          // Consecutive messages from one person within two minutes read as one block.
          const prev = all[i - 1];
          const grouped = !!prev && prev.user_id === m.user_id && m.ts_ms - prev.ts_ms < 120_000;
          return (
            <li key={m.id} class={`chat-message ${grouped ? 'grouped' : ''} ${m.user_id === youUserId ? 'mine' : ''}`} data-testid="chat-message" data-user-id={m.user_id} data-id={m.id}>
              <div class="chat-meta">
                <span class="chat-author" style={{ color: `hsl(${hueFor(m.user_id)} 70% 72%)` }}>{m.display_name}</span>
                <time class="chat-time" dateTime={new Date(m.ts_ms).toISOString()}>{clockTime(m.ts_ms)}</time>
                {isHost && (
                  <button type="button" class="icon-btn chat-delete" data-testid="delete-message" aria-label={`Delete message from ${m.display_name}`} title="Delete message" onClick={() => void remove(m.id)}>
                    <Icon name="trash" size={14} />
                  </button>
                )}
              </div>
              <p class="chat-text">{m.text}</p>
            </li>
          );
        })}
      </ol>

      {!enabled && (
        <p class="notice notice-warn chat-disabled" data-testid="chat-disabled-notice" role="status">
          {isHost ? 'Chat is off for everyone. Turn it back on with the switch above.' : 'The host has turned chat off.'}
        </p>
      )}
      {liveMessage && (
        <p class="notice notice-error chat-error" data-testid="error-message" role="alert" data-code={error?.code}>
          {liveMessage}
        </p>
      )}

      <form class="chat-form" onSubmit={send}>
        <label class="visually-hidden" for="chat-input">Message</label>
        <input
          id="chat-input"
          class="input"
          data-testid="chat-input"
          placeholder={disabledForYou ? 'Chat is off' : 'Send a message'}
          autocomplete="off"
          maxLength={MAX_LEN}
          value={text}
          disabled={disabledForYou || !canSend}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="btn btn-primary btn-icon-text" data-testid="chat-send" disabled={disabledForYou || !canSend || sending || !text.trim() || blockedUntil != null} aria-label="Send message">
          <Icon name="send" size={16} />
          <span class="hide-sm">Send</span>
        </button>
      </form>
    </section>
  );
}
