// SQLite implementations of the accounts repositories (tables from migration 002).

import type {
  AccountRepositories,
  LoginFailureRepository,
  PasswordRepository,
  RecoveryTokenRecord,
  RecoveryTokenRepository,
  StoredPassword,
} from '../accounts-types';
import type { SqliteContext } from './context';
import { SqliteOutboxRepository } from './outbox-repository';

export class SqlitePasswordRepository implements PasswordRepository {
  constructor(private readonly ctx: SqliteContext) {}

  recent(staffId: string, limit: number): Promise<StoredPassword[]> {
    return this.ctx.run(() => {
      const rows = this.ctx
        .statement('SELECT hash, created_at FROM internet_passwords WHERE staff_id = ? ORDER BY id DESC LIMIT ?')
        .all(staffId, limit) as { hash: string; created_at: number }[];
      return rows.map((r) => ({ hash: r.hash, createdAt: r.created_at }));
    });
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

export class SqliteLoginFailureRepository implements LoginFailureRepository {
  constructor(private readonly ctx: SqliteContext) {}

  record(staffId: string, at: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx.statement('INSERT INTO password_login_failures (staff_id, at) VALUES (?, ?)').run(staffId, at);
    });
  }

  countSince(staffId: string, since: number): Promise<number> {
    return this.ctx.run(() => {
      const row = this.ctx
        .statement('SELECT COUNT(*) AS n FROM password_login_failures WHERE staff_id = ? AND at > ?')
        .get(staffId, since) as { n: number };
      return row.n;
    });
  }

  clear(staffId: string): Promise<void> {
    return this.ctx.run(() => {
      this.ctx.statement('DELETE FROM password_login_failures WHERE staff_id = ?').run(staffId);
    });
  }

  purgeBefore(before: number): Promise<number> {
    return this.ctx.run(() => this.ctx.statement('DELETE FROM password_login_failures WHERE at <= ?').run(before).changes);
  }
}

interface TokenRow {
  id: number;
  token_hash: string;
  staff_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export class SqliteRecoveryTokenRepository implements RecoveryTokenRepository {
  constructor(private readonly ctx: SqliteContext) {}

  insert(token: Pick<RecoveryTokenRecord, 'tokenHash' | 'staffId' | 'createdAt' | 'expiresAt'>): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement('INSERT INTO recovery_tokens (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(token.tokenHash, token.staffId, token.createdAt, token.expiresAt);
    });
  }

  findUsable(tokenHash: string, now: number): Promise<RecoveryTokenRecord | null> {
    return this.ctx.run(() => {
      const row = this.ctx
        .statement('SELECT * FROM recovery_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?')
        .get(tokenHash, now) as TokenRow | undefined;
      return row === undefined
        ? null
        : {
            id: row.id,
            tokenHash: row.token_hash,
            staffId: row.staff_id,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
            usedAt: row.used_at,
          };
    });
  }

  consume(tokenHash: string, now: number): Promise<string | null> {
    return this.ctx.run(() => {
      const row = this.ctx
        .statement(
          `UPDATE recovery_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
           RETURNING staff_id`,
        )
        .get(now, tokenHash, now) as { staff_id: string } | undefined;
      return row?.staff_id ?? null;
    });
  }

  endAllForStaff(staffId: string, now: number): Promise<number> {
    return this.ctx.run(
      () => this.ctx.statement('UPDATE recovery_tokens SET used_at = ? WHERE staff_id = ? AND used_at IS NULL').run(now, staffId).changes,
    );
  }

  purgeEnded(before: number): Promise<number> {
    return this.ctx.run(
      () => this.ctx.statement('DELETE FROM recovery_tokens WHERE used_at <= ? OR expires_at <= ?').run(before, before).changes,
    );
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
