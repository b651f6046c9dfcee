// 002 for PostgreSQL: the same tables as sqlite/migrations/002-accounts.ts (SQLite's
// `INTEGER PRIMARY KEY` row ids become identity columns; times are BIGINT).

import type { PgMigration } from '../migrate';

export const pgMigration002Accounts: PgMigration = {
  version: 2,
  name: 'accounts',
  sql: `
CREATE TABLE internet_passwords (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id    TEXT NOT NULL REFERENCES staff(id),
  hash        TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX internet_passwords_by_staff ON internet_passwords (staff_id, id DESC);

CREATE TABLE password_login_failures (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id    TEXT NOT NULL REFERENCES staff(id),
  at          BIGINT NOT NULL
);
CREATE INDEX password_login_failures_by_staff ON password_login_failures (staff_id, at);

CREATE TABLE recovery_tokens (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  staff_id    TEXT NOT NULL REFERENCES staff(id),
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  used_at     BIGINT
);
CREATE INDEX recovery_tokens_by_staff ON recovery_tokens (staff_id);

CREATE TABLE outbox (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            TEXT NOT NULL,
  to_address      TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT,
  html_body       TEXT,
  message_id      TEXT NOT NULL UNIQUE,
  created_at      BIGINT NOT NULL,
  discard_after   BIGINT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_until   BIGINT,
  last_error      TEXT,
  sent_at         BIGINT,
  failed_at       BIGINT
);
-- Only unsent mail is ever scanned by the workers.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
`,
};
