// Every PostgreSQL migration, in order: 1 and 2 mirror the SQLite ones of the same number, 4 is
// SQLite's 3 (3 is PostgreSQL's own shared rate-limit table).

import type { PgMigration } from '../migrate';
import { pgMigration001Core } from './001-core';
import { pgMigration002Accounts } from './002-accounts';
import { pgMigration003RateLimits } from './003-rate-limits';
import { pgMigration004SessionCertificates } from './004-session-certificates';

export const POSTGRES_MIGRATIONS: readonly PgMigration[] = [
  pgMigration001Core,
  pgMigration002Accounts,
  pgMigration003RateLimits,
  pgMigration004SessionCertificates,
];
