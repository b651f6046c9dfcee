// What every SQLite repository does with a statement, once: wait for its turn (outside a
// transaction, for any open one to end), run the cached prepared statement, and hand back the
// rows (already shaped by the column aliases of ../columns.ts) or the number of rows changed.

import type { ColumnValue } from '../record-values';
import type { SqliteContext } from './context';

export abstract class SqliteRepository {
  constructor(protected readonly ctx: SqliteContext) {}

  /** How many rows one INSERT/UPDATE/DELETE changed. */
  protected changes(sql: string, ...params: ColumnValue[]): Promise<number> {
    return this.ctx.run(() => this.ctx.statement(sql).run(...params).changes);
  }

  protected async exec(sql: string, ...params: ColumnValue[]): Promise<void> {
    await this.changes(sql, ...params);
  }

  /** The first row, or null. */
  protected one<R>(sql: string, ...params: ColumnValue[]): Promise<R | null> {
    return this.ctx.run(() => (this.ctx.statement(sql).get(...params) as R | undefined) ?? null);
  }

  protected all<R>(sql: string, ...params: ColumnValue[]): Promise<R[]> {
    return this.ctx.run(() => this.ctx.statement(sql).all(...params) as R[]);
  }
}
