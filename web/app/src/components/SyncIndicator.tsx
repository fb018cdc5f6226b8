import { useEffect, useState } from 'preact/hooks';
import type { PlaybackController } from '@streamit/client';
import { Icon } from './Icon';

/** How far this player is from the room (controller.driftMs), with a manual "Sync now". */
export function SyncIndicator({ controller, hasSource }: { controller: PlaybackController; hasSource: boolean }) {
  const [drift, setDrift] = useState<number | null>(controller.driftMs);
  const [syncing, setSyncing] = useState(false);

  useEffect(() => {
    const off = controller.on('drift', () => setDrift(controller.driftMs));
    // Also poll: a paused player may not emit drift events, and the number should not go stale.
    const id = window.setInterval(() => setDrift(controller.driftMs), 1000);
    return () => {
      off();
      window.clearInterval(id);
    };
  }, [controller]);

  const abs = drift == null ? null : Math.abs(drift);
  const level = abs == null ? 'unknown' : abs <= 100 ? 'good' : abs <= 400 ? 'fair' : 'poor';
  const text = !hasSource ? 'Sync —' : abs == null ? 'Syncing…' : `${Math.round(abs)} ms ${drift! < 0 ? 'behind' : drift! > 0 ? 'ahead' : ''}`.trim();

  return (
    <div class={`sync sync-${level}`}>
      <span class="sync-dot" aria-hidden="true" />
      <span class="sync-text" data-testid="drift" data-drift-ms={drift == null ? '' : String(Math.round(drift))} title="Difference between your player and the room">
        {text}
      </span>
      <button
        type="button"
        class="btn btn-ghost btn-sm btn-icon-text"
        data-testid="sync-now"
        disabled={!hasSource || syncing}
        onClick={() => {
          setSyncing(true);
          try {
            controller.syncNow();
          } finally {
            window.setTimeout(() => setSyncing(false), 600);
          }
        }}
      >
        <Icon name="sync" size={14} /> Sync now
      </button>
    </div>
  );
}
