// SQLite implementation of the mail outbox (table from migration 002).

import { EXPIRED_UNSENT, type MailKind, type OutboxEntry, type OutboxMail, type OutboxRepository, type OutboxStatus } from '../../mail/outbox';
import type { SqliteContext } from './context';

interface EntryRow {
  id: number;
  kind: MailKind;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  message_id: string;
  attempts: number;
  discard_after: number | null;
}

interface StatusRow {
  id: number;
  kind: MailKind;
  to_address: string;
  attempts: number;
  sent_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}

export class SqliteOutboxRepository implements OutboxRepository {
  constructor(private readonly ctx: SqliteContext) {}

  enqueue(mail: OutboxMail, now: number): Promise<number> {
    return this.ctx.run(() => {
      const result = this.ctx
        .statement(
          `INSERT INTO outbox (kind, to_address, subject, text_body, html_body, message_id, created_at, discard_after, next_attempt_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(mail.kind, mail.to, mail.subject, mail.text, mail.html, mail.messageId, now, mail.discardAfter ?? null, now);
      return Number(result.lastInsertRowid);
    });
  }

  claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    return this.ctx.run(() => {
      // One synchronous SQLite transaction: select and lease together.
      const rows = this.ctx.db.transaction(() => {
        const due = this.ctx
          .statement(
            `SELECT id, kind, to_address, subject, text_body, html_body, message_id, attempts, discard_after
               FROM outbox
              WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
                AND (claimed_until IS NULL OR claimed_until <= ?)
              ORDER BY id LIMIT ?`,
          )
          .all(now, now, limit) as EntryRow[];
        const lease = this.ctx.statement('UPDATE outbox SET claimed_until = ? WHERE id = ?');
        for (const row of due) lease.run(now + leaseMs, row.id);
        return due;
      })();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body ?? '',
        html: r.html_body ?? '',
        messageId: r.message_id,
        attempts: r.attempts,
        discardAfter: r.discard_after,
      }));
    });
  }

  markSent(id: number, now: number): Promise<void> {
    return this.ctx.run(() => {
      this.ctx
        .statement(
          `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = NULL,
                  text_body = NULL, html_body = NULL
            WHERE id = ? AND sent_at IS NULL`,
        )
        .run(now, id);
    });
  }

  markAttemptFailed(id: number, now: number, error: string, nextAttemptAt: number | null): Promise<void> {
    return this.ctx.run(() => {
      if (nextAttemptAt === null) {
        this.ctx
          .statement(
            `UPDATE outbox SET failed_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = ?,
                    text_body = NULL, html_body = NULL
              WHERE id = ? AND sent_at IS NULL`,
          )
          .run(now, error, id);
      } else {
        this.ctx
          .statement(
            `UPDATE outbox SET attempts = attempts + 1, claimed_until = NULL, last_error = ?, next_attempt_at = ?
              WHERE id = ? AND sent_at IS NULL`,
          )
          .run(error, nextAttemptAt, id);
      }
    });
  }

  discardExpired(now: number): Promise<number> {
    return this.ctx.run(
      () =>
        this.ctx
          .statement(
            `UPDATE outbox SET failed_at = ?, last_error = ?, text_body = NULL, html_body = NULL
              WHERE sent_at IS NULL AND failed_at IS NULL AND discard_after <= ?
                AND (claimed_until IS NULL OR claimed_until <= ?)`,
          )
          .run(now, EXPIRED_UNSENT, now, now).changes,
    );
  }

  purge(sentBefore: number, failedBefore: number): Promise<number> {
    return this.ctx.run(
      () => this.ctx.statement('DELETE FROM outbox WHERE sent_at <= ? OR failed_at <= ?').run(sentBefore, failedBefore).changes,
    );
  }

  list(): Promise<OutboxStatus[]> {
    return this.ctx.run(() => {
      const rows = this.ctx
        .statement('SELECT id, kind, to_address, attempts, sent_at, failed_at, last_error FROM outbox ORDER BY id')
        .all() as StatusRow[];
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        to: r.to_address,
        attempts: r.attempts,
        sentAt: r.sent_at,
        failedAt: r.failed_at,
        lastError: r.last_error,
      }));
    });
  }
}
