import { ApiError } from '../errors.js';
import type {
  CatalogItem, CatalogSearchResult, Page, PlaybackSource, Room, TokenPair, User,
} from '../protocol/types.js';
import { Session, defaultStorage, type SessionStorage } from './session.js';

export interface StreamItApiOptions {
  /** '' (default) = same origin; else an absolute http(s) origin, optionally with a path prefix. */
  baseUrl?: string;
  storage?: SessionStorage;
  fetch?: typeof fetch;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Refresh when the access token has less than this left (default 30 s). */
  refreshAheadMs?: number;
  /** Wall clock, for tests. */
  now?: () => number;
}

type Auth = 'none' | 'optional' | 'required';

interface RequestOpts {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  auth?: Auth;
  /** Path is used as-is (not under /api/v1). */
  raw?: boolean;
}

const API = '/api/v1';
const enc = encodeURIComponent;

/**
 * Typed REST client for every v1 route. Owns the session: sign-in stores the token pair,
 * every authenticated call refreshes ahead of expiry, and a TOKEN_EXPIRED answer is retried
 * once after a refresh. Concurrent refreshes share one request, because a refresh token is
 * single-use and presenting a used one revokes the whole session.
 */
export class StreamItApi {
  readonly session: Session;
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly refreshAheadMs: number;
  private readonly now: () => number;
  private refreshing: Promise<void> | null = null;

