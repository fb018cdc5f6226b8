import { EmbedAdapter, type EmbedOptions } from './embed.js';
import { HlsAdapter, type HlsOptions } from './hls.js';
import { Html5Adapter } from './html5.js';
import type { AnySource } from './source.js';
import type { PlayerAdapter } from './types.js';

export type AdapterOptions = HlsOptions & EmbedOptions;

/** Which adapter a source needs: embeds by kind, HLS by kind or a .m3u8 URL, else plain <video>. */
export function adapterKindFor(src: AnySource): 'html5' | 'hls' | 'embed' {
  if (src.kind === 'embed' || (!src.url && src.embed_url)) return 'embed';
  if (src.kind === 'hls' || /\.m3u8?(\?|#|$)/i.test(src.url)) return 'hls';
  return 'html5';
}

/** Creates (does not load) the adapter for `src` inside `container`. */
export function createPlayerAdapter(src: AnySource, container: HTMLElement, opts: AdapterOptions = {}): PlayerAdapter {
  switch (adapterKindFor(src)) {
    case 'embed':
      return new EmbedAdapter(container, opts);
    case 'hls':
      return new HlsAdapter(container, opts);
    default:
      return new Html5Adapter(container, opts);
  }
}
