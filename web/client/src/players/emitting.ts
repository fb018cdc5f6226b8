import { Emitter, type Listener } from '../util/emitter.js';
import type { PlayerEvent } from './types.js';

/** Shared event plumbing for adapters. */
export abstract class EmittingAdapter {
  protected readonly events = new Emitter<PlayerEvent>();
  on(ev: PlayerEvent, cb: Listener): () => void {
    return this.events.on(ev, cb);
  }
}
