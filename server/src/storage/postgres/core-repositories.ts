// Staff, device trust, challenges and sessions in PostgreSQL. Column aliases give the records
// their shape directly. Single use is one conditional UPDATE (true only for the one caller whose
// UPDATE matched), which PostgreSQL serialises on the row across every gateway instance.

import type {
  ChallengeRecord,
  ChallengeRepository,
  DeviceNonceRepository,
  DeviceRecord,
  DeviceRepository,
  EnrollmentTokenRecord,
  EnrollmentTokenRepository,
  NewSession,
  NewStaff,
  OpenCardSession,
  SessionRecord,
  SessionRepository,
  StaffRecord,
  StaffRepository,
  StaffStatus,
} from '../types';
import {
  CHALLENGE_COLUMNS,
  DEVICE_COLUMNS,
  ENROLLMENT_TOKEN_COLUMNS,
  OPEN_CARD_SESSION_COLUMNS,
  SESSION_COLUMNS,
  STAFF_COLUMNS,
} from '../columns';
import { sessionValues, staffValues } from '../record-values';
import type { PgContext } from './context';

export class PgStaffRepository implements StaffRepository {
  constructor(private readonly ctx: PgContext) {}

  async insert(staff: NewStaff, now: number): Promise<void> {
    await this.ctx.count(
      `INSERT INTO staff (id, display_name, username, email, date_of_birth, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [...staffValues(staff), now],
    );
  }

  async upsert(staff: NewStaff, now: number): Promise<void> {
    await this.ctx.count(
      `INSERT INTO staff (id, display_name, username, email, date_of_birth, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, username = excluded.username,
         email = excluded.email, date_of_birth = excluded.date_of_birth, status = excluded.status,
         updated_at = excluded.updated_at`,
      [...staffValues(staff), now],
    );
  }

  private async one(where: string, value: string): Promise<StaffRecord | null> {
    const rows = await this.ctx.rows<StaffRecord>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE ${where} = $1`, [value]);
    return rows[0] ?? null;
  }

  findById(id: string): Promise<StaffRecord | null> {
    return this.one('id', id);
  }

  findByUsername(username: string): Promise<StaffRecord | null> {
    return this.one('username', username);
  }

  findByEmail(email: string): Promise<StaffRecord | null> {
    return this.one('email', email.toLowerCase());
  }

  async setStatus(id: string, status: StaffStatus, now: number): Promise<void> {
    await this.ctx.count('UPDATE staff SET status = $1, updated_at = $2 WHERE id = $3', [status, now, id]);
  }

  async setLoginState(id: string, state: { failedLoginCount: number; lockedAt: number | null }, now: number): Promise<void> {
    await this.ctx.count('UPDATE staff SET failed_login_count = $1, locked_at = $2, updated_at = $3 WHERE id = $4', [
      state.failedLoginCount,
      state.lockedAt,
      now,
      id,
    ]);
  }

  async count(): Promise<number> {
    const rows = await this.ctx.rows<{ n: number }>('SELECT COUNT(*) AS n FROM staff');
    return rows[0]?.n ?? 0;
  }
}

export class PgDeviceRepository implements DeviceRepository {
  constructor(private readonly ctx: PgContext) {}

  async insert(device: Pick<DeviceRecord, 'id' | 'publicKey' | 'hostname' | 'enrolledAt'>): Promise<void> {
    await this.ctx.count('INSERT INTO devices (id, public_key, hostname, enrolled_at) VALUES ($1, $2, $3, $4)', [
      device.id,
      device.publicKey,
      device.hostname,
      device.enrolledAt,
    ]);
  }

