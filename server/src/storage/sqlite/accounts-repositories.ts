// SQLite implementations of the accounts repositories (tables from migration 002).

import type {
  AccountRepositories,
  LoginFailureRepository,
  PasswordRepository,
  RecoveryTokenRecord,
  RecoveryTokenRepository,
  StoredPassword,
} from '../accounts-types';
import { RECOVERY_TOKEN_COLUMNS } from '../columns';
import type { SqliteContext } from './context';
import { SqliteOutboxRepository } from './outbox-repository';
import { SqliteRepository } from './repository';

export class SqlitePasswordRepository extends SqliteRepository implements PasswordRepository {
  recent(staffId: string, limit: number): Promise<StoredPassword[]> {
    return this.all<StoredPassword>(
      'SELECT hash, created_at AS "createdAt" FROM internet_passwords WHERE staff_id = ? ORDER BY id DESC LIMIT ?',
      staffId,
      limit,
    );
  }

  add(staffId: string, hash: string, now: number, keep: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx.db.transaction(() => {
        this.ctx.statement('INSERT INTO internet_passwords (staff_id, hash, created_at) VALUES (?, ?, ?)').run(staffId, hash, now);
        // Older hashes than the history needs are deleted, not kept for ever.
        this.ctx
          .statement(
            `DELETE FROM internet_passwords WHERE staff_id = ? AND id NOT IN
               (SELECT id FROM internet_passwords WHERE staff_id = ? ORDER BY id DESC LIMIT ?)`,
          )
          .run(staffId, staffId, keep);
      })();
    });
  }
}

export class SqliteLoginFailureRepository extends SqliteRepository implements LoginFailureRepository {
  record(staffId: string, at: number): Promise<void> {
    return this.exec('INSERT INTO password_login_failures (staff_id, at) VALUES (?, ?)', staffId, at);
  }

  async countSince(staffId: string, since: number): Promise<number> {
    const row = await this.one<{ n: number }>('SELECT COUNT(*) AS n FROM password_login_failures WHERE staff_id = ? AND at > ?', staffId, since);
    return row?.n ?? 0;
  }

  clear(staffId: string): Promise<void> {
    return this.exec('DELETE FROM password_login_failures WHERE staff_id = ?', staffId);
  }

  purgeBefore(before: number): Promise<number> {
    return this.changes('DELETE FROM password_login_failures WHERE at <= ?', before);
  }
}

export class SqliteRecoveryTokenRepository extends SqliteRepository implements RecoveryTokenRepository {
  insert(token: Pick<RecoveryTokenRecord, 'tokenHash' | 'staffId' | 'createdAt' | 'expiresAt'>): Promise<void> {
    return this.exec(
      'INSERT INTO recovery_tokens (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      token.tokenHash,
      token.staffId,
      token.createdAt,
      token.expiresAt,
    );
  }

  findUsable(tokenHash: string, now: number): Promise<RecoveryTokenRecord | null> {
    return this.one<RecoveryTokenRecord>(
      `SELECT ${RECOVERY_TOKEN_COLUMNS} FROM recovery_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
      tokenHash,
      now,
    );
  }

  async consume(tokenHash: string, now: number): Promise<string | null> {
    const row = await this.one<{ staffId: string }>(
      `UPDATE recovery_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
       RETURNING staff_id AS "staffId"`,
      now,
      tokenHash,
      now,
    );
    return row?.staffId ?? null;
  }

  endAllForStaff(staffId: string, now: number): Promise<number> {
    return this.changes('UPDATE recovery_tokens SET used_at = ? WHERE staff_id = ? AND used_at IS NULL', now, staffId);
  }

  purgeEnded(before: number): Promise<number> {
    return this.changes('DELETE FROM recovery_tokens WHERE used_at <= ? OR expires_at <= ?', before, before);
  }
}

export function sqliteAccountRepositories(ctx: SqliteContext): AccountRepositories {
  return {
    passwords: new SqlitePasswordRepository(ctx),
    loginFailures: new SqliteLoginFailureRepository(ctx),
    recoveryTokens: new SqliteRecoveryTokenRepository(ctx),
    outbox: new SqliteOutboxRepository(ctx),
  };
}
