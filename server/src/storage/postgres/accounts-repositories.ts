// The accounts half in PostgreSQL: internet passwords, login failures, recovery tokens, audit and
// the mail outbox. Per-account bookkeeping locks the staff row first, so two instances counting
// one account's failures (or changing its password) take turns instead of racing.

import type {
  AccountRepositories,
  LoginFailureRepository,
  PasswordRepository,
  RecoveryTokenRecord,
  RecoveryTokenRepository,
  StoredPassword,
} from '../accounts-types';
import { EXPIRED_UNSENT, type OutboxEntry, type OutboxMail, type OutboxRepository, type OutboxStatus } from '../../mail/outbox';
import type { AuditEvent, AuditQuery, AuditRecord, AuditRepository } from '../types';
import { AUDIT_COLUMNS, OUTBOX_ENTRY_COLUMNS, OUTBOX_STATUS_COLUMNS, RECOVERY_TOKEN_COLUMNS } from '../columns';
import { auditDetails, auditValues } from '../record-values';
import type { PgContext } from './context';

/** Holds the staff row until the surrounding transaction ends (a no-op lock outside one). */
const LOCK_STAFF = 'SELECT 1 FROM staff WHERE id = $1 FOR UPDATE';

export class PgPasswordRepository implements PasswordRepository {
  constructor(private readonly ctx: PgContext) {}

  recent(staffId: string, limit: number): Promise<StoredPassword[]> {
    return this.ctx.rows<StoredPassword>(
      'SELECT hash, created_at AS "createdAt" FROM internet_passwords WHERE staff_id = $1 ORDER BY id DESC LIMIT $2',
      [staffId, limit],
    );
  }

  add(staffId: string, hash: string, now: number, keep: number): Promise<void> {
    return this.ctx.atomic(async (tx) => {
      await tx.count(LOCK_STAFF, [staffId]);
      await tx.count('INSERT INTO internet_passwords (staff_id, hash, created_at) VALUES ($1, $2, $3)', [staffId, hash, now]);
      // Older hashes than the history needs are deleted, not kept for ever.
      await tx.count(
        `DELETE FROM internet_passwords WHERE staff_id = $1 AND id NOT IN
           (SELECT id FROM internet_passwords WHERE staff_id = $1 ORDER BY id DESC LIMIT $2)`,
        [staffId, keep],
      );
    });
  }
}

export class PgLoginFailureRepository implements LoginFailureRepository {
  constructor(private readonly ctx: PgContext) {}

  async record(staffId: string, at: number): Promise<void> {
    // Locking the staff row makes "record, then count" one step per account across instances:
    // five concurrent wrong passwords at two gateways still lock the account on the fifth.
    await this.ctx.count(
      `WITH locked AS (SELECT id FROM staff WHERE id = $1 FOR UPDATE)
       INSERT INTO password_login_failures (staff_id, at) SELECT $1, $2 FROM locked`,
      [staffId, at],
    );
  }

  async countSince(staffId: string, since: number): Promise<number> {
    const rows = await this.ctx.rows<{ n: number }>(
      'SELECT COUNT(*) AS n FROM password_login_failures WHERE staff_id = $1 AND at > $2',
      [staffId, since],
    );
    return rows[0]?.n ?? 0;
  }

  async clear(staffId: string): Promise<void> {
    await this.ctx.count('DELETE FROM password_login_failures WHERE staff_id = $1', [staffId]);
  }

  purgeBefore(before: number): Promise<number> {
    return this.ctx.count('DELETE FROM password_login_failures WHERE at <= $1', [before]);
  }
}

export class PgRecoveryTokenRepository implements RecoveryTokenRepository {
  constructor(private readonly ctx: PgContext) {}

