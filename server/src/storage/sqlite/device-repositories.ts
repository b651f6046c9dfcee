// Device trust in SQLite: enrolled devices, one-time enrollment tokens, seen request nonces.

import { DEVICE_COLUMNS, ENROLLMENT_TOKEN_COLUMNS } from '../columns';
import type {
  DeviceNonceRepository,
  DeviceRecord,
  DeviceRepository,
  EnrollmentTokenRecord,
  EnrollmentTokenRepository,
} from '../types';
import { SqliteRepository } from './repository';

export class SqliteDeviceRepository extends SqliteRepository implements DeviceRepository {
  insert(device: Pick<DeviceRecord, 'id' | 'publicKey' | 'hostname' | 'enrolledAt'>): Promise<void> {
    return this.exec(
      'INSERT INTO devices (id, public_key, hostname, enrolled_at) VALUES (?, ?, ?, ?)',
      device.id,
      device.publicKey,
      device.hostname,
      device.enrolledAt,
    );
  }

  findById(id: string): Promise<DeviceRecord | null> {
    return this.one<DeviceRecord>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ?`, id);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return (await this.changes('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', now, id)) === 1;
  }

  touch(id: string, now: number): Promise<void> {
    return this.exec('UPDATE devices SET last_seen_at = ? WHERE id = ?', now, id);
  }

  list(): Promise<DeviceRecord[]> {
    return this.all<DeviceRecord>(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY enrolled_at, id`);
  }
}

export class SqliteEnrollmentTokenRepository extends SqliteRepository implements EnrollmentTokenRepository {
  insert(token: Pick<EnrollmentTokenRecord, 'id' | 'tokenHash' | 'label' | 'createdAt' | 'expiresAt'>): Promise<void> {
    return this.exec(
      'INSERT INTO enrollment_tokens (id, token_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      token.id,
      token.tokenHash,
      token.label,
      token.createdAt,
      token.expiresAt,
    );
  }

  findByHash(tokenHash: string): Promise<EnrollmentTokenRecord | null> {
    return this.one<EnrollmentTokenRecord>(`SELECT ${ENROLLMENT_TOKEN_COLUMNS} FROM enrollment_tokens WHERE token_hash = ?`, tokenHash);
  }

  async consume(tokenHash: string, deviceId: string, now: number): Promise<boolean> {
    const changed = await this.changes(
      `UPDATE enrollment_tokens SET used_at = ?, used_by_device_id = ?
       WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
      now,
      deviceId,
      tokenHash,
      now,
    );
    return changed === 1;
  }
}

export class SqliteDeviceNonceRepository extends SqliteRepository implements DeviceNonceRepository {
  async remember(deviceId: string, nonce: string, expiresAt: number): Promise<boolean> {
    const inserted = await this.changes(
      'INSERT INTO device_nonces (device_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      deviceId,
      nonce,
      expiresAt,
    );
    return inserted === 1;
  }

  purgeExpired(now: number): Promise<number> {
    return this.changes('DELETE FROM device_nonces WHERE expires_at <= ?', now);
  }
}
