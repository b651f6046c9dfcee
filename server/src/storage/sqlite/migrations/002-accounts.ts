// 002: the accounts half of the gateway: internet passwords and their history, password-login
// failures (the lock itself is staff.locked_at), recovery tokens and the mail outbox.
// Times are Unix milliseconds.

import type { Migration } from '../migrate';

export const migration002Accounts: Migration = {
  version: 2,
  name: 'accounts',
  sql: `
CREATE TABLE internet_passwords (
  id          INTEGER PRIMARY KEY,
  staff_id    TEXT NOT NULL REFERENCES staff(id),
  hash        TEXT NOT NULL,          -- argon2id PHC string
  created_at  INTEGER NOT NULL
);
-- The newest row per person is the current password; the rest are history (pruned to 5).
CREATE INDEX internet_passwords_by_staff ON internet_passwords (staff_id, id DESC);

CREATE TABLE password_login_failures (
  id          INTEGER PRIMARY KEY,
  staff_id    TEXT NOT NULL REFERENCES staff(id),
  at          INTEGER NOT NULL
);
CREATE INDEX password_login_failures_by_staff ON password_login_failures (staff_id, at);

CREATE TABLE recovery_tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,   -- base64url SHA-256 of the token; the token itself is never stored
  staff_id    TEXT NOT NULL REFERENCES staff(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX recovery_tokens_by_staff ON recovery_tokens (staff_id);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,      -- template name, e.g. 'password-reset-link'
  to_address      TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT,               -- cleared once sent (a reset link must not linger)
  html_body       TEXT,
  message_id      TEXT NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL,
  discard_after   INTEGER,            -- a reset link mail is pointless once its link has expired
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until   INTEGER,
  last_error      TEXT,
  sent_at         INTEGER,
  failed_at       INTEGER
);
CREATE INDEX outbox_due ON outbox (sent_at, failed_at, next_attempt_at);
`,
};
