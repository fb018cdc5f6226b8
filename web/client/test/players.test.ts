import { describe, expect, it } from 'vitest';
import { Html5Adapter } from '../src/players/html5.js';
import { HlsAdapter, levelForLabel, type HlsStatic } from '../src/players/hls.js';
import { EmbedAdapter } from '../src/players/embed.js';
import { parsePlayerEvent, embedUrlAt } from '../src/players/vidking.js';
import { adapterKindFor, createPlayerAdapter } from '../src/players/factory.js';
import { normalizeSource, isControllable } from '../src/players/source.js';
import type { PlaybackSource, StateSource } from '../src/protocol/types.js';
import { fakeContainer, FakeTime, type FakeIframe, type FakeVideo } from './fakes.js';

const VK = 'https://www.vidking.net';
const ev = (data: Record<string, unknown>) => JSON.stringify({ type: 'PLAYER_EVENT', data });

const MP4: StateSource = { provider: 'provider.direct', stream_id: 'http://m/a.mp4', kind: 'mp4', url: 'http://m/a.mp4', embed_url: '', duration_s: null, qualities: [], subtitles: [] };
const HLS: PlaybackSource = {
  provider: 'provider.direct', stream_id: 'http://m/master.m3u8', kind: 'hls', url: 'http://m/master.m3u8', embed_url: '', duration_s: 60,
  capabilities: { can_seek: true, can_pause: true, can_rate: true, reports_time: true, seek_by_reload: false },
  qualities: [{ label: '360p', height: 360 }, { label: '720p', height: 720 }],
  subtitles: [{ language: 'en', label: 'English', url: 'http://m/subs/en.vtt' }, { language: 'fr', label: 'Français', url: 'http://m/subs/fr.m3u8' }],
};
const EMBED: StateSource = { provider: 'provider.vidking', stream_id: 'movie:603', kind: 'embed', url: '', embed_url: `${VK}/embed/movie/603?color=e50914`, duration_s: null, qualities: [], subtitles: [] };

describe('parsePlayerEvent (VidKing postMessage)', () => {
  it('accepts the documented shape', () => {
    const e = parsePlayerEvent(VK, ev({ event: 'timeupdate', currentTime: 120.5, duration: 8160, progress: 1.47, id: '1399', mediaType: 'tv', season: 1, episode: 2, timestamp: 1732460000000 }), VK);
    expect(e).toEqual({ event: 'timeupdate', currentTime: 120.5, duration: 8160, progress: 1.47, id: '1399', mediaType: 'tv', season: 1, episode: 2, timestamp: 1732460000000 });
  });
  it.each([
    ['another origin', 'https://evil.example', ev({ event: 'play', currentTime: 1 })],
    ['a look-alike origin', 'https://www.vidking.net.evil.example', ev({ event: 'play', currentTime: 1 })],
    ['another type', VK, JSON.stringify({ type: 'OTHER', data: { event: 'play', currentTime: 1 } })],
    ['an unknown event', VK, ev({ event: 'explode', currentTime: 1 })],
    ['a string time', VK, ev({ event: 'play', currentTime: '1' })],
    ['a negative time', VK, ev({ event: 'play', currentTime: -1 })],
    ['a boolean duration', VK, ev({ event: 'play', currentTime: 1, duration: true })],
    ['invalid JSON', VK, '{"type":'],
    ['an oversized message', VK, ev({ event: 'play', currentTime: 1, id: 'x'.repeat(5000) })],
    ['a number', VK, 42],
    ['null data', VK, JSON.stringify({ type: 'PLAYER_EVENT', data: null })],
  ])('ignores %s', (_what, origin, data) => {
    expect(parsePlayerEvent(origin as string, data, VK)).toBeNull();
  });
  it('tolerates an object message (structured clone)', () => {
    expect(parsePlayerEvent(VK, { type: 'PLAYER_EVENT', data: { event: 'pause', currentTime: 3 } }, VK)?.event).toBe('pause');
  });
  it('builds reload URLs with whole-second progress', () => {
    expect(embedUrlAt(`${VK}/embed/movie/603?color=e50914`, 123.9, true)).toBe(`${VK}/embed/movie/603?color=e50914&progress=123&autoPlay=true`);
    expect(embedUrlAt(`${VK}/embed/movie/603?progress=5`, 7, false)).toBe(`${VK}/embed/movie/603?progress=7&autoPlay=false`);
  });
});

