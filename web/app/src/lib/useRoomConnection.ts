import { useEffect, useState } from 'preact/hooks';
import { RoomConnection, type PlaybackController } from '@streamit/client';
import { api } from './api';
import { useForceUpdate } from './hooks';

declare global {
  interface Window {
    /** Test hook (Playwright): the room page's live objects. */
    __streamit?: { connection: RoomConnection; controller: PlaybackController | null };
  }
}

const EVENTS = ['status', 'snapshot', 'playback', 'room', 'participants', 'chat', 'chatState', 'closed'] as const;

/**
 * Owns one RoomConnection for as long as the room page shows `code`. Views read the
 * connection's state directly; every event just re-renders.
 */
export function useRoomConnection(code: string): RoomConnection | null {
  const [connection, setConnection] = useState<RoomConnection | null>(null);
  const rerender = useForceUpdate();

  useEffect(() => {
    const conn = new RoomConnection({ api, code });
    const offs = EVENTS.map((ev) => conn.on(ev, rerender));
    setConnection(conn);
    window.__streamit = { connection: conn, controller: null };
    conn.connect();
    return () => {
      offs.forEach((off) => off());
      conn.close();
      if (window.__streamit?.connection === conn) delete window.__streamit;
      setConnection(null);
    };
  }, [code, rerender]);

  return connection;
}
