// Card-login challenges and sessions in SQLite. Single use is one conditional UPDATE, so two
// concurrent consumers cannot both win (portable to PostgreSQL as written).

import type {
  ChallengeRecord,
  ChallengeRepository,
  NewSession,
  OpenCardSession,
  SessionMethod,
  SessionRecord,
  SessionRepository,
} from '../types';
import { sessionValues } from '../record-values';
import type { SqliteContext } from './context';

interface ChallengeRow {
  id: string;
  device_id: string;
  nonce: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export class SqliteChallengeRepository implements ChallengeRepository {
  constructor(private readonly ctx: SqliteContext) {}

  insert(challenge: Omit<ChallengeRecord, 'consumedAt'>): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement('INSERT INTO challenges (id, device_id, nonce, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
        .run(challenge.id, challenge.deviceId, challenge.nonce, challenge.createdAt, challenge.expiresAt);
    });
  }

  findById(id: string): Promise<ChallengeRecord | null> {
    return this.ctx.run(() => {
      const row = this.ctx.statement('SELECT * FROM challenges WHERE id = ?').get(id) as ChallengeRow | undefined;
      if (row === undefined) return null;
      return {
        id: row.id,
        deviceId: row.device_id,
        nonce: row.nonce,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        consumedAt: row.consumed_at,
      };
    });
  }

  consume(id: string, now: number): Promise<boolean> {
    return this.ctx.run(
      () =>
        this.ctx.statement('UPDATE challenges SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL').run(now, id)
          .changes === 1,
    );
  }

  purgeExpired(before: number): Promise<number> {
    return this.ctx.run(() => this.ctx.statement('DELETE FROM challenges WHERE expires_at <= ?').run(before).changes);
  }
}

interface SessionRow {
  id: string;
  token_hash: string;
  staff_id: string;
  device_id: string;
  method: SessionMethod;
  certificate_fingerprint: string | null;
  certificate_issuer: string | null;
  certificate_serial: string | null;
  created_at: number;
  last_used_at: number;
  absolute_expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export class SqliteSessionRepository implements SessionRepository {
  constructor(private readonly ctx: SqliteContext) {}

  insert(session: NewSession): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement(
          `INSERT INTO sessions (id, token_hash, staff_id, device_id, method, certificate_fingerprint, created_at,
             last_used_at, absolute_expires_at, certificate_issuer, certificate_serial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...sessionValues(session));
    });
  }

  findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    return this.ctx.run(() => {
      const row = this.ctx.statement('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as SessionRow | undefined;
      if (row === undefined) return null;
      return {
        id: row.id,
        tokenHash: row.token_hash,
        staffId: row.staff_id,
        deviceId: row.device_id,
        method: row.method,
        certificateFingerprint: row.certificate_fingerprint,
        certificateIssuer: row.certificate_issuer,
        certificateSerial: row.certificate_serial,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
        absoluteExpiresAt: row.absolute_expires_at,
        revokedAt: row.revoked_at,
        revokedReason: row.revoked_reason,
      };
    });
  }

  touch(id: string, now: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx.statement('UPDATE sessions SET last_used_at = ? WHERE id = ?').run(now, id);
    });
  }

  revoke(id: string, now: number, reason: string): Promise<boolean> {
    return this.ctx.run(
      () =>
        this.ctx
          .statement('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL')
          .run(now, reason, id).changes === 1,
    );
  }

  revokeAllForStaff(staffId: string, now: number, reason: string, exceptId?: string): Promise<number> {
    return this.ctx.run(
      () =>
        this.ctx
          .statement(
            `UPDATE sessions SET revoked_at = ?, revoked_reason = ?
             WHERE staff_id = ? AND revoked_at IS NULL AND id <> ?`,
          )
          .run(now, reason, staffId, exceptId ?? '').changes,
    );
  }

  purgeEnded(before: number): Promise<number> {
    return this.ctx.run(
      () => this.ctx.statement('DELETE FROM sessions WHERE absolute_expires_at <= ?').run(before).changes,
    );
  }

  listOpenCard(now: number): Promise<OpenCardSession[]> {
    return this.ctx.run(() => {
      const rows = this.ctx
        .statement(
          `SELECT id, staff_id, device_id, certificate_fingerprint, certificate_issuer, certificate_serial FROM sessions
            WHERE method = 'card' AND revoked_at IS NULL AND absolute_expires_at > ? AND certificate_serial IS NOT NULL`,
        )
        .all(now) as (Pick<SessionRow, 'id' | 'staff_id' | 'device_id' | 'certificate_fingerprint'> & {
        certificate_issuer: string;
        certificate_serial: string;
      })[];
      return rows.map((r) => ({
        id: r.id,
        staffId: r.staff_id,
        deviceId: r.device_id,
        certificateFingerprint: r.certificate_fingerprint,
        certificateIssuer: r.certificate_issuer,
        certificateSerial: r.certificate_serial,
      }));
    });
  }
}
