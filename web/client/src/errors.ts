/**
 * One error type for everything the library rejects with, so an app can branch on `code`
 * (the kernel's error registry, docs/errors.md) without caring whether the failure came from
 * HTTP, the room socket, or the network itself.
 */
export class ApiError extends Error {
  /** Registry code (`ROOM_NOT_FOUND`, `RATE_LIMITED`...) or `NETWORK` / `TIMEOUT` / `BAD_RESPONSE`. */
  readonly code: string;
  /** HTTP status; 0 when no HTTP answer was involved (network, socket replies use the registry status when known). */
  readonly status: number;
  readonly details: Record<string, unknown>;
  /** From `details.retry_after_ms` or the `Retry-After` header. */
  readonly retryAfterMs?: number;
  /** `X-Request-Id` of the failed HTTP request, for reports. */
  readonly requestId?: string;

  constructor(
    code: string,
    message: string,
    opts: { status?: number; details?: Record<string, unknown>; retryAfterMs?: number; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = opts.status ?? 0;
    this.details = opts.details ?? {};
    const fromDetails = this.details['retry_after_ms'];
    const retry = opts.retryAfterMs ?? (typeof fromDetails === 'number' && Number.isFinite(fromDetails) ? fromDetails : undefined);
    if (retry !== undefined) this.retryAfterMs = retry;
    if (opts.requestId !== undefined) this.requestId = opts.requestId;
  }
}

/** HTTP statuses of registry codes, for errors that arrive over the socket without one. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INTERNAL_ERROR: 500, NOT_FOUND: 404, METHOD_NOT_ALLOWED: 405, PAYLOAD_TOO_LARGE: 413,
  INVALID_JSON: 400, VALIDATION_FAILED: 400, UNAUTHORIZED: 401, TOKEN_EXPIRED: 401,
  FORBIDDEN: 403, DB_UNAVAILABLE: 503, STATE_UNAVAILABLE: 503, RATE_LIMITED: 429,
  PROVIDER_NOT_FOUND: 404, SOURCE_NOT_FOUND: 404, PROVIDER_UNAVAILABLE: 502,
  CATALOG_NOT_FOUND: 404, ITEM_NOT_FOUND: 404, CATALOG_UNAVAILABLE: 502, ROOM_NOT_FOUND: 404,
  NOT_HOST: 403, CONFLICT: 409, INVALID_MESSAGE: 400, ROOM_CLOSED: 410, CHAT_DISABLED: 403,
  MUTED: 403, MESSAGE_REJECTED: 422,
};

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
