// The audit log in SQLite: rows are only ever inserted (triggers in 001 refuse UPDATE/DELETE).

import { AUDIT_COLUMNS } from '../columns';
import { auditDetails, auditValues } from '../record-values';
import type { AuditEvent, AuditQuery, AuditRecord, AuditRepository } from '../types';
import { SqliteRepository } from './repository';

export class SqliteAuditRepository extends SqliteRepository implements AuditRepository {
  append(event: AuditEvent): Promise<number> {
    return this.ctx.run(() => {
      const result = this.ctx
        .statement(
          `INSERT INTO audit (at, event, outcome, reason, staff_id, device_id, source_address, details)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...auditValues(event));
      return Number(result.lastInsertRowid);
    });
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const rows = await this.all<Omit<AuditRecord, 'details'> & { details: string | null }>(
      `SELECT ${AUDIT_COLUMNS} FROM audit WHERE at >= ? AND at <= ? AND id > ? ORDER BY id LIMIT ?`,
      query.since ?? 0,
      query.until ?? Number.MAX_SAFE_INTEGER,
      query.afterId ?? 0,
      query.limit ?? 10_000,
    );
    return rows.map((row) => ({ ...row, details: auditDetails(row.details) }));
  }
}
