// Every PostgreSQL migration, in order: 1 and 2 mirror the SQLite ones of the same number.

import type { PgMigration } from '../migrate';
import { pgMigration001Core } from './001-core';
import { pgMigration002Accounts } from './002-accounts';
import { pgMigration003RateLimits } from './003-rate-limits';

export const POSTGRES_MIGRATIONS: readonly PgMigration[] = [pgMigration001Core, pgMigration002Accounts, pgMigration003RateLimits];
