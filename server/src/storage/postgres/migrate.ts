// Versioned migrations for PostgreSQL, with the same rules as sqlite/migrate.ts: numbered 1..n,
// recorded in schema_migrations, a newer database refused, nothing half-applied. Several gateway
// instances may start at once: a transaction-scoped advisory lock lets one migrate while the
// others wait, then find nothing left to do.

import type pg from 'pg';
import { inTransaction } from './context';

export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class PgMigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Arbitrary constant naming "the ESR gateway schema" among advisory locks. */
const MIGRATION_LOCK = 0x45_53_52_4d; // 'ESRM'

export async function applyPgMigrations(pool: pg.Pool, migrations: readonly PgMigration[], now: number): Promise<number> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new PgMigrationError(`migrations must be numbered 1..n without gaps; found ${m.version} at ${i + 1}`);
  });
  const latest = sorted.length;
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const result = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const current = result.rows[0]?.v ?? 0;
    if (current > latest) {
      throw new PgMigrationError(`database schema version ${current} is newer than this gateway knows (${latest})`);
    }
    for (const migration of sorted.slice(current)) {
      // A savepoint per migration: PostgreSQL DDL is transactional, so a failing one leaves
      // nothing half-applied, and the advisory lock is held until all are in.
      await client.query('SAVEPOINT migration');
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now,
      ]);
      await client.query('RELEASE SAVEPOINT migration');
    }
  });
  return latest;
}
