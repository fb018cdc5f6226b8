/** Minimal typed event emitter: listeners are isolated so one throwing does not starve the rest. */
export type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

export class Emitter<E extends string> {
  private readonly listeners = new Map<E, Set<Listener>>();

  on(event: E, cb: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
    };
  }

  emit(event: E, ...args: unknown[]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        cb(...args);
      } catch (e) {
        // A listener's bug must not break the connection or the controller loop.
        console.error(`[streamit] listener for "${event}" threw`, e);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
