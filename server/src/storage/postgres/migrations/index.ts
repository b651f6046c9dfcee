// Every PostgreSQL migration, in order: 1 and 2 mirror the SQLite ones of the same number, 4 and 5
// are SQLite's 3 and 4 (3 is PostgreSQL's own shared rate-limit table).

import type { PgMigration } from '../migrate';
import { pgMigration001Core } from './001-core';
import { pgMigration002Accounts } from './002-accounts';
import { pgMigration003RateLimits } from './003-rate-limits';
import { pgMigration004SessionCertificates } from './004-session-certificates';
import { pgMigration005RetentionIndexes } from './005-retention-indexes';

export const POSTGRES_MIGRATIONS: readonly PgMigration[] = [
  pgMigration001Core,
  pgMigration002Accounts,
  pgMigration003RateLimits,
  pgMigration004SessionCertificates,
  pgMigration005RetentionIndexes,
];
