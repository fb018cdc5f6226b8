-- Durable room records. The realtime store holds the live state; this row is the lifecycle's
-- source of truth (CAS on lifecycle_version) and what the sweeper scans (deadline_ms).
CREATE TABLE rooms (
  code TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  host_subject TEXT NOT NULL,
  host_display_name TEXT NOT NULL,
  is_public INTEGER NOT NULL,
  state TEXT NOT NULL,
  lifecycle_version BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  grace_deadline_ms BIGINT NULL,
  expired_ms BIGINT NULL,
  deadline_ms BIGINT NULL,
  viewer_count BIGINT NOT NULL DEFAULT 0,
  source_json TEXT NULL,
  playback_json TEXT NULL,
  playback_epoch BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX rooms_deadline_ms ON rooms (deadline_ms);
CREATE INDEX rooms_public_viewers ON rooms (state, is_public, viewer_count);
CREATE INDEX rooms_public_created ON rooms (state, is_public, created_ms);
CREATE INDEX rooms_public_title ON rooms (state, is_public, title);
