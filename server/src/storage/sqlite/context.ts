// How SQLite repositories run a statement. better-sqlite3 is synchronous and one connection is
// shared, so a transaction (which may await between statements) must not let other requests'
// statements slip into it: outside a transaction, `run` waits for any open transaction to end.

import type { Database, Statement } from 'better-sqlite3';

export interface SqliteContext {
  readonly db: Database;
  run<T>(op: () => T): Promise<T>;
  /** A cached prepared statement. */
  statement(sql: string): Statement;
}

const cache = new WeakMap<Database, Map<string, Statement>>();

export function cachedStatement(db: Database, sql: string): Statement {
  let statements = cache.get(db);
  if (statements === undefined) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
