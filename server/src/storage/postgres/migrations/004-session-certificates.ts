// 004 (SQLite 003): which card certificate (issuer name and serial number) each card session was
// opened with, so a newly loaded CRL can end the open sessions of the cards it revokes.

import type { PgMigration } from '../migrate';

export const pgMigration004SessionCertificates: PgMigration = {
  version: 4,
  name: 'session-certificates',
  sql: `
ALTER TABLE sessions ADD COLUMN certificate_issuer TEXT;
ALTER TABLE sessions ADD COLUMN certificate_serial TEXT;
CREATE INDEX sessions_open_card ON sessions (absolute_expires_at) WHERE method = 'card' AND revoked_at IS NULL;
`,
};
