// @streamit/client — public API. Everything an app needs is exported from here.
export { ApiError, isApiError, STATUS_BY_CODE } from './errors.js';
export * from './protocol/types.js';
export { StreamItApi, errorFromResponse, type StreamItApiOptions } from './rest/api.js';
export { Session, MemoryStorage, defaultStorage, SESSION_KEY, type SessionStorage } from './rest/session.js';
export {
  RoomConnection, TERMINAL_CLOSE_CODES,
  type ConnectionStatus, type CloseInfo, type RoomConnectionOptions, type RoomEvent,
} from './room/connection.js';
export { isNewerPlayback, appendChat, prependChat, backoffDelay } from './room/ordering.js';
export { ClockSync, computeSample, pickBest, type ClockSample, type ClockSyncOptions } from './sync/clock.js';
export { expectedPosition, correctionRate } from './sync/position.js';
export {
  PlaybackController, DEFAULT_SYNC_OPTIONS,
  type SyncOptions, type ControllerAction, type PlaybackControllerOptions,
} from './sync/controller.js';
export type { PlayerAdapter, PlayerEvent, LoadOptions } from './players/types.js';
export { normalizeSource, isControllable, sameMedia, type AnySource, type NormalizedSource } from './players/source.js';
export { Html5Adapter, type Html5Options } from './players/html5.js';
export { HlsAdapter, levelForLabel, type HlsOptions, type HlsLike, type HlsStatic } from './players/hls.js';
export { EmbedAdapter, type EmbedOptions } from './players/embed.js';
export { parsePlayerEvent, embedUrlAt, type VidkingPlayerEvent, type VidkingEventName } from './players/vidking.js';
export { createPlayerAdapter, adapterKindFor, type AdapterOptions } from './players/factory.js';
export { systemTime, type TimeSource } from './util/time.js';
