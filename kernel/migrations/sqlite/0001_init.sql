-- schema_migrations is created by the migrator itself (it must exist before 0001 records
-- itself). This migration creates the first durable table: the audit log.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts_ms BIGINT NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  subject TEXT,
  detail TEXT
);
CREATE INDEX audit_log_ts_ms ON audit_log (ts_ms);
