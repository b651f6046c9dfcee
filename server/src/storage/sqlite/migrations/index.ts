// Every SQLite migration, in order. Extension point: add `002-<name>.ts` (and so on) here.

import type { Migration } from '../migrate';
import { migration001Core } from './001-core';
import { migration002Accounts } from './002-accounts';
import { migration003SessionCertificates } from './003-session-certificates';
import { migration004RetentionIndexes } from './004-retention-indexes';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  migration001Core,
  migration002Accounts,
  migration003SessionCertificates,
  migration004RetentionIndexes,
];