  constructor(opts: StreamItApiOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? '').replace(/\/+$/, '');
    this.now = opts.now ?? Date.now;
    this.session = new Session(opts.storage ?? defaultStorage(), this.now);
    const f = opts.fetch ?? (globalThis.fetch as typeof fetch | undefined);
    if (!f) throw new Error('StreamItApi: no fetch implementation available');
    // Bound so a window.fetch is not called with another `this` (Illegal invocation).
    this.fetchImpl = f.bind(globalThis);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.refreshAheadMs = opts.refreshAheadMs ?? 30_000;
  }

  // ---------------- auth ----------------
  async signInGuest(displayName: string): Promise<User> {
    return this.storePair(await this.request<TokenPair>('POST', '/auth/guest', { body: { display_name: displayName }, auth: 'none' }));
  }
  async register(username: string, password: string, displayName: string): Promise<User> {
    return this.storePair(await this.request<TokenPair>('POST', '/auth/register', {
      body: { username, password, display_name: displayName }, auth: 'none',
    }));
  }
  async login(username: string, password: string): Promise<User> {
    return this.storePair(await this.request<TokenPair>('POST', '/auth/login', { body: { username, password }, auth: 'none' }));
  }
  /** Revokes the session on the server when possible; the local session is cleared either way. */
  async logout(): Promise<void> {
    const refresh = this.session.refreshToken;
    try {
      if (this.session.accessToken) {
        await this.request<void>('POST', '/auth/logout', { body: refresh ? { refresh_token: refresh } : {}, auth: 'required' });
      }
    } catch {
      /* an expired or revoked session is logged out all the same */
    } finally {
      this.session.clear();
    }
  }
  async me(): Promise<User> {
    const r = await this.request<{ user: User }>('GET', '/auth/me', { auth: 'required' });
    this.session.setUser(r.user);
    return r.user;
  }

  /** Forces a refresh (coalesced with any refresh in flight). Normally not needed. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  // ---------------- rooms ----------------
  createRoom(body: { title: string; is_public?: boolean; source?: { provider: string; ref: string } }): Promise<Room> {
    return this.request<Room>('POST', '/rooms', { body, auth: 'required' });
  }
  getRoom(code: string): Promise<Room> {
    return this.request<Room>('GET', `/rooms/${enc(code)}`, { auth: 'required' });
  }
  deleteRoom(code: string): Promise<void> {
    return this.request<void>('DELETE', `/rooms/${enc(code)}`, { auth: 'required' });
  }
  listPublicRooms(q: { page?: number; page_size?: number; sort?: 'viewers' | 'newest' | 'title'; q?: string } = {}): Promise<Page<Room>> {
    return this.request<Page<Room>>('GET', '/rooms/public', { query: q, auth: 'none' });
  }
  wsTicket(code: string): Promise<{ ticket: string; expires_in: number }> {
    return this.request('POST', `/rooms/${enc(code)}/ws-ticket`, { auth: 'required' });
  }

  // ---------------- providers & catalog ----------------
  listProviders(): Promise<{ items: { id: string; version: string }[] }> {
    return this.request('GET', '/providers', { auth: 'optional' });
  }
  resolve(providerId: string, ref: string): Promise<PlaybackSource> {
    return this.request<PlaybackSource>('POST', `/providers/${enc(providerId)}/resolve`, { body: { ref }, auth: 'optional' });
  }
  searchCatalog(q: { q: string; type?: 'movie' | 'tv' | 'all'; year?: number; page?: number }): Promise<CatalogSearchResult> {
    return this.request<CatalogSearchResult>('GET', '/catalog/search', { query: q, auth: 'optional' });
  }
  catalogItem(catalog: string, type: 'movie' | 'tv', id: string): Promise<CatalogItem> {
    return this.request<CatalogItem>('GET', `/catalog/${enc(catalog)}/${enc(type)}/${enc(id)}`, { auth: 'optional' });
  }
  catalogSeason(catalog: string, id: string, season: number): Promise<{ items: CatalogItem[] }> {
    return this.request('GET', `/catalog/${enc(catalog)}/tv/${enc(id)}/season/${season}`, { auth: 'optional' });
  }
  health(): Promise<unknown> {
    return this.request('GET', '/healthz', { auth: 'none', raw: true });
  }

  /** ws(s)://host/api/v1/rooms/{code}/ws?ticket=… — relative to baseUrl, or the page's origin. */
  wsUrl(code: string, ticket: string): string {
    const path = `${API}/rooms/${enc(code)}/ws?ticket=${enc(ticket)}`;
    let origin = this.baseUrl;
    if (!/^https?:\/\//i.test(origin)) {
      const loc = (globalThis as { location?: { protocol: string; host: string } }).location;
      if (!loc) throw new Error('StreamItApi.wsUrl: baseUrl must be absolute outside a browser');
      origin = `${loc.protocol}//${loc.host}${origin}`;
    }
    return origin.replace(/^http/i, 'ws') + path;
  }

  // ---------------- plumbing ----------------
  /** Generic call for routes this class does not wrap yet. `path` is below /api/v1. */
  async request<T>(method: string, path: string, opts: RequestOpts = {}): Promise<T> {
    const auth = opts.auth ?? 'optional';
    if (auth !== 'none') await this.ensureFresh();
    try {
      return await this.send<T>(method, path, opts, auth);
    } catch (e) {
      // Exactly one retry after a refresh: a second TOKEN_EXPIRED means the clocks disagree
      // badly or the session is gone, and looping would hammer the server.
      if (e instanceof ApiError && e.code === 'TOKEN_EXPIRED' && auth !== 'none' && this.session.refreshToken) {
        await this.refresh();
        return this.send<T>(method, path, opts, auth);
      }
      throw e;
    }
  }

  private storePair(pair: TokenPair): User {
    this.session.setTokens(pair);
    return pair.user;
  }

  private async ensureFresh(): Promise<void> {
    const s = this.session;
    if (!s.accessToken || !s.refreshToken) return;
    if (s.accessExpiresAt - this.now() > this.refreshAheadMs) return;
    try {
      await this.refresh();
    } catch (e) {
      // A refresh that failed for network reasons should not block a request the old token
      // may still serve; auth failures were handled (session cleared) in doRefresh.
      if (!(e instanceof ApiError) || e.code === 'NETWORK' || e.code === 'TIMEOUT') return;
      throw e;
    }
  }

  private async doRefresh(): Promise<void> {
    const run = async (): Promise<void> => {
      const before = this.session.refreshToken;
      // Another tab may have refreshed already: using our (now spent) token would revoke all.
      this.session.reload();
      const token = this.session.refreshToken;
      if (!token) throw new ApiError('UNAUTHORIZED', 'not signed in', { status: 401 });
      if (token !== before && this.session.accessExpiresAt - this.now() > this.refreshAheadMs) return;
      try {
        const pair = await this.send<TokenPair>('POST', '/auth/refresh', { body: { refresh_token: token } }, 'none');
        this.session.setTokens(pair);
      } catch (e) {
        if (e instanceof ApiError && (e.code === 'UNAUTHORIZED' || e.code === 'TOKEN_EXPIRED' || e.code === 'VALIDATION_FAILED')) {
          this.session.clear();
        }
        throw e;
      }
    };
    // Web Locks serialise refreshes across tabs of the same origin where available.
    const locks = (globalThis as { navigator?: { locks?: { request(name: string, cb: () => Promise<void>): Promise<void> } } }).navigator?.locks;
    if (locks && typeof locks.request === 'function') return locks.request('streamit-refresh', run);
    return run();
  }

  private url(path: string, opts: RequestOpts): string {
    let url = this.baseUrl + (opts.raw ? '' : API) + path;
    if (opts.query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.query)) {
        if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  private async send<T>(method: string, path: string, opts: RequestOpts, auth: Auth): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const token = this.session.accessToken;
    if (auth !== 'none' && token) headers['Authorization'] = `Bearer ${token}`;

    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl?.abort();
    }, this.timeoutMs);
    let res: Response;
    try {
      const init: RequestInit = { method, headers, cache: 'no-store' };
      if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
      if (ctrl) init.signal = ctrl.signal;
      res = await this.fetchImpl(this.url(path, opts), init);
    } catch (e) {
      if (timedOut) throw new ApiError('TIMEOUT', `${method} ${path}: no answer within ${this.timeoutMs} ms`);
      throw new ApiError('NETWORK', `${method} ${path}: ${e instanceof Error ? e.message : 'network error'}`);
    } finally {
      clearTimeout(timer);
    }

    const requestId = res.headers.get('X-Request-Id') ?? undefined;
    let text = '';
    try {
      text = await res.text();
    } catch {
      throw new ApiError('NETWORK', `${method} ${path}: connection lost while reading the answer`, { status: res.status });
    }
    let json: unknown;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (res.ok) {
      if (res.status === 204 || !text) return undefined as T;
      if (json === undefined) throw new ApiError('BAD_RESPONSE', `${method} ${path}: answer is not JSON`, withId({ status: res.status }, requestId));
      return json as T;
    }
    throw errorFromResponse(res, json, `${method} ${path}`, requestId);
  }
}