describe('EmbedAdapter', () => {
  it('follows telemetry from its own iframe only and reloads with ?progress', async () => {
    const time = new FakeTime();
    const { container, children, doc } = fakeContainer();
    const a = new EmbedAdapter(container, { time });
    const iframe = children[0] as FakeIframe;
    await a.load(EMBED, { startS: 42.7, autoplay: false });
    expect(iframe.src).toBe(`${VK}/embed/movie/603?color=e50914&progress=42&autoPlay=false`);
    expect(a.controllable).toBe(false);
    expect(a.hasTime()).toBe(false);
    const times: number[] = [];
    a.on('time', (t: number) => times.push(t));
    // Through the window's message event, from the iframe's window.
    doc.defaultView.dispatchEvent(Object.assign(new Event('message'), { origin: VK, data: ev({ event: 'play', currentTime: 50 }), source: iframe.contentWindow }));
    expect(times).toEqual([50]);
    expect(a.isPlaying()).toBe(true);
    await time.advance(2000);
    expect(a.currentTime()).toBeCloseTo(52); // extrapolated while playing
    // Another frame of the same origin, and a foreign origin: ignored.
    expect(a.handleMessage({ origin: VK, data: ev({ event: 'pause', currentTime: 1 }), source: {} as MessageEventSource })).toBeNull();
    expect(a.handleMessage({ origin: 'https://x.example', data: ev({ event: 'pause', currentTime: 1 }), source: null })).toBeNull();
    expect(a.isPlaying()).toBe(true);
    a.handleMessage({ origin: VK, data: ev({ event: 'pause', currentTime: 53 }), source: null });
    expect(a.isPlaying()).toBe(false);
    expect(a.currentTime()).toBe(53);
    a.reloadAt(300.2, true);
    expect(iframe.src).toContain('progress=300&autoPlay=true');
    expect(a.hasTime()).toBe(false);
    a.destroy();
    expect(iframe.removed).toBe(true);
    doc.defaultView.dispatchEvent(Object.assign(new Event('message'), { origin: VK, data: ev({ event: 'play', currentTime: 9 }) }));
    expect(times).toEqual([50, 53]); // nothing after destroy
    expect(a.currentTime()).toBe(300); // the listener is gone, not just muted
  });
});

describe('Html5Adapter', () => {
  it('creates a playsinline <video>, maps element events, seeks and waits for the frame', async () => {
    const { container } = fakeContainer();
    const a = new Html5Adapter(container);
    const v = a.element as unknown as FakeVideo;
    expect(v.attributes['playsinline']).toBe('');
    const loading = a.load({ ...HLS, kind: 'mp4', url: 'http://m/a.mp4' }, { startS: 5, subtitle: 'en' });
    await new Promise((r) => setTimeout(r, 0));
    expect(v.src).toBe('http://m/a.mp4');
    // Only the WebVTT file becomes a <track>, not the HLS rendition playlist.
    expect(v.children.map((t: { src: string }) => t.src)).toEqual(['http://m/subs/en.vtt']);
    v.readyState = 1;
    v.fire('loadedmetadata');
    await new Promise((r) => setTimeout(r, 5));
    v.readyState = 4;
    v.fire('canplay'); // the frame at the start position is decoded
    await loading;
    expect(a.currentTime()).toBe(5);

    const buffering: boolean[] = [];
    a.on('buffering', (b: boolean) => buffering.push(b));
    let ready = 0;
    a.on('ready', () => ready++);
    v.fire('waiting');
    expect(a.isBuffering()).toBe(true);
    v.fire('canplay');
    expect(buffering).toEqual([true, false]);
    expect(ready).toBe(1);

    v.readyState = 1; // after this seek the element must wait for data
    const seek = a.seek(9);
    let done = false;
    void seek.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    v.readyState = 4;
    v.fire('canplay');
    await seek;
    expect(a.currentTime()).toBe(9);

    a.setRate(1.03);
    expect(v.playbackRate).toBe(1.03);
  });

  it('retries muted when autoplay with sound is blocked', async () => {
    const { container } = fakeContainer();
    const a = new Html5Adapter(container);
    const v = a.element as unknown as FakeVideo;
    let calls = 0;
    v.playImpl = async () => {
      if (calls++ === 0) throw Object.assign(new Error('blocked'), { name: 'NotAllowedError' });
    };
    const errors: Error[] = [];
    a.on('error', (e: Error) => errors.push(e));
    await a.play();
    expect(v.muted).toBe(true);
    expect(v.paused).toBe(false);
    expect(errors[0]?.name).toBe('AutoplayMuted');
  });
});

