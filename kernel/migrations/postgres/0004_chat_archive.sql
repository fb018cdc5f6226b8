-- Optional chat archive (docs/chat.md, `chat.archive`): one row per accepted message, written
-- through the WriteQueue and purged after `chat.archive_retention_s` by ChatService::purgeArchive.
CREATE TABLE chat_archive (
  room TEXT NOT NULL,
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  text TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  PRIMARY KEY (room, id)
);
CREATE INDEX chat_archive_ts ON chat_archive (ts_ms);
