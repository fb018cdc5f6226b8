import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { StreamItApi } from '../src/rest/api.js';
import { MemoryStorage, SESSION_KEY } from '../src/rest/session.js';
import { errorBody, fakeFetch, tokenPair } from './fakes.js';

const BASE = 'http://kernel.test';

describe('StreamItApi', () => {
  it('stores the pair on guest sign-in and sends the bearer token', async () => {
    const { fetch, calls } = fakeFetch(({ url }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      if (url.pathname === '/api/v1/rooms/ABCDEFGHJK') return { status: 200, body: { code: 'ABCDEFGHJK' } };
      return { status: 404, body: errorBody('NOT_FOUND') };
    });
    const storage = new MemoryStorage();
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage });
    let changes = 0;
    api.session.onChange(() => changes++);
    const user = await api.signInGuest('Zoë');
    expect(user.display_name).toBe('Zoë');
    expect(api.session.isSignedIn).toBe(true);
    expect(changes).toBe(1);
    expect(JSON.parse(storage.get(SESSION_KEY)!).refresh_token).toBe('refresh-1');
    expect(calls[0]!.body).toEqual({ display_name: 'Zoë' });
    expect(calls[0]!.auth).toBeUndefined();
    await api.getRoom('ABCDEFGHJK');
    expect(calls[1]!.auth).toBe('Bearer access-1');
    // A second instance on the same storage is signed in (page reload).
    expect(new StreamItApi({ baseUrl: BASE, fetch, storage }).session.user?.id).toBe('guest:1');
  });

  it('maps the error envelope to ApiError with details and retry-after', async () => {
    const { fetch } = fakeFetch(() => ({
      status: 429, body: errorBody('RATE_LIMITED', { retry_after_ms: 1234 }), headers: { 'Retry-After': '2', 'X-Request-Id': 'req-9' },
    }));
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage() });
    const err = await api.listPublicRooms({ sort: 'newest', q: 'night' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 1234, requestId: 'req-9' });
  });

  it('falls back to Retry-After and maps transport failures', async () => {
    let mode = 'header';
    const { fetch } = fakeFetch(() => {
      if (mode === 'header') return { status: 429, body: errorBody('RATE_LIMITED'), headers: { 'Retry-After': '3' } };
      if (mode === 'proxy') return { status: 502, body: '<html>bad gateway</html>' };
      throw new TypeError('Failed to fetch');
    });
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage() });
    await expect(api.health()).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 3000 });
    mode = 'proxy';
    await expect(api.health()).rejects.toMatchObject({ code: 'NETWORK', status: 502 });
    mode = 'down';
    await expect(api.health()).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });

  it('times out a request that never answers', async () => {
    const fetch = ((_: unknown, init?: RequestInit) => new Promise((_r, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    })) as typeof globalThis.fetch;
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage(), timeoutMs: 20 });
    await expect(api.health()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('builds query strings, paths and the WebSocket URL', async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 200, body: { items: [] } }));
    const api = new StreamItApi({ baseUrl: 'https://watch.example/', fetch, storage: new MemoryStorage() });
    await api.listPublicRooms({ page: 2, page_size: 10, sort: 'title', q: 'a b' });
    await api.searchCatalog({ q: 'bunny', type: 'movie' });
    await api.catalogSeason('tmdb', '1399', 0);
    await api.resolve('provider.direct', 'http://x/y.mp4');
    expect(calls.map((c) => c.path)).toEqual([
      '/api/v1/rooms/public?page=2&page_size=10&sort=title&q=a+b',
      '/api/v1/catalog/search?q=bunny&type=movie',
      '/api/v1/catalog/tmdb/tv/1399/season/0',
      '/api/v1/providers/provider.direct/resolve',
    ]);
    expect(calls[3]!.body).toEqual({ ref: 'http://x/y.mp4' });
    expect(api.wsUrl('ABC', 't k')).toBe('wss://watch.example/api/v1/rooms/ABC/ws?ticket=t%20k');
    expect(new StreamItApi({ baseUrl: 'http://127.0.0.1:8080', fetch, storage: new MemoryStorage() }).wsUrl('X', 't'))
      .toBe('ws://127.0.0.1:8080/api/v1/rooms/X/ws?ticket=t');
  });

  it('refreshes on TOKEN_EXPIRED and retries exactly once', async () => {
    let refreshes = 0;
    const { fetch, calls } = fakeFetch(({ url, headers }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      if (url.pathname === '/api/v1/auth/refresh') return { status: 200, body: tokenPair(1 + ++refreshes) };
      if (headers['Authorization'] === 'Bearer access-1') return { status: 401, body: errorBody('TOKEN_EXPIRED') };
      return { status: 200, body: { user: tokenPair(2).user } };
    });
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage() });
    await api.signInGuest('Zoë');
    await api.me();
    expect(refreshes).toBe(1);
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/auth/guest', '/api/v1/auth/me', '/api/v1/auth/refresh', '/api/v1/auth/me']);
    expect(calls[2]!.body).toEqual({ refresh_token: 'refresh-1' });
    expect(calls[3]!.auth).toBe('Bearer access-2');
  });

  it('does not loop when the retry is refused again', async () => {
    let refreshes = 0;
    const { fetch } = fakeFetch(({ url }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      if (url.pathname === '/api/v1/auth/refresh') return { status: 200, body: tokenPair(1 + ++refreshes) };
      return { status: 401, body: errorBody('TOKEN_EXPIRED') };
    });
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage() });
    await api.signInGuest('Zoë');
    await expect(api.me()).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(refreshes).toBe(1);
  });

  it('coalesces concurrent refreshes into one request', async () => {
    let refreshes = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { fetch } = fakeFetch(async ({ url, headers }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      if (url.pathname === '/api/v1/auth/refresh') {
        refreshes++;
        await gate;
        return { status: 200, body: tokenPair(2) };
      }
      if (headers['Authorization'] !== 'Bearer access-2') return { status: 401, body: errorBody('TOKEN_EXPIRED') };
      return { status: 200, body: { code: url.pathname.split('/').pop() } };
    });
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage() });
    await api.signInGuest('Zoë');
    const all = Promise.all([api.getRoom('A'), api.getRoom('B'), api.getRoom('C')]);
    await new Promise((r) => setTimeout(r, 5));
    release();
    expect((await all).map((r) => r.code)).toEqual(['A', 'B', 'C']);
    expect(refreshes).toBe(1);
  });

  it('refreshes ahead of expiry, before sending', async () => {
    let now = 1_000_000;
    const { fetch, calls } = fakeFetch(({ url }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1, 60) };
      if (url.pathname === '/api/v1/auth/refresh') return { status: 200, body: tokenPair(2, 60) };
      return { status: 200, body: { ticket: 't', expires_in: 30 } };
    });
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage(), now: () => now });
    await api.signInGuest('Zoë');
    await api.wsTicket('ROOM');
    expect(calls.at(-1)!.auth).toBe('Bearer access-1');
    now += 45_000; // 15 s left, below the 30 s margin
    await api.wsTicket('ROOM');
    expect(calls.slice(-2).map((c) => c.path)).toEqual(['/api/v1/auth/refresh', '/api/v1/rooms/ROOM/ws-ticket']);
    expect(calls.at(-1)!.auth).toBe('Bearer access-2');
  });

  it('signs out when the refresh token is refused', async () => {
    const { fetch } = fakeFetch(({ url }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      if (url.pathname === '/api/v1/auth/refresh') return { status: 401, body: errorBody('UNAUTHORIZED') };
      return { status: 401, body: errorBody('TOKEN_EXPIRED') };
    });
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage() });
    await api.signInGuest('Zoë');
    await expect(api.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(api.session.isSignedIn).toBe(false);
  });

  it('adopts a pair another tab refreshed instead of spending the used token', async () => {
    const storage = new MemoryStorage();
    let refreshes = 0;
    const { fetch } = fakeFetch(({ url, headers }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      if (url.pathname === '/api/v1/auth/refresh') return { status: 200, body: tokenPair(10 + ++refreshes) };
      if (headers['Authorization'] === 'Bearer access-1') return { status: 401, body: errorBody('TOKEN_EXPIRED') };
      return { status: 200, body: { user: tokenPair(1).user } };
    });
    const tabA = new StreamItApi({ baseUrl: BASE, fetch, storage });
    await tabA.signInGuest('Zoë');
    const tabB = new StreamItApi({ baseUrl: BASE, fetch, storage });
    await tabB.refresh(); // tab B refreshes: storage now holds pair 11
    await tabA.me(); // tab A's token expired: it must adopt B's pair, not refresh with refresh-1
    expect(refreshes).toBe(1);
    expect(tabA.session.accessToken).toBe('access-11');
  });

  it('logout revokes and clears even when the server refuses', async () => {
    const { fetch, calls } = fakeFetch(({ url }) => {
      if (url.pathname === '/api/v1/auth/guest') return { status: 200, body: tokenPair(1) };
      return { status: 401, body: errorBody('UNAUTHORIZED') };
    });
    const api = new StreamItApi({ baseUrl: BASE, fetch, storage: new MemoryStorage() });
    await api.signInGuest('Zoë');
    await api.logout();
    expect(calls[1]).toMatchObject({ method: 'POST', path: '/api/v1/auth/logout', body: { refresh_token: 'refresh-1' } });
    expect(api.session.isSignedIn).toBe(false);
  });
});
