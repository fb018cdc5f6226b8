// A tiny router on the History API: the app has four screens, so a table of patterns and a hook
// are all it needs. The kernel answers every unknown path with index.html (SPA fallback), so
// deep links such as /r/{code} work on reload.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'room'; code: string }
  | { name: 'search'; q: string }
  | { name: 'notFound'; path: string };

const NAV_EVENT = 'streamit:navigate';

/** Room codes use 23456789ABCDEFGHJKMNPQRSTUVWXYZ; the kernel also accepts lower case. */
const ROOM_CODE = /^[23456789abcdefghjkmnpqrstuvwxyz]{10}$/i;

export function isRoomCode(s: string): boolean {
  return ROOM_CODE.test(s);
}

export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/search') return { name: 'search', q: new URLSearchParams(search).get('q') ?? '' };
  const room = /^\/r\/([^/]+)$/.exec(path);
  if (room) return { name: 'room', code: decodeURIComponent(room[1]!).toUpperCase() };
  return { name: 'notFound', path };
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAV_EVENT));
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    window.addEventListener('popstate', update);
    window.addEventListener(NAV_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAV_EVENT, update);
    };
  }, []);
  return route;
}

export function roomPath(code: string): string {
  return `/r/${encodeURIComponent(code.toUpperCase())}`;
}

export function roomShareUrl(code: string): string {
  return new URL(roomPath(code), location.origin).toString();
}

/**
 * Accepts what people paste: a bare code, "/r/CODE", or a full share link (any host, so links
 * copied from another address of the same server still work). Returns the normalised code.
 */
export function extractRoomCode(input: string): string | null {
  const text = input.trim();
  if (isRoomCode(text)) return text.toUpperCase();
  const match = /(?:^|\/)r\/([23456789a-z]{10})(?:[/?#]|$)/i.exec(text);
  return match ? match[1]!.toUpperCase() : null;
}

/** Link that navigates in-app for plain clicks and lets the browser handle modified clicks. */
export function onLinkClick(e: MouseEvent, href: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(href);
}
