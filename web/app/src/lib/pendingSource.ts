// "Watch with friends" on the browse screen creates a room and must then set its source, which
// only the connected host can do. The choice survives the navigation in sessionStorage.
const KEY = 'streamit.pendingSource';

export interface PendingSource {
  code: string;
  provider: string;
  ref: string;
}

export function setPendingSource(p: PendingSource): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    /* private mode: the host picks again in the room */
  }
}

export function takePendingSource(code: string): PendingSource | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const p = JSON.parse(raw) as PendingSource;
    if (p.code !== code) return null;
    sessionStorage.removeItem(KEY);
    return p;
  } catch {
    return null;
  }
}
