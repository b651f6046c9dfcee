// The audit log in SQLite: rows are only ever inserted (triggers in 001 refuse UPDATE/DELETE).

import type { AuditEvent, AuditOutcome, AuditQuery, AuditRecord, AuditRepository } from '../types';
import { auditDetails, auditValues } from '../record-values';
import type { SqliteContext } from './context';

interface AuditRow {
  id: number;
  at: number;
  event: string;
  outcome: AuditOutcome;
  reason: string | null;
  staff_id: string | null;
  device_id: string | null;
  source_address: string | null;
  details: string | null;
}

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly ctx: SqliteContext) {}

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

  list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    return this.ctx.run(() => {
      const rows = this.ctx
        .statement(
          `SELECT * FROM audit WHERE at >= ? AND at <= ? AND id > ? ORDER BY id LIMIT ?`,
        )
        .all(
          query.since ?? 0,
          query.until ?? Number.MAX_SAFE_INTEGER,
          query.afterId ?? 0,
          query.limit ?? 10_000,
        ) as AuditRow[];
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        event: row.event,
        outcome: row.outcome,
        reason: row.reason,
        staffId: row.staff_id,
        deviceId: row.device_id,
        sourceAddress: row.source_address,
        details: auditDetails(row.details),
      }));
    });
  }
}
