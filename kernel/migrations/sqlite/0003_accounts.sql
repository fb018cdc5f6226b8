-- Accounts for auth plugins (ADR 0004): the kernel stores rows, the auth-local plugin owns the
-- policy. password_hash is opaque here (a PHC string chosen by the plugin, ADR 0005).
-- username is stored case-folded by the plugin; UNIQUE makes "taken" the database's decision.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  last_login_ms BIGINT NOT NULL DEFAULT 0
);
