// Device trust in SQLite: enrolled devices, one-time enrollment tokens, seen request nonces.

import type {
  DeviceNonceRepository,
  DeviceRecord,
  DeviceRepository,
  EnrollmentTokenRecord,
  EnrollmentTokenRepository,
} from '../types';
import type { SqliteContext } from './context';

interface DeviceRow {
  id: string;
  public_key: string;
  hostname: string;
  enrolled_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
}

function toDevice(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    publicKey: row.public_key,
    hostname: row.hostname,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
  };
}

export class SqliteDeviceRepository implements DeviceRepository {
  constructor(private readonly ctx: SqliteContext) {}

  insert(device: Pick<DeviceRecord, 'id' | 'publicKey' | 'hostname' | 'enrolledAt'>): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement('INSERT INTO devices (id, public_key, hostname, enrolled_at) VALUES (?, ?, ?, ?)')
        .run(device.id, device.publicKey, device.hostname, device.enrolledAt);
    });
  }

  findById(id: string): Promise<DeviceRecord | null> {
    return this.ctx.run(() => {
      const row = this.ctx.statement('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
      return row === undefined ? null : toDevice(row);
    });
  }

  revoke(id: string, now: number): Promise<boolean> {
    return this.ctx.run(
      () => this.ctx.statement('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes === 1,
    );
  }

  touch(id: string, now: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx.statement('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(now, id);
    });
  }

  list(): Promise<DeviceRecord[]> {
    return this.ctx.run(() =>
      (this.ctx.statement('SELECT * FROM devices ORDER BY enrolled_at').all() as DeviceRow[]).map(toDevice),
    );
  }
}

interface TokenRow {
  id: string;
  token_hash: string;
  label: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_device_id: string | null;
}

export class SqliteEnrollmentTokenRepository implements EnrollmentTokenRepository {
  constructor(private readonly ctx: SqliteContext) {}

  insert(token: Pick<EnrollmentTokenRecord, 'id' | 'tokenHash' | 'label' | 'createdAt' | 'expiresAt'>): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement('INSERT INTO enrollment_tokens (id, token_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
        .run(token.id, token.tokenHash, token.label, token.createdAt, token.expiresAt);
    });
  }

  findByHash(tokenHash: string): Promise<EnrollmentTokenRecord | null> {
    return this.ctx.run(() => {
      const row = this.ctx.statement('SELECT * FROM enrollment_tokens WHERE token_hash = ?').get(tokenHash) as TokenRow | undefined;
      if (row === undefined) return null;
      return {
        id: row.id,
        tokenHash: row.token_hash,
        label: row.label,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        usedByDeviceId: row.used_by_device_id,
      };
    });
  }

  consume(tokenHash: string, deviceId: string, now: number): Promise<boolean> {
    return this.ctx.run(
      () =>
        this.ctx
          .statement(
            `UPDATE enrollment_tokens SET used_at = ?, used_by_device_id = ?
             WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
          )
          .run(now, deviceId, tokenHash, now).changes === 1,
    );
  }
}

export class SqliteDeviceNonceRepository implements DeviceNonceRepository {
  constructor(private readonly ctx: SqliteContext) {}

  remember(deviceId: string, nonce: string, expiresAt: number): Promise<boolean> {
    return this.ctx.run(
      () =>
        this.ctx
          .statement('INSERT INTO device_nonces (device_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
          .run(deviceId, nonce, expiresAt).changes === 1,
    );
  }

  purgeExpired(now: number): Promise<number> {
    return this.ctx.run(() => this.ctx.statement('DELETE FROM device_nonces WHERE expires_at <= ?').run(now).changes);
  }
}
