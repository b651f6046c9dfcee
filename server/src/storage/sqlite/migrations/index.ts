// Every SQLite migration, in order. Extension point: add `002-<name>.ts` (and so on) here.

import type { Migration } from '../migrate';
import { migration001Core } from './001-core';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  migration001Core,
  // gateway-accounts: migration002Accounts (passwords, password history, recovery tokens, outbox)
];
