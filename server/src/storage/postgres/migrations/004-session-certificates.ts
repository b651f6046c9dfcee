// 004 (SQLite 003): which card certificate (issuer name and serial number) each card session was
// opened with, so a newly loaded CRL can end the open sessions of the cards it revokes.

import { migration003SessionCertificates } from '../../sqlite/migrations/003-session-certificates';
import type { PgMigration } from '../migrate';

export const pgMigration004SessionCertificates: PgMigration = {
  version: 4,
  name: 'session-certificates',
  // The same statements are valid in both dialects, and the two schemas must not drift apart.
  sql: migration003SessionCertificates.sql,
};