  async findById(id: string): Promise<DeviceRecord | null> {
    const rows = await this.ctx.rows<DeviceRecord>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return (await this.ctx.count('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now, id])) === 1;
  }

  async touch(id: string, now: number): Promise<void> {
    await this.ctx.count('UPDATE devices SET last_seen_at = $1 WHERE id = $2', [now, id]);
  }

  list(): Promise<DeviceRecord[]> {
    return this.ctx.rows<DeviceRecord>(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY enrolled_at, id`);
  }
}

export class PgEnrollmentTokenRepository implements EnrollmentTokenRepository {
  constructor(private readonly ctx: PgContext) {}

  async insert(token: Pick<EnrollmentTokenRecord, 'id' | 'tokenHash' | 'label' | 'createdAt' | 'expiresAt'>): Promise<void> {
    await this.ctx.count(
      'INSERT INTO enrollment_tokens (id, token_hash, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [token.id, token.tokenHash, token.label, token.createdAt, token.expiresAt],
    );
  }

  async findByHash(tokenHash: string): Promise<EnrollmentTokenRecord | null> {
    const rows = await this.ctx.rows<EnrollmentTokenRecord>(
      `SELECT ${ENROLLMENT_TOKEN_COLUMNS} FROM enrollment_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  async consume(tokenHash: string, deviceId: string, now: number): Promise<boolean> {
    const changed = await this.ctx.count(
      `UPDATE enrollment_tokens SET used_at = $1, used_by_device_id = $2
        WHERE token_hash = $3 AND used_at IS NULL AND expires_at > $1`,
      [now, deviceId, tokenHash],
    );
    return changed === 1;
  }
}

export class PgDeviceNonceRepository implements DeviceNonceRepository {
  constructor(private readonly ctx: PgContext) {}

  async remember(deviceId: string, nonce: string, expiresAt: number): Promise<boolean> {
    const inserted = await this.ctx.count(
      'INSERT INTO device_nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [deviceId, nonce, expiresAt],
    );
    return inserted === 1;
  }

  purgeExpired(now: number): Promise<number> {
    return this.ctx.count('DELETE FROM device_nonces WHERE expires_at <= $1', [now]);
  }
}

export class PgChallengeRepository implements ChallengeRepository {
  constructor(private readonly ctx: PgContext) {}

  async insert(challenge: Omit<ChallengeRecord, 'consumedAt'>): Promise<void> {
    await this.ctx.count('INSERT INTO challenges (id, device_id, nonce, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      challenge.id,
      challenge.deviceId,
      challenge.nonce,
      challenge.createdAt,
      challenge.expiresAt,
    ]);
  }

  async findById(id: string): Promise<ChallengeRecord | null> {
    const rows = await this.ctx.rows<ChallengeRecord>(
      `SELECT ${CHALLENGE_COLUMNS} FROM challenges WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async consume(id: string, now: number): Promise<boolean> {
    // A second instance's UPDATE of the same row waits for this one, then re-reads the
    // committed row, finds consumed_at set and matches nothing.
    return (await this.ctx.count('UPDATE challenges SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL', [now, id])) === 1;
  }

  purgeExpired(before: number): Promise<number> {
    return this.ctx.count('DELETE FROM challenges WHERE expires_at <= $1', [before]);
  }
}

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly ctx: PgContext) {}

  async insert(session: NewSession): Promise<void> {
    await this.ctx.count(
      `INSERT INTO sessions (id, token_hash, staff_id, device_id, method, certificate_fingerprint, created_at,
         last_used_at, absolute_expires_at, certificate_issuer, certificate_serial)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      sessionValues(session),
    );
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const rows = await this.ctx.rows<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  async touch(id: string, now: number): Promise<void> {
    // GREATEST: two instances touching out of order never move the idle clock backwards.
    await this.ctx.count('UPDATE sessions SET last_used_at = GREATEST(last_used_at, $1) WHERE id = $2', [now, id]);
  }

  async revoke(id: string, now: number, reason: string): Promise<boolean> {
    const changed = await this.ctx.count(
      'UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL',
      [now, reason, id],
    );
    return changed === 1;
  }

  revokeAllForStaff(staffId: string, now: number, reason: string, exceptId?: string): Promise<number> {
    return this.ctx.count(
      `UPDATE sessions SET revoked_at = $1, revoked_reason = $2
        WHERE staff_id = $3 AND revoked_at IS NULL AND id <> $4`,
      [now, reason, staffId, exceptId ?? ''],
    );
  }

  revokeAllForDevice(deviceId: string, now: number, reason: string): Promise<number> {
    return this.ctx.count(
      'UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE device_id = $3 AND revoked_at IS NULL AND absolute_expires_at > $1',
      [now, reason, deviceId],
    );
  }

  purgeEnded(before: number): Promise<number> {
    return this.ctx.count('DELETE FROM sessions WHERE absolute_expires_at <= $1', [before]);
  }

  listOpenCard(now: number): Promise<OpenCardSession[]> {
    return this.ctx.rows<OpenCardSession>(
      `SELECT ${OPEN_CARD_SESSION_COLUMNS} FROM sessions
        WHERE method = 'card' AND revoked_at IS NULL AND absolute_expires_at > $1 AND certificate_serial IS NOT NULL`,
      [now],
    );
  }
}
