// 003 for PostgreSQL only: rate-limit counters shared by every gateway instance of a region
// (SQLite serves one process, whose counters live in memory).

import type { PgMigration } from '../migrate';

export const pgMigration003RateLimits: PgMigration = {
  version: 3,
  name: 'rate-limits',
  sql: `
CREATE UNLOGGED TABLE rate_limit_counters (
  key        TEXT PRIMARY KEY,
  hits       INTEGER NOT NULL,
  resets_at  BIGINT NOT NULL
);
CREATE INDEX rate_limit_counters_resets ON rate_limit_counters (resets_at);
`,
};
