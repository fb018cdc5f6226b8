import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { User } from '@streamit/client';
import { api } from './api';

/** The signed-in user (or null); re-renders on sign-in, sign-out and refresh failures. */
export function useUser(): User | null {
  const [user, setUser] = useState<User | null>(() => api.session.user ?? null);
  useEffect(() => {
    setUser(api.session.user ?? null);
    return api.session.onChange(() => setUser(api.session.user ?? null));
  }, []);
  return user;
}

/** Re-renders every `ms` while `active`; returns Date.now() of the last tick. */
export function useNow(ms: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms, active]);
  return now;
}

/** A stable forceUpdate for views that read a mutable object (the room connection). */
export function useForceUpdate(): () => void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  return bump as () => void;
}

/** Runs `fn` every `ms` (latest closure, no restart on re-render); paused when the tab is hidden. */
export function useInterval(fn: () => void, ms: number | null): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (ms == null) return;
    const id = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') saved.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms]);
}

/** Counts down to `untilMs` (e.g. a rate-limit wait) and reports the remaining ms, 0 when done. */
export function useCountdown(untilMs: number | null): number {
  // The tick only schedules re-renders; the remaining time is read from the clock at render,
  // so a render for another reason can never show a stale value and stop the countdown.
  const left = untilMs == null ? 0 : Math.max(0, untilMs - Date.now());
  useNow(250, left > 0);
  return left;
}
