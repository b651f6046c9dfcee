// Card-login challenges and sessions in SQLite. Single use is one conditional UPDATE, so two
// concurrent consumers cannot both win (portable to PostgreSQL as written).

import { CHALLENGE_COLUMNS, OPEN_CARD_SESSION_COLUMNS, SESSION_COLUMNS } from '../columns';
import { sessionValues } from '../record-values';
import type { ChallengeRecord, ChallengeRepository, NewSession, OpenCardSession, SessionRecord, SessionRepository } from '../types';
import { SqliteRepository } from './repository';

export class SqliteChallengeRepository extends SqliteRepository implements ChallengeRepository {
  insert(challenge: Omit<ChallengeRecord, 'consumedAt'>): Promise<void> {
    return this.exec(
      'INSERT INTO challenges (id, device_id, nonce, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      challenge.id,
      challenge.deviceId,
      challenge.nonce,
      challenge.createdAt,
      challenge.expiresAt,
    );
  }

  findById(id: string): Promise<ChallengeRecord | null> {
    return this.one<ChallengeRecord>(`SELECT ${CHALLENGE_COLUMNS} FROM challenges WHERE id = ?`, id);
  }

  async consume(id: string, now: number): Promise<boolean> {
    return (await this.changes('UPDATE challenges SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL', now, id)) === 1;
  }

  purgeExpired(before: number): Promise<number> {
    return this.changes('DELETE FROM challenges WHERE expires_at <= ?', before);
  }
}

export class SqliteSessionRepository extends SqliteRepository implements SessionRepository {
  insert(session: NewSession): Promise<void> {
    return this.exec(
      `INSERT INTO sessions (id, token_hash, staff_id, device_id, method, certificate_fingerprint, created_at,
         last_used_at, absolute_expires_at, certificate_issuer, certificate_serial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...sessionValues(session),
    );
  }

  findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    return this.one<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`, tokenHash);
  }

  touch(id: string, now: number): Promise<void> {
    return this.exec('UPDATE sessions SET last_used_at = ? WHERE id = ?', now, id);
  }

  async revoke(id: string, now: number, reason: string): Promise<boolean> {
    const changed = await this.changes(
      'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
      now,
      reason,
      id,
    );
    return changed === 1;
  }

  revokeAllForStaff(staffId: string, now: number, reason: string, exceptId?: string): Promise<number> {
    return this.changes(
      `UPDATE sessions SET revoked_at = ?, revoked_reason = ?
       WHERE staff_id = ? AND revoked_at IS NULL AND id <> ?`,
      now,
      reason,
      staffId,
      exceptId ?? '',
    );
  }

  revokeAllForDevice(deviceId: string, now: number, reason: string): Promise<number> {
    return this.changes(
      'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE device_id = ? AND revoked_at IS NULL AND absolute_expires_at > ?',
      now,
      reason,
      deviceId,
      now,
    );
  }

  purgeEnded(before: number): Promise<number> {
    return this.changes('DELETE FROM sessions WHERE absolute_expires_at <= ?', before);
  }

  listOpenCard(now: number): Promise<OpenCardSession[]> {
    return this.all<OpenCardSession>(
      `SELECT ${OPEN_CARD_SESSION_COLUMNS} FROM sessions
        WHERE method = 'card' AND revoked_at IS NULL AND absolute_expires_at > ? AND certificate_serial IS NOT NULL`,
      now,
    );
  }
}
