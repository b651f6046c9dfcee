// Versioned schema migrations: numbered files, applied in order, each in its own transaction,
// recorded in schema_migrations. A database newer than this code is refused, not "fixed".

import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3...: the number in the file name. */
  readonly version: number;
  readonly name: string;
  /** Portable SQL where possible; SQLite-only parts (triggers) are kept small. */
  readonly sql: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export function applyMigrations(db: Database, migrations: readonly Migration[], now: number): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new MigrationError(`migrations must be numbered 1..n without gaps; found ${m.version} at ${i + 1}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  const latest = sorted.length;
  if (current > latest) {
    throw new MigrationError(`database schema version ${current} is newer than this gateway knows (${latest})`);
  }
  for (const migration of sorted.slice(current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now,
      );
    }).immediate();
  }
  return latest;
}
