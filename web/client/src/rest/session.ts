import type { TokenPair, User } from '../protocol/types.js';

/** Where the token pair lives between page loads. */
export interface SessionStorage {
  get(key: string): string | null;
  set(key: string, v: string): void;
  remove(key: string): void;
}

export class MemoryStorage implements SessionStorage {
  private readonly map = new Map<string, string>();
  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  set(key: string, v: string): void {
    this.map.set(key, v);
  }
  remove(key: string): void {
    this.map.delete(key);
  }
}

/** localStorage when the page has one (and it works: Safari private mode throws), else memory. */
export function defaultStorage(): SessionStorage {
  try {
    const ls = (globalThis as { localStorage?: Storage }).localStorage;
    if (ls) {
      const probe = '__streamit_probe__';
      ls.setItem(probe, '1');
      ls.removeItem(probe);
      return {
        get: (k) => ls.getItem(k),
        set: (k, v) => ls.setItem(k, v),
        remove: (k) => ls.removeItem(k),
      };
    }
  } catch {
    /* fall through to memory */
  }
  return new MemoryStorage();
}

export const SESSION_KEY = 'streamit.session.v1';

interface Stored {
  access_token: string;
  refresh_token: string;
  access_expires_at: number; // wall ms
  refresh_expires_at: number; // wall ms
  user: User;
}

function parseStored(text: string | null): Stored | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<Stored>;
    if (typeof v.access_token === 'string' && typeof v.refresh_token === 'string' &&
        typeof v.access_expires_at === 'number' && typeof v.refresh_expires_at === 'number' &&
        v.user && typeof v.user.id === 'string') {
      return v as Stored;
    }
  } catch {
    /* corrupt entry: treat as signed out */
  }
  return null;
}

/**
 * The signed-in identity and its token pair. Only StreamItApi writes it; apps read it and
 * subscribe with onChange (sign-in, refresh, sign-out, or another tab doing those).
 */
export class Session {
  private stored: Stored | null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: SessionStorage, private readonly wallNow: () => number = Date.now) {
    this.stored = parseStored(storage.get(SESSION_KEY));
    // Another tab refreshed or signed out: adopt its pair, otherwise we would present a used
    // refresh token, which the kernel treats as theft and revokes the whole session family.
    const w = globalThis as { addEventListener?: (t: string, cb: (e: { key: string | null }) => void) => void };
    if (typeof w.addEventListener === 'function' && typeof (globalThis as { localStorage?: unknown }).localStorage !== 'undefined') {
      try {
        w.addEventListener('storage', (e) => {
          if (e.key === SESSION_KEY || e.key === null) this.reload();
        });
      } catch {
        /* not a window */
      }
    }
  }

  get user(): User | null {
    return this.stored?.user ?? null;
  }
  get accessToken(): string | null {
    return this.stored?.access_token ?? null;
  }
  get refreshToken(): string | null {
    return this.stored?.refresh_token ?? null;
  }
  get isSignedIn(): boolean {
    return this.stored !== null && this.stored.refresh_expires_at > this.wallNow();
  }
  /** Wall ms at which the access token expires (0 when signed out). */
  get accessExpiresAt(): number {
    return this.stored?.access_expires_at ?? 0;
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  /** @internal */
  setTokens(pair: TokenPair): void {
    const now = this.wallNow();
    this.stored = {
      access_token: pair.access_token,
      refresh_token: pair.refresh_token,
      access_expires_at: now + pair.expires_in * 1000,
      refresh_expires_at: now + pair.refresh_expires_in * 1000,
      user: pair.user,
    };
    this.storage.set(SESSION_KEY, JSON.stringify(this.stored));
    this.notify();
  }

  /** @internal */
  setUser(user: User): void {
    if (!this.stored) return;
    this.stored = { ...this.stored, user };
    this.storage.set(SESSION_KEY, JSON.stringify(this.stored));
    this.notify();
  }

  /** @internal */
  clear(): void {
    const had = this.stored !== null;
    this.stored = null;
    this.storage.remove(SESSION_KEY);
    if (had) this.notify();
  }

  /** Re-reads storage (another tab may have refreshed); true when the pair changed. @internal */
  reload(): boolean {
    const next = parseStored(this.storage.get(SESSION_KEY));
    if (next?.access_token === this.stored?.access_token && next?.refresh_token === this.stored?.refresh_token) return false;
    this.stored = next;
    this.notify();
    return true;
  }

  private notify(): void {
    for (const cb of [...this.listeners]) {
      try {
        cb();
      } catch (e) {
        console.error('[streamit] session listener threw', e);
      }
    }
  }
}
