// PostgreSQL storage for a region: several stateless gateway instances share one database.
// Same repositories and migrations semantics as the SQLite store; a transaction is one pooled
// connection between BEGIN and COMMIT, and the repositories outside it use the pool.

import pg from 'pg';
import { DelegatingStorage } from '../delegating-storage';
import type { Repositories, SharedCounters, Storage } from '../storage';
import { inTransaction, PG_TYPES, queryContext, type PgContext } from './context';
import {
  PgChallengeRepository,
  PgDeviceNonceRepository,
  PgDeviceRepository,
  PgEnrollmentTokenRepository,
  PgSessionRepository,
  PgStaffRepository,
} from './core-repositories';
import { PgAuditRepository, pgAccountRepositories } from './accounts-repositories';
import { applyPgMigrations, type PgMigration } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations/index';
import { PgSharedCounters } from './shared-counters';

export interface PostgresStorageOptions {
  /** libpq-style URL, e.g. `postgresql://esr@db.trust.nhs.uk/esr` or `postgresql:///esr?host=/var/run/postgresql`. */
  readonly url?: string;
  /** Connections per gateway instance (default 10). */
  readonly poolMax?: number;
  readonly migrations?: readonly PgMigration[];
  readonly now?: () => number;
}

export class PostgresUnavailableError extends Error {
  override readonly name = 'PostgresUnavailableError';
}

function createRepositories(ctx: PgContext): Repositories {
  return {
    staff: new PgStaffRepository(ctx),
    devices: new PgDeviceRepository(ctx),
    enrollmentTokens: new PgEnrollmentTokenRepository(ctx),
    deviceNonces: new PgDeviceNonceRepository(ctx),
    challenges: new PgChallengeRepository(ctx),
    sessions: new PgSessionRepository(ctx),
    audit: new PgAuditRepository(ctx),
    ...pgAccountRepositories(ctx),
  };
}

class PostgresStorage extends DelegatingStorage implements Storage {
  protected readonly outer: Repositories;
  readonly sharedCounters: SharedCounters;
  private closed = false;

  constructor(private readonly pool: pg.Pool) {
    super();
    const outerCtx: PgContext = queryContext(pool, (fn) => inTransaction(pool, (client) => fn(this.clientContext(client))));
    this.outer = createRepositories(outerCtx);
    this.sharedCounters = new PgSharedCounters(pool);
  }

  private clientContext(client: pg.PoolClient): PgContext {
    const ctx: PgContext = queryContext(client, (fn) => fn(ctx));
    return ctx;
  }

  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => fn(createRepositories(this.clientContext(client))));
  }

  async schemaVersion(): Promise<number> {
    const result = await this.pool.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    return result.rows[0]?.v ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Connects, migrates (one instance at a time) and returns the store. */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage & { sharedCounters: SharedCounters }> {
  const pool = new pg.Pool({
    ...(options.url === undefined ? {} : { connectionString: options.url }),
    max: options.poolMax ?? 10,
    types: PG_TYPES,
    connectionTimeoutMillis: 10_000,
    application_name: 'esr-gateway',
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    const where = options.url === undefined ? 'PG* environment' : describe(options.url);
    throw new PostgresUnavailableError(`cannot connect to PostgreSQL (${where}): ${(error as Error).message}`);
  }
  try {
    await applyPgMigrations(pool, options.migrations ?? POSTGRES_MIGRATIONS, (options.now ?? Date.now)());
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStorage(pool);
}

/** The URL without any password, for messages. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