describe('HlsAdapter', () => {
  function fakeHls() {
    const instances: any[] = [];
    class FakeHls {
      static isSupported() { return true; }
      static Events = { MANIFEST_PARSED: 'hlsManifestParsed', ERROR: 'hlsError' };
      static ErrorTypes = { NETWORK_ERROR: 'networkError', MEDIA_ERROR: 'mediaError' };
      handlers: Record<string, ((e: string, d: any) => void)[]> = {};
      levels = [{ height: 360, bitrate: 800_000 }, { height: 720, bitrate: 2_800_000 }];
      currentLevel = -1;
      nextLevel = -1;
      subtitleTracks = [{ lang: 'en', name: 'English' }, { lang: 'fr', name: 'Français' }];
      subtitleTrack = -1;
      subtitleDisplay = false;
      loaded = '';
      media: unknown = null;
      startLoads = 0;
      constructor() { instances.push(this); }
      on(e: string, cb: (e: string, d: any) => void) { (this.handlers[e] ??= []).push(cb); }
      emit(e: string, d: unknown) { for (const cb of this.handlers[e] ?? []) cb(e, d); }
      loadSource(u: string) { this.loaded = u; }
      attachMedia(m: unknown) { this.media = m; }
      destroy() {}
      startLoad() { this.startLoads++; }
      recoverMediaError() {}
    }
    return { Hls: FakeHls as unknown as HlsStatic, instances };
  }

  it('uses hls.js without native HLS and maps quality labels and subtitles', async () => {
    const { container } = fakeContainer();
    const { Hls, instances } = fakeHls();
    const a = new HlsAdapter(container, { loadHls: async () => Hls });
    const v = a.element as unknown as FakeVideo;
    const loading = a.load(HLS, { quality: '720p', subtitle: 'fr' });
    await new Promise((r) => setTimeout(r, 0));
    const hls = instances[0];
    expect(hls.loaded).toBe('http://m/master.m3u8');
    expect(hls.media).toBe(v);
    hls.emit('hlsError', { fatal: true, type: 'networkError' }); // recovered, not surfaced
    expect(hls.startLoads).toBe(1);
    hls.emit('hlsManifestParsed', {});
    v.readyState = 1;
    await loading;
    expect(hls.nextLevel).toBe(1);
    expect(hls.subtitleTrack).toBe(1);
    expect(v.children).toHaveLength(0); // hls.js renders subtitles itself
    a.setQuality('360p');
    expect(hls.nextLevel).toBe(0);
    a.setQuality(null);
    expect(hls.nextLevel).toBe(-1);
  });

  it('plays natively when the element can', async () => {
    const { container } = fakeContainer();
    const { Hls, instances } = fakeHls();
    const a = new HlsAdapter(container, { loadHls: async () => Hls });
    const v = a.element as unknown as FakeVideo;
    v.nativeHls = true;
    v.readyState = 1;
    await a.load(HLS);
    expect(instances).toHaveLength(0);
    expect(v.src).toBe('http://m/master.m3u8');
  });

  it('levelForLabel', () => {
    const levels = [{ height: 360, bitrate: 96_000 }, { height: 720, name: 'hd' }];
    expect(levelForLabel(levels, '720p')).toBe(1);
    expect(levelForLabel(levels, 'hd')).toBe(1);
    expect(levelForLabel(levels, '96 kbps')).toBe(0);
    expect(levelForLabel(levels, '4k')).toBe(-1);
    expect(levelForLabel(levels, 'auto')).toBe(-1);
  });
});

describe('source handling', () => {
  it('derives capabilities and adapter kind from either source shape', () => {
    expect(adapterKindFor(MP4)).toBe('html5');
    expect(adapterKindFor(HLS)).toBe('hls');
    expect(adapterKindFor({ ...MP4, kind: 'mp4', url: 'http://m/x.m3u8?token=1' })).toBe('hls');
    expect(adapterKindFor(EMBED)).toBe('embed');
    expect(isControllable(MP4)).toBe(true);
    expect(isControllable(EMBED)).toBe(false);
    expect(normalizeSource({ ...MP4, qualities: ['720p'], subtitles: ['en'] })).toMatchObject({ qualities: [{ label: '720p' }], subtitles: [{ language: 'en', label: 'en' }] });
    const { container } = fakeContainer();
    expect(createPlayerAdapter(EMBED, container).kind).toBe('embed');
    expect(createPlayerAdapter(HLS, container).kind).toBe('hls');
  });
});
