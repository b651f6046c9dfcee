// 001 for PostgreSQL: the same tables as sqlite/migrations/001-core.ts. Translated where SQLite
// differs: Unix-millisecond times are BIGINT, the audit id is an identity column, and the
// append-only rule is a PL/pgSQL trigger that also refuses TRUNCATE.

import type { PgMigration } from '../migrate';

export const pgMigration001Core: PgMigration = {
  version: 1,
  name: 'core',
  sql: `
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  username TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  date_of_birth TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
  failed_login_count INTEGER NOT NULL DEFAULT 0,
  locked_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  hostname TEXT NOT NULL,
  enrolled_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_seen_at BIGINT
);

CREATE TABLE enrollment_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  used_by_device_id TEXT REFERENCES devices(id)
);

CREATE TABLE device_nonces (
  device_id TEXT NOT NULL REFERENCES devices(id),
  nonce TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, nonce)
);
CREATE INDEX device_nonces_expires ON device_nonces (expires_at);

CREATE TABLE challenges (
  id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices(id),
  nonce TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  consumed_at BIGINT
);
CREATE INDEX challenges_expires ON challenges (expires_at);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  staff_id TEXT NOT NULL REFERENCES staff(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  method TEXT NOT NULL CHECK (method IN ('card', 'password')),
  certificate_fingerprint TEXT,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  absolute_expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  revoked_reason TEXT
);
CREATE INDEX sessions_staff ON sessions (staff_id);
CREATE INDEX sessions_absolute_expires ON sessions (absolute_expires_at);

CREATE TABLE audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  event TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  reason TEXT,
  staff_id TEXT,
  device_id TEXT,
  source_address TEXT,
  details TEXT
);
CREATE INDEX audit_at ON audit (at);

-- Append-only: PostgreSQL refuses to change, remove or truncate an audit row.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
`,
};
