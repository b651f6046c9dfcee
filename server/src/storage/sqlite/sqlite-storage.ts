// The embedded default store: one SQLite file in WAL mode (better-sqlite3), migrated at open.

import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DelegatingStorage } from '../delegating-storage';
import type { Repositories, Storage } from '../storage';
import { BACKSTOP_PAGES, BackgroundCheckpointer } from './checkpointer';
import { cachedStatement, type SqliteContext } from './context';
import { applyMigrations, type Migration } from './migrate';
import { SQLITE_MIGRATIONS } from './migrations/index';
import { SqliteAuditRepository } from './audit-repository';
import {
  SqliteDeviceNonceRepository,
  SqliteDeviceRepository,
  SqliteEnrollmentTokenRepository,
} from './device-repositories';
import { SqliteChallengeRepository, SqliteSessionRepository } from './login-repositories';
import { SqliteStaffRepository } from './staff-repository';
import { sqliteAccountRepositories } from './accounts-repositories';

export interface SqliteStorageOptions {
  /** Path of the database file, or `:memory:`. */
  readonly file: string;
  readonly migrations?: readonly Migration[];
  readonly now?: () => number;
  /**
   * WAL checkpoints in a worker thread (see checkpointer.ts) rather than inside a COMMIT on the
   * event loop. On by default for a database file; `false` keeps SQLite's own.
   */
  readonly backgroundCheckpoints?: boolean;
  /** Where a failing checkpoint worker is reported (default: a process warning). */
  readonly onCheckpointError?: (error: Error) => void;
}

/** Extension point: construct new repositories here as well. */
function createRepositories(ctx: SqliteContext): Repositories {
  return {
    staff: new SqliteStaffRepository(ctx),
    devices: new SqliteDeviceRepository(ctx),
    enrollmentTokens: new SqliteEnrollmentTokenRepository(ctx),
    deviceNonces: new SqliteDeviceNonceRepository(ctx),
    challenges: new SqliteChallengeRepository(ctx),
    sessions: new SqliteSessionRepository(ctx),
    audit: new SqliteAuditRepository(ctx),
    ...sqliteAccountRepositories(ctx),
  };
}

class SqliteStorage extends DelegatingStorage implements Storage {
  /** Resolves when the open transaction (if any) has ended. */
  private gate: Promise<void> = Promise.resolve();
  protected readonly outer: Repositories;
  private readonly inner: Repositories;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly checkpointer: BackgroundCheckpointer | null,
  ) {
    super();
    const statement = (sql: string) => cachedStatement(db, sql);
    this.outer = createRepositories({
      db,
      statement,
      run: async <T>(op: () => T): Promise<T> => {
        await this.gate;
        return op();
      },
    });
    this.inner = createRepositories({
      db,
      statement,
      run: <T>(op: () => T): Promise<T> => new Promise<T>((resolve) => { resolve(op()); }),
    });
  }

  async transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    const previous = this.gate;
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      // Prepared once and reused, as every other statement is (db.exec parses the SQL each time).
      cachedStatement(this.db, 'BEGIN IMMEDIATE').run();
      try {
        const result = await fn(this.inner);
        cachedStatement(this.db, 'COMMIT').run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) cachedStatement(this.db, 'ROLLBACK').run();
        throw error;
      }
    } finally {
      release();
    }
  }

  schemaVersion(): Promise<number> {
    return this.outer.staff.count().then(() => {
      const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
      return row.v ?? 0;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.gate;
    await this.checkpointer?.stop();
    this.db.close();
  }
}

export function openSqliteStorage(options: SqliteStorageOptions): Storage {
  const db = new Database(options.file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, options.migrations ?? SQLITE_MIGRATIONS, (options.now ?? Date.now)());
  } catch (error) {
    db.close();
    throw error;
  }
  let checkpointer: BackgroundCheckpointer | null = null;
  if (options.backgroundCheckpoints !== false && !db.memory) {
    checkpointer = new BackgroundCheckpointer({
      file: resolve(db.name),
      onError: (error) => {
        // The main connection takes its checkpoints back at SQLite's usual threshold.
        if (db.open) db.pragma('wal_autocheckpoint = 1000');
        (options.onCheckpointError ?? ((e: Error) => process.emitWarning(e)))(error);
      },
    });
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }
  return new SqliteStorage(db, checkpointer);
}
