// 004: indexes for the retention purge (maintenance/retention.ts), which deletes by these times
// every `retention.purgeIntervalSeconds`; without them each run scans the whole table.

import type { Migration } from '../migrate';

export const migration004RetentionIndexes: Migration = {
  version: 4,
  name: 'retention-indexes',
  sql: `
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_failed_at ON outbox (failed_at) WHERE failed_at IS NOT NULL;
CREATE INDEX recovery_tokens_expires ON recovery_tokens (expires_at);
CREATE INDEX recovery_tokens_used ON recovery_tokens (used_at) WHERE used_at IS NOT NULL;
CREATE INDEX password_login_failures_at ON password_login_failures (at);
`,
};