  async insert(token: Pick<RecoveryTokenRecord, 'tokenHash' | 'staffId' | 'createdAt' | 'expiresAt'>): Promise<void> {
    await this.ctx.count('INSERT INTO recovery_tokens (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      token.tokenHash,
      token.staffId,
      token.createdAt,
      token.expiresAt,
    ]);
  }

  async findUsable(tokenHash: string, now: number): Promise<RecoveryTokenRecord | null> {
    const rows = await this.ctx.rows<RecoveryTokenRecord>(
      `SELECT ${RECOVERY_TOKEN_COLUMNS} FROM recovery_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  async consume(tokenHash: string, now: number): Promise<string | null> {
    const rows = await this.ctx.rows<{ staffId: string }>(
      `UPDATE recovery_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
       RETURNING staff_id AS "staffId"`,
      [now, tokenHash],
    );
    return rows[0]?.staffId ?? null;
  }

  endAllForStaff(staffId: string, now: number): Promise<number> {
    return this.ctx.count('UPDATE recovery_tokens SET used_at = $1 WHERE staff_id = $2 AND used_at IS NULL', [now, staffId]);
  }

  purgeEnded(before: number): Promise<number> {
    return this.ctx.count('DELETE FROM recovery_tokens WHERE used_at <= $1 OR expires_at <= $1', [before]);
  }
}

export class PgAuditRepository implements AuditRepository {
  constructor(private readonly ctx: PgContext) {}

  async append(event: AuditEvent): Promise<number> {
    const rows = await this.ctx.rows<{ id: number }>(
      `INSERT INTO audit (at, event, outcome, reason, staff_id, device_id, source_address, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      auditValues(event),
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('audit insert returned no id');
    return id;
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const rows = await this.ctx.rows<Omit<AuditRecord, 'details'> & { details: string | null }>(
      `SELECT ${AUDIT_COLUMNS} FROM audit WHERE at >= $1 AND at <= $2 AND id > $3 ORDER BY id LIMIT $4`,
      [query.since ?? 0, query.until ?? Number.MAX_SAFE_INTEGER, query.afterId ?? 0, query.limit ?? 10_000],
    );
    return rows.map((row) => ({
      ...row,
      details: auditDetails(row.details),
    }));
  }
}

type EntryRow = Omit<OutboxEntry, 'text' | 'html'> & { text: string | null; html: string | null };

export class PgOutboxRepository implements OutboxRepository {
  constructor(private readonly ctx: PgContext) {}

  async enqueue(mail: OutboxMail, now: number): Promise<number> {
    const rows = await this.ctx.rows<{ id: number }>(
      `INSERT INTO outbox (kind, to_address, subject, text_body, html_body, message_id, created_at, discard_after, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id`,
      [mail.kind, mail.to, mail.subject, mail.text, mail.html, mail.messageId, now, mail.discardAfter ?? null],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('outbox insert returned no id');
    return id;
  }

  async claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    // One statement: pick due rows no other worker holds (SKIP LOCKED passes over rows another
    // instance is leasing this very moment instead of waiting for them) and lease them.
    const rows = await this.ctx.rows<EntryRow>(
      `UPDATE outbox SET claimed_until = $2
        WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                        AND (claimed_until IS NULL OR claimed_until <= $1)
                      ORDER BY id LIMIT $3
                      FOR UPDATE SKIP LOCKED)
       RETURNING ${OUTBOX_ENTRY_COLUMNS}`,
      [now, now + leaseMs, limit],
    );
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({ ...r, text: r.text ?? '', html: r.html ?? '' }));
  }

  async markSent(id: number, now: number): Promise<void> {
    await this.ctx.count(
      `UPDATE outbox SET sent_at = $1, attempts = attempts + 1, claimed_until = NULL, last_error = NULL,
              text_body = NULL, html_body = NULL
        WHERE id = $2 AND sent_at IS NULL`,
      [now, id],
    );
  }

  async markAttemptFailed(id: number, now: number, error: string, nextAttemptAt: number | null): Promise<void> {
    if (nextAttemptAt === null) {
      await this.ctx.count(
        `UPDATE outbox SET failed_at = $1, attempts = attempts + 1, claimed_until = NULL, last_error = $2,
                text_body = NULL, html_body = NULL
          WHERE id = $3 AND sent_at IS NULL`,
        [now, error, id],
      );
    } else {
      await this.ctx.count(
        `UPDATE outbox SET attempts = attempts + 1, claimed_until = NULL, last_error = $1, next_attempt_at = $2
          WHERE id = $3 AND sent_at IS NULL`,
        [error, nextAttemptAt, id],
      );
    }
  }

  discardExpired(now: number): Promise<number> {
    // A row a worker is leasing right now is left to that worker (it checks discardAfter itself).
    return this.ctx.count(
      `UPDATE outbox SET failed_at = $1, last_error = $2, text_body = NULL, html_body = NULL
        WHERE sent_at IS NULL AND failed_at IS NULL AND discard_after <= $1
          AND (claimed_until IS NULL OR claimed_until <= $1)`,
      [now, EXPIRED_UNSENT],
    );
  }

  purge(sentBefore: number, failedBefore: number): Promise<number> {
    return this.ctx.count('DELETE FROM outbox WHERE sent_at <= $1 OR failed_at <= $2', [sentBefore, failedBefore]);
  }

  list(): Promise<OutboxStatus[]> {
    return this.ctx.rows<OutboxStatus>(
      `SELECT ${OUTBOX_STATUS_COLUMNS} FROM outbox ORDER BY id`,
    );
  }
}

export function pgAccountRepositories(ctx: PgContext): AccountRepositories {
  return {
    passwords: new PgPasswordRepository(ctx),
    loginFailures: new PgLoginFailureRepository(ctx),
    recoveryTokens: new PgRecoveryTokenRepository(ctx),
    outbox: new PgOutboxRepository(ctx),
  };
}
