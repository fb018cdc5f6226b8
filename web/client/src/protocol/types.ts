/**
 * Wire types of API v1 (docs/api-v1.md, docs/websocket.md), checked against the kernel's
 * encoders (kernel/src/protocol/server_message.cpp, hub/snapshot.cpp, playback/state_writer.cpp,
 * rooms/room_json.cpp). The shapes the contract defines are aliases of `../generated/*`
 * (generated from docs/api by web/contract); the rest are the client's own.
 */

import type { components } from '../generated/openapi.js';
import type * as M from '../generated/messages.js';

type S = components['schemas'];

// ---------- auth ----------
/** Alias of the contract's `User`. */
export type User = S['User'];
/** Alias of the contract's `SessionTokens`. */
export type TokenPair = S['SessionTokens'];

// ---------- rooms ----------
export type RoomLifecycle = S['RoomState'];
/** Alias of the contract's `Room`. */
export type Room = S['Room'];
export type SourceRef = S['SourceRef'];

export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}

// ---------- providers ----------
export type SourceCapabilities = S['ResolvedSource']['capabilities'];
/** Alias of `Quality`, fields optional: players also build these from bare labels. */
export type SourceQuality = Pick<S['Quality'], 'label'> & Partial<S['Quality']>;
/** Alias of `Subtitle`, url optional (labels from the playback state have none). */
export type SourceSubtitle = Pick<S['Subtitle'], 'language' | 'label'> & Partial<S['Subtitle']>;
export type SourceKind = S['ResolvedSource']['kind'];

/** A resolved source, as `POST /providers/{id}/resolve` answers it: alias of `ResolvedSource`. */
export type PlaybackSource = S['ResolvedSource'];

/**
 * The source as the room's playback state carries it (the contract's WebSocket
 * `PlaybackSource`): no capabilities, and qualities / subtitles reduced to labels (subtitles:
 * language, or label without one). Players accept both shapes (see players/source.ts).
 */
export type StateSource = M.PlaybackSource;

// ---------- catalog ----------
/** Alias of the contract's `CatalogItem`. */
export type CatalogItem = S['CatalogItem'];

export interface CatalogSearchResult {
  items: CatalogItem[];
  page: number;
  total_pages: number;
  total_results: number;
  catalogs: S['CatalogReport'][];
}

// ---------- realtime ----------
export type PlaybackStatus = M.PlaybackState['status'];
/** Alias of the contract's `PlaybackState`. */
export type PlaybackState = M.PlaybackState;
/** Alias of the contract's `Participant`. */
export type Participant = M.Participant;
/** Alias of the contract's `ChatMessage`. */
export type ChatMessage = M.ChatMessage;
/** Alias of `RoomSnapshotData`. */
export type RoomSnapshot = M.RoomSnapshotData;
/** `RoomStateEventData` without server_ms. */
export type RoomStateEvent = Omit<M.RoomStateEventData, 'server_ms'>;

export interface TimePong {
  t0: number;
  t1: number;
  t2: number;
}

export interface ChatHistoryPage {
  messages: ChatMessage[];
  next_before: string | null;
}

export interface WireError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Every server → client message: `{type, re?, data}`; `data.server_ms` always present. */
export interface ServerEnvelope {
  type: string;
  re?: string;
  data: Record<string, unknown> & { server_ms: number };
}

/** Client → server types (the contract's ClientMessage union). */
export type ClientMessageType = M.ClientMessage['type'];

// ---------- parse-boundary validation ----------
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Parses one text frame; null for anything that is not a server envelope. */
export function parseServerEnvelope(text: unknown): ServerEnvelope | null {
  if (typeof text !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(parsed) || !isStr(parsed['type'])) return null;
  const data = isObj(parsed['data']) ? parsed['data'] : {};
  const env: ServerEnvelope = { type: parsed['type'], data: { ...data, server_ms: isNum(data['server_ms']) ? data['server_ms'] : NaN } };
  if (isStr(parsed['re'])) env.re = parsed['re'];
  return env;
}

export function isPlaybackState(v: unknown): v is PlaybackState {
  return (
    isObj(v) && isNum(v['epoch']) && isNum(v['version']) &&
    (v['status'] === 'paused' || v['status'] === 'playing') &&
    isNum(v['position_s']) && isNum(v['ref_server_ms']) && isNum(v['rate']) &&
    (v['source'] === null || isObj(v['source']))
  );
}

export function isParticipant(v: unknown): v is Participant {
  return isObj(v) && isStr(v['session_id']) && isStr(v['user_id']) && isStr(v['display_name']);
}

export function isChatMessage(v: unknown): v is ChatMessage {
  return isObj(v) && isStr(v['id']) && isStr(v['text']) && isStr(v['user_id']);
}

export function isTimePong(v: unknown): v is TimePong {
  return isObj(v) && isNum(v['t0']) && isNum(v['t1']) && isNum(v['t2']);
}

export { isObj as isRecord };
