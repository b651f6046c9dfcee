// 005 (SQLite 004): indexes for the retention purge; the same statements in both dialects.

import { migration004RetentionIndexes } from '../../sqlite/migrations/004-retention-indexes';
import type { PgMigration } from '../migrate';

export const pgMigration005RetentionIndexes: PgMigration = {
  version: 5,
  name: 'retention-indexes',
  sql: migration004RetentionIndexes.sql,
};