function withId<T extends object>(o: T, requestId: string | undefined): T & { requestId?: string } {
  return requestId === undefined ? o : { ...o, requestId };
}

/** Maps an HTTP error answer to ApiError; the kernel's envelope is `{error:{code,message,details}}`. */
export function errorFromResponse(res: Response, json: unknown, what: string, requestId?: string): ApiError {
  const retryHeader = res.headers.get('Retry-After');
  const headerMs = retryHeader !== null && /^\d+$/.test(retryHeader.trim()) ? Number(retryHeader) * 1000 : undefined;
  const env = (json as { error?: unknown } | undefined)?.error;
  if (env && typeof env === 'object' && typeof (env as { code?: unknown }).code === 'string') {
    const e = env as { code: string; message?: unknown; details?: unknown };
    const details = e.details && typeof e.details === 'object' && !Array.isArray(e.details) ? (e.details as Record<string, unknown>) : {};
    const opts: { status: number; details: Record<string, unknown>; retryAfterMs?: number } = { status: res.status, details };
    if (typeof details['retry_after_ms'] !== 'number' && headerMs !== undefined) opts.retryAfterMs = headerMs;
    return new ApiError(e.code, typeof e.message === 'string' ? e.message : e.code, withId(opts, requestId));
  }
  // No envelope: a proxy or dev server answered for an unreachable kernel.
  const code = res.status === 502 || res.status === 503 || res.status === 504 ? 'NETWORK' : 'BAD_RESPONSE';
  return new ApiError(code, `${what}: HTTP ${res.status}`, withId({ status: res.status, ...(headerMs !== undefined ? { retryAfterMs: headerMs } : {}) }, requestId));
}
