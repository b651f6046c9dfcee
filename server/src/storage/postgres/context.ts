// How PostgreSQL repositories run a statement: on the pool outside a transaction, on the
// transaction's own client inside one. Parameters are always bound ($1...), never spliced.

import pg from 'pg';

export type SqlValue = string | number | boolean | null;

export interface PgContext {
  /** Rows of one statement, typed by the caller's column aliases. */
  rows<R>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** How many rows one INSERT/UPDATE/DELETE touched. */
  count(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `fn` atomically: in the open transaction, else in a short one of its own. */
  atomic<T>(fn: (ctx: PgContext) => Promise<T>): Promise<T>;
}

/** Something that runs a query: the pool or one checked-out client. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * int8 (BIGINT: every Unix-millisecond column, COUNT(*)) as a JS number. Safe: times and counts
 * stay far below 2^53. Per pool, so other users of `pg` in the process keep strings.
 */
export const PG_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 20 && format !== 'binary') return (value: string) => Number(value);
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function queryContext(target: Queryable, atomic: PgContext['atomic']): PgContext {
  return {
    async rows<R>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
      const result = await target.query(sql, params as SqlValue[]);
      return result.rows as R[];
    },
    async count(sql: string, params: readonly SqlValue[] = []): Promise<number> {
      const result = await target.query(sql, params as SqlValue[]);
      return result.rowCount ?? 0;
    },
    atomic,
  };
}

/** Runs `fn` inside BEGIN…COMMIT on a client of its own; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    // READ COMMITTED (PostgreSQL's default) is enough here: every single-use check is one
    // conditional UPDATE, which PostgreSQL re-evaluates against the committed row after
    // waiting for a concurrent writer, and per-account counters lock the staff row first.
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
