// Fixed-window counters in one PostgreSQL table, shared by every gateway instance: the rate
// limits (per address, device, account) then hold across a region, not per process. One upsert
// per hit; the table is UNLOGGED (a crash forgets counters, which only resets some windows).

import type pg from 'pg';
import type { SharedCounters } from '../storage';

/** Delete finished windows about once per this many hits (cheap, indexed). */
const PURGE_EVERY = 1000;

export class PgSharedCounters implements SharedCounters {
  private hits = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: string, windowMs: number): Promise<{ current: number; ttlMs: number }> {
    const now = this.now();
    const result = await this.pool.query<{ hits: number; ttl: number }>(
      `INSERT INTO rate_limit_counters AS c (key, hits, resets_at) VALUES ($1, 1, $2::bigint + $3::bigint)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.resets_at <= $2 THEN 1 ELSE c.hits + 1 END,
         resets_at = CASE WHEN c.resets_at <= $2 THEN $2::bigint + $3::bigint ELSE c.resets_at END
       RETURNING hits, resets_at - $2 AS ttl`,
      [key, now, windowMs],
    );
    if (++this.hits % PURGE_EVERY === 0) {
      void this.pool.query('DELETE FROM rate_limit_counters WHERE resets_at <= $1', [now]).catch(() => undefined);
    }
    const row = result.rows[0];
    if (row === undefined) throw new Error('rate-limit counter upsert returned no row');
    return { current: row.hits, ttlMs: row.ttl };
  }
}
